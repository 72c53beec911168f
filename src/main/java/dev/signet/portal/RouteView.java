package dev.signet.portal;

import dev.signet.account.Secrets;
import dev.signet.envelope.Envelope;
import dev.signet.envelope.Recipient;
import dev.signet.envelope.RecipientType;
import dev.signet.portal.EnvelopeRoutes.Diagram;
import dev.signet.portal.EnvelopeRoutes.Edge;
import dev.signet.portal.EnvelopeRoutes.Kind;
import dev.signet.portal.EnvelopeRoutes.Position;
import dev.signet.portal.EnvelopeRoutes.Route;
import dev.signet.portal.EnvelopeRoutes.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What the envelope page shows of the route, and what its script polls: the two diagrams as SVG,
 * the same positions as text (the diagram is never the only way to read them), and a version that
 * changes whenever a position or the status does. Recipients are numbered in the envelope's order,
 * CC recipients (who have no process) left out; the number is the badge on the diagram.
 */
final class RouteView {

    private final Envelope envelope;
    private final List<Recipient> numbered;
    private final Optional<Route> route;

    private RouteView(Envelope envelope, List<Recipient> recipients, Optional<Route> route) {
        this.envelope = envelope;
        this.numbered =
                recipients.stream().filter(r -> r.type() != RecipientType.CC).toList();
        this.route = route;
    }

    static RouteView of(Envelope envelope, List<Recipient> recipients, EnvelopeRoutes routes) {
        List<UUID> ids = recipients.stream()
                .filter(r -> r.type() != RecipientType.CC)
                .map(Recipient::id)
                .toList();
        return new RouteView(envelope, recipients, routes.route(envelope.id(), ids));
    }

    /** The recipient's number on the page and the diagram; 0 for a CC. */
    int number(Recipient recipient) {
        return numbered.indexOf(recipient) + 1;
    }

    /** Message texts by key and arguments, in the page's language. */
    interface Texts {
        String text(String key, Object... args);

        /**
         * A name the models give (a step, an event, a flow's label, a process) in the page's language:
         * its text under {@code portal.route.<the name>}, else the name as the model says it. Keyed by
         * the name, not the element id: an element an analyst adds or renames in Modeler shows as they
         * named it until it is translated, never under an old translation.
         */
        default String element(String modelName) {
            if (modelName == null || modelName.isBlank()) {
                return modelName;
            }
            String key = "portal.route." + modelName;
            String text = text(key);
            return text == null || text.equals(key) ? modelName : text;
        }

        /** "Signer, group 1", "Witness", "CC": a recipient's kind as the page says it. */
        default String type(RecipientType type, Integer group) {
            String key = "portal.track.type." + type.name();
            return group == null ? text(key) : text(key + ".group", group);
        }
    }

    /** The model attributes of the route fragment. */
    Map<String, Object> model(Texts texts) {
        Map<String, Object> model = new HashMap<>();
        model.put("routeVersion", version());
        model.put("routeSettled", settled());
        model.put("routeKnown", route.isPresent());
        model.put("status", envelope.status().name());
        if (route.isEmpty()) {
            return model;
        }
        Route r = localised(route.get(), texts);
        Position envelopePosition = r.envelopePosition();
        model.put(
                "envelopeSvg",
                RouteSvg.render(
                        "route-envelope",
                        r.envelope().processName(),
                        r.envelope(),
                        envelopePosition.current(),
                        envelopePosition.done(),
                        Map.of()));
        model.put("envelopeProcess", r.envelope().processName());
        model.put("envelopeSteps", names(r.envelope(), envelopePosition.current()));
        model.put("envelopeEnded", envelopePosition.ended());
        model.put("envelopeEnd", ends(r.envelope(), envelopePosition));
        r.recipient().ifPresent(diagram -> {
            Set<String> current = new HashSet<>();
            Set<String> done = new HashSet<>();
            Map<String, List<Integer>> badges = new LinkedHashMap<>();
            for (Recipient recipient : numbered) {
                Position p = r.recipients().get(recipient.id());
                if (p != null) {
                    current.addAll(p.current());
                    for (String element : new TreeSet<>(p.current())) {
                        badges.computeIfAbsent(element, e -> new ArrayList<>()).add(number(recipient));
                    }
                }
            }
            model.put(
                    "recipientSvg",
                    RouteSvg.render("route-recipient", diagram.processName(), diagram, current, done, badges));
            model.put("recipientProcess", diagram.processName());
        });
        List<Map<String, Object>> people = new ArrayList<>();
        for (Recipient recipient : numbered) {
            Position p = r.recipients().get(recipient.id());
            Map<String, Object> person = new HashMap<>();
            person.put("number", number(recipient));
            person.put("name", recipient.name());
            person.put("type", texts.type(recipient.type(), recipient.signGroup()));
            Diagram diagram = r.recipient().orElse(r.envelope());
            if (p == null) {
                person.put("state", "waiting");
                person.put("where", texts.text("portal.track.route.waiting"));
            } else if (p.ended()) {
                person.put("state", "ended");
                person.put("where", texts.text("portal.track.route.ended", ends(diagram, p)));
            } else {
                person.put("state", "at");
                person.put("where", texts.text("portal.track.route.at", names(diagram, p.current())));
            }
            people.add(person);
        }
        model.put("people", people);
        return model;
    }

