package dev.signet.portal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Where an envelope stands in its route, as the processes that run it say: the envelope's BPMN
 * diagram and the recipient model's, as deployed (shapes and edges with their bounds), and which
 * elements each process is at and has passed. The portal draws it; {@code workflow}, which owns the
 * engine, answers (nothing may import {@code workflow}). Only element ids and the models' own names
 * cross here, never a process variable.
 */
public interface EnvelopeRoutes {

    /**
     * The route of the envelope and of the recipients named (by id, the business key of their
     * processes); empty when the engine knows no process of the envelope (its history was removed).
     * A recipient whose process has not started is missing from {@link Route#recipients()}.
     */
    Optional<Route> route(UUID envelopeId, List<UUID> recipientIds);

    /** The envelope model with the envelope process's position; the recipient model with each recipient's. */
    record Route(
            Diagram envelope, Position envelopePosition, Optional<Diagram> recipient, Map<UUID, Position> recipients) {
        public Route {
            recipients = Map.copyOf(recipients);
        }
    }

    /** A deployed model's diagram: its process name and every shape and edge its BPMN DI draws. */
    record Diagram(String processName, List<Shape> shapes, List<Edge> edges) {
        public Diagram {
            shapes = List.copyOf(shapes);
            edges = List.copyOf(edges);
        }
    }

    /** How a shape is drawn. */
    enum Kind {
        TASK,
        CALL_ACTIVITY,
        SUB_PROCESS,
        EVENT_SUB_PROCESS,
        START_EVENT,
        END_EVENT,
        BOUNDARY_EVENT,
        INTERMEDIATE_EVENT,
        GATEWAY
    }

    /** One element's shape; {@code label} is where the model puts its name, null when it does not say. */
    record Shape(String elementId, Kind kind, String name, Box bounds, Box label) {}

    /** A sequence flow's line, its waypoints in order. */
    record Edge(String elementId, String name, List<Point> waypoints, Box label) {
        public Edge {
            waypoints = List.copyOf(waypoints);
        }
    }

    record Box(double x, double y, double width, double height) {}

    record Point(double x, double y) {}

    /**
     * One process's place: the elements it is at now, those it has completed, and whether it has ended.
     * Ids are the models' element ids.
     */
    record Position(Set<String> current, Set<String> done, boolean ended) {
        public Position {
            current = Set.copyOf(current);
            done = Set.copyOf(done);
        }
    }
}
