package dev.signet.workflow;

import dev.signet.portal.EnvelopeRoutes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.IntermediateThrowEvent;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.Task;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnLabel;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.springframework.stereotype.Component;

/**
 * The portal's view of an envelope's route: the deployed models' diagrams (BPMN DI, read through
 * the engine's model API, once per process definition) and where the envelope's process and each
 * recipient's stand, from the engine's history (audit level: every activity instance) and, for a
 * running instance, its active activities (an activity waiting for its asynchronous job has no
 * history yet). Processes are found by business key, the ids the models hand over; no variable is read.
 */
@Component
class PortalRoutes implements EnvelopeRoutes {

    /** Activity instances read per process: a recipient loops through reminders and new links, never this far. */
    static final int MAX_ACTIVITIES = 1000;

    /** Diagrams kept; each definition is immutable, and there are a few per deployment of the models. */
    private static final int MAX_DIAGRAMS = 32;

    private static final String MULTI_INSTANCE = "#multiInstanceBody";

    private final HistoryService history;
    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final Map<String, Diagram> diagrams = new ConcurrentHashMap<>();

    PortalRoutes(HistoryService history, RuntimeService runtime, RepositoryService repository) {
        this.history = history;
        this.runtime = runtime;
        this.repository = repository;
    }

    @Override
    public Optional<Route> route(UUID envelopeId, List<UUID> recipientIds) {
        HistoricProcessInstance envelope = latest(history.createHistoricProcessInstanceQuery()
                        .processDefinitionKey(Processes.Envelope.KEY)
                        .processInstanceBusinessKey(envelopeId.toString())
                        .list())
                .get(envelopeId.toString());
        if (envelope == null) {
            return Optional.empty();
        }
        Map<String, HistoricProcessInstance> recipients = recipientIds.isEmpty()
                ? Map.of()
                : latest(history.createHistoricProcessInstanceQuery()
                        .processDefinitionKey(Processes.Recipient.KEY)
                        .processInstanceBusinessKeyIn(
                                recipientIds.stream().map(UUID::toString).toArray(String[]::new))
                        .list());
        Map<UUID, Position> positions = new LinkedHashMap<>();
        String recipientDefinition = null;
        for (UUID id : recipientIds) {
            HistoricProcessInstance instance = recipients.get(id.toString());
            if (instance != null) {
                positions.put(id, position(instance));
                recipientDefinition = instance.getProcessDefinitionId();
            }
        }
        if (recipientDefinition == null) {
            ProcessDefinition latest = repository
                    .createProcessDefinitionQuery()
                    .processDefinitionKey(Processes.Recipient.KEY)
                    .latestVersion()
                    .singleResult();
            recipientDefinition = latest == null ? null : latest.getId();
        }
        return Optional.of(new Route(
                diagram(envelope.getProcessDefinitionId()),
                position(envelope),
                Optional.ofNullable(recipientDefinition).map(this::diagram),
                positions));
    }

    /** Per business key, the instance started last (a corrected witness's process starts again). */
    private static Map<String, HistoricProcessInstance> latest(List<HistoricProcessInstance> instances) {
        Map<String, HistoricProcessInstance> latest = new LinkedHashMap<>();
        for (HistoricProcessInstance instance : instances) {
            latest.merge(
                    instance.getBusinessKey(),
                    instance,
                    (a, b) -> a.getStartTime().after(b.getStartTime()) ? a : b);
        }
        return latest;
    }

    private Position position(HistoricProcessInstance instance) {
        Set<String> current = new HashSet<>();
        Set<String> done = new HashSet<>();
        List<HistoricActivityInstance> activities = history.createHistoricActivityInstanceQuery()
                .processInstanceId(instance.getId())
                .listPage(0, MAX_ACTIVITIES);
        for (HistoricActivityInstance activity : activities) {
            String id = elementId(activity.getActivityId());
            if (activity.getEndTime() == null) {
                current.add(id);
            } else if (!activity.isCanceled()) {
                done.add(id);
            }
        }
        boolean ended = instance.getEndTime() != null;
        if (ended) {
            current.clear();
        } else {
            try {
                runtime.getActiveActivityIds(instance.getId()).forEach(id -> current.add(elementId(id)));
            } catch (ProcessEngineException endedMeanwhile) {
                // The instance ended between the two reads; the history read first is its position.
            }
        }
        return new Position(current, done, ended);
    }

    private static String elementId(String activityId) {
        return activityId.endsWith(MULTI_INSTANCE)
                ? activityId.substring(0, activityId.length() - MULTI_INSTANCE.length())
                : activityId;
    }

    private Diagram diagram(String processDefinitionId) {
        Diagram known = diagrams.get(processDefinitionId);
        if (known != null) {
            return known;
        }
        if (diagrams.size() >= MAX_DIAGRAMS) {
            diagrams.clear();
        }
        Diagram read = read(repository.getBpmnModelInstance(processDefinitionId));
        diagrams.put(processDefinitionId, read);
        return read;
    }

    static Diagram read(BpmnModelInstance model) {
        List<Shape> containers = new ArrayList<>();
        List<Shape> nodes = new ArrayList<>();
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            BaseElement element = shape.getBpmnElement();
            Kind kind = element == null ? null : kind(element);
            if (kind == null || shape.getBounds() == null) {
                continue;
            }
            Shape drawn = new Shape(
                    element.getId(), kind, name(element), box(shape.getBounds()), label(shape.getBpmnLabel()));
            (kind == Kind.SUB_PROCESS || kind == Kind.EVENT_SUB_PROCESS ? containers : nodes).add(drawn);
        }
        List<Edge> edges = new ArrayList<>();
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            if (edge.getBpmnElement() instanceof SequenceFlow flow
                    && !edge.getWaypoints().isEmpty()) {
                edges.add(new Edge(
                        flow.getId(),
                        flow.getName(),
                        edge.getWaypoints().stream()
                                .map(w -> new Point(w.getX(), w.getY()))
                                .toList(),
                        label(edge.getBpmnLabel())));
            }
        }
        List<Shape> shapes = new ArrayList<>(containers);
        shapes.addAll(nodes);
        String name = model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class).stream()
                .map(p -> p.getName() == null ? p.getId() : p.getName())
                .findFirst()
                .orElse("");
        return new Diagram(name, shapes, edges);
    }

    private static Kind kind(BaseElement element) {
        if (element instanceof SubProcess sub) {
            return sub.triggeredByEvent() ? Kind.EVENT_SUB_PROCESS : Kind.SUB_PROCESS;
        }
        if (element instanceof CallActivity) {
            return Kind.CALL_ACTIVITY;
        }
        if (element instanceof Task) {
            return Kind.TASK;
        }
        if (element instanceof StartEvent) {
            return Kind.START_EVENT;
        }
        if (element instanceof EndEvent) {
            return Kind.END_EVENT;
        }
        if (element instanceof BoundaryEvent) {
            return Kind.BOUNDARY_EVENT;
        }
        if (element instanceof IntermediateCatchEvent || element instanceof IntermediateThrowEvent) {
            return Kind.INTERMEDIATE_EVENT;
        }
        return element instanceof Gateway ? Kind.GATEWAY : null;
    }

    private static String name(BaseElement element) {
        return element instanceof FlowElement flow && flow.getName() != null ? flow.getName() : "";
    }

    private static Box box(Bounds b) {
        return new Box(b.getX(), b.getY(), b.getWidth(), b.getHeight());
    }

    private static Box label(BpmnLabel label) {
        return label == null || label.getBounds() == null ? null : box(label.getBounds());
    }
}