    /** The route with every name its diagrams show in the page's language; ids and positions as they were. */
    private static Route localised(Route route, Texts texts) {
        return new Route(
                localised(route.envelope(), texts),
                route.envelopePosition(),
                route.recipient().map(d -> localised(d, texts)),
                route.recipients());
    }

    private static Diagram localised(Diagram diagram, Texts texts) {
        return new Diagram(
                texts.element(diagram.processName()),
                diagram.shapes().stream()
                        .map(s -> new Shape(s.elementId(), s.kind(), texts.element(s.name()), s.bounds(), s.label()))
                        .toList(),
                diagram.edges().stream()
                        .map(e -> new Edge(e.elementId(), texts.element(e.name()), e.waypoints(), e.label()))
                        .toList());
    }

    /** What the script polls: ids and numbers only, no name or address. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", version());
        json.put("status", envelope.status().name());
        json.put("settled", settled());
        route.ifPresent(r -> {
            json.put("envelope", position(r.envelopePosition()));
            List<Map<String, Object>> recipients = new ArrayList<>();
            for (Recipient recipient : numbered) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("number", number(recipient));
                Position p = r.recipients().get(recipient.id());
                one.put("started", p != null);
                if (p != null) {
                    one.putAll(position(p));
                }
                recipients.add(one);
            }
            json.put("recipients", recipients);
        });
        return json;
    }

    private static Map<String, Object> position(Position p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("current", new TreeSet<>(p.current()));
        json.put("ended", p.ended());
        return json;
    }

    /** Nothing will change any more: the envelope is final and its process, and every recipient's, ended. */
    boolean settled() {
        return envelope.status().isFinal()
                && route.map(r -> r.envelopePosition().ended()
                                && r.recipients().values().stream().allMatch(Position::ended))
                        .orElse(true);
    }

    String version() {
        StringBuilder state = new StringBuilder(envelope.status().name());
        route.ifPresent(r -> {
            state.append('|').append(new TreeSet<>(r.envelopePosition().current()));
            state.append(new TreeSet<>(r.envelopePosition().done()));
            for (Recipient recipient : numbered) {
                Position p = r.recipients().get(recipient.id());
                state.append('|').append(number(recipient));
                if (p != null) {
                    state.append(new TreeSet<>(p.current())).append(p.ended());
                }
            }
        });
        return Secrets.sha256Hex(state.toString()).substring(0, 16);
    }

    /** The names of the elements, in the diagram's order, joined for a sentence. */
    private static String names(Diagram diagram, Set<String> ids) {
        List<String> names = new ArrayList<>();
        for (Shape shape : diagram.shapes()) {
            if (ids.contains(shape.elementId())
                    && shape.kind() != Kind.SUB_PROCESS
                    && shape.kind() != Kind.EVENT_SUB_PROCESS) {
                names.add(shape.name().isBlank() ? shape.elementId() : shape.name());
            }
        }
        return String.join(", ", names);
    }

    /**
     * The end events the process passed, where it ended; not the end of an embedded sub-process (a
     * sign group's), which only ends its turn. The diagram says which is inside which: its bounds.
     */
    private static String ends(Diagram diagram, Position position) {
        List<Shape> subProcesses = diagram.shapes().stream()
                .filter(s -> s.kind() == Kind.SUB_PROCESS)
                .toList();
        List<String> names = new ArrayList<>();
        for (Shape shape : diagram.shapes()) {
            if (shape.kind() == Kind.END_EVENT
                    && position.done().contains(shape.elementId())
                    && subProcesses.stream().noneMatch(sub -> inside(shape, sub))) {
                names.add(shape.name().isBlank() ? shape.elementId() : shape.name());
            }
        }
        return String.join(", ", names);
    }

    private static boolean inside(Shape shape, Shape container) {
        EnvelopeRoutes.Box a = shape.bounds();
        EnvelopeRoutes.Box b = container.bounds();
        return a.x() >= b.x()
                && a.y() >= b.y()
                && a.x() + a.width() <= b.x() + b.width()
                && a.y() + a.height() <= b.y() + b.height();
    }
}
