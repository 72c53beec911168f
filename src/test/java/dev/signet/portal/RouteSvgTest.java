package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.portal.EnvelopeRoutes.Box;
import dev.signet.portal.EnvelopeRoutes.Diagram;
import dev.signet.portal.EnvelopeRoutes.Edge;
import dev.signet.portal.EnvelopeRoutes.Kind;
import dev.signet.portal.EnvelopeRoutes.Point;
import dev.signet.portal.EnvelopeRoutes.Shape;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The route's SVG: what is current, done and who is where, with every model text escaped. */
class RouteSvgTest {

    private static final Diagram DIAGRAM = new Diagram(
            "Recipient <signs>",
            List.of(
                    new Shape("Start", Kind.START_EVENT, "Turn", new Box(0, 0, 36, 36), null),
                    new Shape("Task_Sign", Kind.TASK, "Sign <now> & then", new Box(100, -22, 100, 80), null),
                    new Shape("End", Kind.END_EVENT, "Signed", new Box(260, 0, 36, 36), new Box(250, 40, 60, 14))),
            List.of(new Edge("Flow", "yes", List.of(new Point(36, 18), new Point(100, 18)), null)));

    @Test
    void marksCurrentAndDoneAndNumbersTheRecipientsAndEscapesEveryText() {
        String svg = RouteSvg.render(
                "route-x",
                "Title \"quoted\"",
                DIAGRAM,
                Set.of("Task_Sign"),
                Set.of("Start"),
                Map.of("Task_Sign", List.of(1, 3)));

        assertThat(svg)
                .startsWith("<svg ")
                .contains("role=\"img\"", "aria-labelledby=\"route-x-title\"")
                .contains("<title id=\"route-x-title\">Title &quot;quoted&quot;</title>")
                .contains("<g class=\"shape task current\" data-element=\"Task_Sign\">")
                .contains("<g class=\"shape start-event done\" data-element=\"Start\">")
                .contains("<g class=\"shape end-event\" data-element=\"End\">")
                .contains("Sign &lt;now&gt; &amp;")
                .doesNotContain("<now>")
                .contains(">1</text>", ">3</text>")
                .contains("marker-end=\"url(#route-x-arrow)\"")
                .endsWith("</svg>");
        assertThat(svg.indexOf("data-element=\"Flow\"")).isLessThan(svg.indexOf("data-element=\"Task_Sign\""));
    }

    /** Names centred under 36 px events at the diagram's edges ("Envelope complete") spread past them: the view holds them. */
    @Test
    void theViewHoldsANameWiderThanItsShapeAtTheDiagramsEdge() {
        Diagram diagram = new Diagram(
                "Envelope",
                List.of(
                        new Shape("Start", Kind.START_EVENT, "Envelope created", new Box(0, 0, 36, 36), null),
                        new Shape("End", Kind.END_EVENT, "Envelope complete", new Box(300, 0, 36, 36), null)),
                List.of());
        String svg = RouteSvg.render("route-e", "Envelope", diagram, Set.of(), Set.of(), Map.of());
        java.util.regex.Matcher box =
                java.util.regex.Pattern.compile("viewBox=\"(\\S+) \\S+ (\\S+) ").matcher(svg);
        assertThat(box.find()).isTrue();
        double left = Double.parseDouble(box.group(1));
        double right = left + Double.parseDouble(box.group(2));
        // 16 and 17 characters of about 6.5 px, centred on x = 18 and x = 318.
        assertThat(left).isLessThanOrEqualTo(18 - 16 * 6.5 / 2);
        assertThat(right).isGreaterThanOrEqualTo(318 + 17 * 6.5 / 2);
    }

    @Test
    void wrapsNamesIntoAtMostFourLines() {
        assertThat(RouteSvg.wrap("Each signer of the group signs", 15))
                .containsExactly("Each signer of", "the group signs");
        assertThat(RouteSvg.wrap("a b c d e f g h i j", 1))
                .hasSize(4)
                .last()
                .asString()
                .endsWith("\u2026");
    }
}
