package dev.signet.portal;

import dev.signet.portal.EnvelopeRoutes.Box;
import dev.signet.portal.EnvelopeRoutes.Diagram;
import dev.signet.portal.EnvelopeRoutes.Edge;
import dev.signet.portal.EnvelopeRoutes.Kind;
import dev.signet.portal.EnvelopeRoutes.Point;
import dev.signet.portal.EnvelopeRoutes.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.web.util.HtmlUtils;

/**
 * A BPMN diagram as inline SVG, drawn from its DI bounds: tasks, sub-processes, events, gateways
 * and sequence flows, the elements a process is at marked {@code current} (a thick blue border, and
 * for the recipient model a numbered badge per recipient there), those it passed {@code done} (green,
 * with a tick). Every text is escaped. Styles come from {@code track.css}: the page's policy allows no
 * inline style, and SVG's presentation attributes are not needed.
 */
final class RouteSvg {

    /** Drawn at this fraction of the model's own size: its 12 px names stay readable, and wide models scroll. */
    static final double SCALE = 0.8;

    private static final int PAD = 24;
    private static final int LINE = 14;
    /** About the width of a character of the names' 12 px sans-serif: a name centred under its shape spreads this far. */
    private static final double CHAR = 6.5;

    private RouteSvg() {}

    /**
     * @param current the element ids the process (or any recipient's) is at
     * @param done the element ids passed
     * @param badges per element id, the numbers of the recipients there (empty for the envelope's diagram)
     */
    static String render(
            String id,
            String title,
            Diagram diagram,
            Set<String> current,
            Set<String> done,
            Map<String, List<Integer>> badges) {
        double[] extent = extent(diagram);
        double minX = extent[0] - PAD;
        double minY = extent[1] - PAD;
        double width = extent[2] - extent[0] + 2 * PAD;
        double height = extent[3] - extent[1] + 2 * PAD;
        StringBuilder svg = new StringBuilder(16_384);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"route-diagram\" role=\"img\" id=\"")
                .append(esc(id))
                .append("\" aria-labelledby=\"")
                .append(esc(id))
                .append("-title\" viewBox=\"")
                .append(n(minX))
                .append(' ')
                .append(n(minY))
                .append(' ')
                .append(n(width))
                .append(' ')
                .append(n(height))
                .append("\" width=\"")
                .append(n(width * SCALE))
                .append("\" height=\"")
                .append(n(height * SCALE))
                .append("\"><title id=\"")
                .append(esc(id))
                .append("-title\">")
                .append(esc(title))
                .append("</title><defs><marker id=\"")
                .append(esc(id))
                .append("-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\"")
                .append(
                        " orient=\"auto-start-reverse\"><path class=\"arrow\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>");
        for (Shape shape : diagram.shapes()) {
            if (shape.kind() == Kind.SUB_PROCESS || shape.kind() == Kind.EVENT_SUB_PROCESS) {
                shape(svg, shape, current, done, List.of());
            }
        }
        for (Edge edge : diagram.edges()) {
            edge(svg, id, edge);
        }
        for (Shape shape : diagram.shapes()) {
            if (shape.kind() != Kind.SUB_PROCESS && shape.kind() != Kind.EVENT_SUB_PROCESS) {
                shape(svg, shape, current, done, badges.getOrDefault(shape.elementId(), List.of()));
            }
        }
        return svg.append("</svg>").toString();
    }

    private static void shape(
            StringBuilder svg, Shape shape, Set<String> current, Set<String> done, List<Integer> badges) {
        String state =
                current.contains(shape.elementId()) ? " current" : done.contains(shape.elementId()) ? " done" : "";
        Box b = shape.bounds();
        svg.append("<g class=\"shape ")
                .append(shape.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .append(state)
                .append("\" data-element=\"")
                .append(esc(shape.elementId()))
                .append("\">");
        switch (shape.kind()) {
            case TASK, CALL_ACTIVITY -> {
                rect(svg, b, "body");
                lines(svg, wrap(shape.name(), 15), b.x() + b.width() / 2, b.y() + b.height() / 2, true);
            }
            case SUB_PROCESS, EVENT_SUB_PROCESS -> {
                rect(svg, b, "body");
                svg.append("<text class=\"container-name\" x=\"")
                        .append(n(b.x() + 8))
                        .append("\" y=\"")
                        .append(n(b.y() + 18))
                        .append("\">")
                        .append(esc(shape.name()))
                        .append("</text>");
            }
            case GATEWAY -> {
                double cx = b.x() + b.width() / 2;
                double cy = b.y() + b.height() / 2;
                svg.append("<polygon class=\"body\" points=\"")
                        .append(n(cx))
                        .append(',')
                        .append(n(b.y()))
                        .append(' ')
                        .append(n(b.x() + b.width()))
                        .append(',')
                        .append(n(cy))
                        .append(' ')
                        .append(n(cx))
                        .append(',')
                        .append(n(b.y() + b.height()))
                        .append(' ')
                        .append(n(b.x()))
                        .append(',')
                        .append(n(cy))
                        .append("\"/>");
                outsideLabel(svg, shape);
            }
            default -> {
                double cx = b.x() + b.width() / 2;
                double cy = b.y() + b.height() / 2;
                double r = Math.min(b.width(), b.height()) / 2;
                circle(svg, cx, cy, r, "body");
                if (shape.kind() == Kind.BOUNDARY_EVENT || shape.kind() == Kind.INTERMEDIATE_EVENT) {
                    circle(svg, cx, cy, r - 4, "inner");
                }
                outsideLabel(svg, shape);
            }
        }
        if (state.equals(" done")) {
            svg.append("<text class=\"tick\" x=\"")
                    .append(n(b.x() + b.width() - 4))
                    .append("\" y=\"")
                    .append(n(b.y() + 2))
                    .append("\" aria-hidden=\"true\">\u2713</text>");
        }
        for (int i = 0; i < badges.size(); i++) {
            // Inside the shape's lower left, clear of the boundary events a task carries on its edges.
            double cx = b.x() + 13 + i * 22;
            double cy = b.y() + b.height() - 13;
            circle(svg, cx, cy, 10, "badge");
            svg.append("<text class=\"badge-number\" x=\"")
                    .append(n(cx))
                    .append("\" y=\"")
                    .append(n(cy + 4))
                    .append("\">")
                    .append(badges.get(i))
                    .append("</text>");
        }
        svg.append("</g>");
    }

    private static void edge(StringBuilder svg, String id, Edge edge) {
        svg.append("<g class=\"flow\" data-element=\"")
                .append(esc(edge.elementId()))
                .append("\"><polyline points=\"");
        for (Point p : edge.waypoints()) {
            svg.append(n(p.x())).append(',').append(n(p.y())).append(' ');
        }
        svg.append("\" marker-end=\"url(#").append(esc(id)).append("-arrow)\"/>");
        if (edge.name() != null && !edge.name().isBlank()) {
            double x;
            double y;
            if (edge.label() != null) {
                x = edge.label().x();
                y = edge.label().y() + 11;
            } else {
                Point a = edge.waypoints().get(0);
                Point b = edge.waypoints().get(Math.min(1, edge.waypoints().size() - 1));
                x = (a.x() + b.x()) / 2 + 4;
                y = (a.y() + b.y()) / 2 - 4;
            }
            svg.append("<text class=\"flow-name\" x=\"")
                    .append(n(x))
                    .append("\" y=\"")
                    .append(n(y))
                    .append("\">")
                    .append(esc(edge.name()))
                    .append("</text>");
        }
        svg.append("</g>");
    }

    private static void outsideLabel(StringBuilder svg, Shape shape) {
        if (shape.name().isBlank()) {
            return;
        }
        lines(svg, outsideLines(shape), outsideCentre(shape), outsideTop(shape), false);
    }

    /** The name of an event or gateway, drawn under it (or in its DI label box), wrapped to the box. */
    private static List<String> outsideLines(Shape shape) {
        return shape.label() != null
                ? wrap(shape.name(), Math.max(8, (int) (shape.label().width() / CHAR)))
                : wrap(shape.name(), 18);
    }

    private static double outsideCentre(Shape shape) {
        Box b = shape.label() != null ? shape.label() : shape.bounds();
        return b.x() + b.width() / 2;
    }

    private static double outsideTop(Shape shape) {
        Box b = shape.bounds();
        return shape.label() != null ? shape.label().y() + 6 : b.y() + b.height() + 8;
    }

    private static boolean labelledOutside(Shape shape) {
        return switch (shape.kind()) {
            case TASK, CALL_ACTIVITY, SUB_PROCESS, EVENT_SUB_PROCESS -> false;
            default -> !shape.name().isBlank();
        };
    }

    /** Lines of text centred on x: in the middle of y when {@code middle}, else starting below y. */
    private static void lines(StringBuilder svg, List<String> lines, double x, double y, boolean middle) {
        double first = middle ? y - (lines.size() - 1) * LINE / 2.0 + 4 : y + 10;
        svg.append("<text class=\"name\" x=\"")
                .append(n(x))
                .append("\" y=\"")
                .append(n(first))
                .append("\">");
        for (int i = 0; i < lines.size(); i++) {
            svg.append("<tspan x=\"")
                    .append(n(x))
                    .append("\" dy=\"")
                    .append(i == 0 ? "0" : Integer.toString(LINE))
                    .append("\">")
                    .append(esc(lines.get(i)))
                    .append("</tspan>");
        }
        svg.append("</text>");
    }

    /** Words into lines of at most {@code width} characters (a longer word stands alone); at most 4 lines. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        if (lines.size() > 4) {
            List<String> cut = new ArrayList<>(lines.subList(0, 4));
            cut.set(3, cut.get(3) + "\u2026");
            return cut;
        }
        return lines;
    }

    private static void rect(StringBuilder svg, Box b, String cls) {
        svg.append("<rect class=\"")
                .append(cls)
                .append("\" x=\"")
                .append(n(b.x()))
                .append("\" y=\"")
                .append(n(b.y()))
                .append("\" width=\"")
                .append(n(b.width()))
                .append("\" height=\"")
                .append(n(b.height()))
                .append("\" rx=\"10\"/>");
    }

    private static void circle(StringBuilder svg, double cx, double cy, double r, String cls) {
        svg.append("<circle class=\"")
                .append(cls)
                .append("\" cx=\"")
                .append(n(cx))
                .append("\" cy=\"")
                .append(n(cy))
                .append("\" r=\"")
                .append(n(r))
                .append("\"/>");
    }

    /** minX, minY, maxX, maxY over every shape, label and waypoint; a badge sticks out 12 above. */
    private static double[] extent(Diagram diagram) {
        double[] e = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (Shape s : diagram.shapes()) {
            include(e, s.bounds().x(), s.bounds().y() - 12);
            include(
                    e,
                    s.bounds().x() + s.bounds().width(),
                    s.bounds().y() + s.bounds().height() + 40);
            if (s.label() != null) {
                include(e, s.label().x(), s.label().y());
                include(
                        e,
                        s.label().x() + s.label().width(),
                        s.label().y() + s.label().height() + 10);
            }
        }
        for (Shape s : diagram.shapes()) {
            if (labelledOutside(s)) {
                // A centred name wider than its shape or label box ("Envelope complete" under a 36 px
                // event) reaches past both: the diagram's edge must not cut it.
                double half =
                        outsideLines(s).stream().mapToInt(String::length).max().orElse(0) * CHAR / 2;
                include(e, outsideCentre(s) - half, outsideTop(s));
                include(e, outsideCentre(s) + half, outsideTop(s));
            }
        }
        for (Edge edge : diagram.edges()) {
            edge.waypoints().forEach(p -> include(e, p.x(), p.y()));
        }
        if (e[0] > e[2]) {
            return new double[] {0, 0, 100, 100};
        }
        return e;
    }

    private static void include(double[] e, double x, double y) {
        e[0] = Math.min(e[0], x);
        e[1] = Math.min(e[1], y);
        e[2] = Math.max(e[2], x);
        e[3] = Math.max(e[3], y);
    }

    private static String n(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String esc(String text) {
        return HtmlUtils.htmlEscape(text == null ? "" : text, "UTF-8");
    }
}
