package dev.signet.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.junit.jupiter.api.Test;

/**
 * The list of paths ({@link ModelPath}) is complete: together its paths take every sequence flow of
 * every model in bpmn/ (so every gateway branch, boundary event and event sub-process), name no flow
 * a model does not have, and each is followed by an engine test. A new branch in a model fails here
 * until a path and its test are written.
 */
class ModelPathsTest {

    /** The engine tests that follow paths; a new one is added here. */
    private static final List<Class<? extends EngineTest>> PATH_TESTS = List.of(
            EnvelopeEngineTest.class,
            RecipientEngineTest.class,
            RecipientAssuranceEngineTest.class,
            RecipientWitnessEngineTest.class,
            RecipientIdvEngineTest.class,
            RecipientYotiShareEngineTest.class);

    private static Map<String, BpmnModelInstance> modelsByProcessKey() throws IOException {
        Map<String, BpmnModelInstance> models = new HashMap<>();
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
                BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
                for (Process process : model.getModelElementsByType(Process.class)) {
                    models.put(process.getId(), model);
                }
            }
        }
        return models;
    }

    private static Set<String> flowsOf(BpmnModelInstance model) {
        Set<String> flows = new TreeSet<>();
        model.getModelElementsByType(SequenceFlow.class).forEach(f -> flows.add(f.getId()));
        return flows;
    }

    private static Set<String> flowsOnPaths(String processKey) {
        Set<String> flows = new TreeSet<>();
        for (ModelPath path : ModelPath.values()) {
            if (path.processKey.equals(processKey)) {
                flows.addAll(path.flows);
            }
        }
        return flows;
    }

    @Test
    void everyModelInBpmnHasItsPathsAndEveryPathItsModel() throws IOException {
        Set<String> keysOfPaths = new TreeSet<>();
        for (ModelPath path : ModelPath.values()) {
            keysOfPaths.add(path.processKey);
        }
        assertThat(keysOfPaths).isEqualTo(new TreeSet<>(modelsByProcessKey().keySet()));
        assertThat(modelsByProcessKey()).as("the models EngineTest deploys").containsOnlyKeys("envelope", "recipient");
    }

    @Test
    void thePathsOfEachModelTakeEveryFlowItHasAndNoOther() throws IOException {
        modelsByProcessKey()
                .forEach((key, model) -> assertThat(flowsOnPaths(key))
                        .as("flows of %s on a path", key)
                        .isEqualTo(flowsOf(model)));
    }

    /**
     * Spelled out for the shapes a reader looks for; each follows from every flow being on a path.
     * Flows are found by their sourceRef: the models list no {@code <outgoing>} children.
     */
    @Test
    void everyBranchBoundaryEventAndEventSubProcessIsOnAPath() throws IOException {
        List<String> onAPath = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        modelsByProcessKey().forEach((key, model) -> {
            Set<String> onPaths = flowsOnPaths(key);
            for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
                String shape = flow.getSource() instanceof Gateway
                        ? "branch " + flow.getId() + " of " + flow.getSource().getId()
                        : flow.getSource() instanceof BoundaryEvent
                                ? "boundary event " + flow.getSource().getId()
                                : flow.getParentElement() instanceof SubProcess sub && sub.triggeredByEvent()
                                        ? "event sub-process " + sub.getId() + " (" + flow.getId() + ")"
                                        : null;
                if (shape != null) {
                    (onPaths.contains(flow.getId()) ? onAPath : missing).add(shape);
                }
            }
        });
        assertThat(missing).isEmpty();
        assertThat(onAPath)
                .as("the shapes found")
                .contains(
                        "boundary event Timer_LinkExpiry",
                        "branch Flow_DocumentsInvalid of Gateway_DocumentsValid",
                        "branch Flow_ToLinkRenewed of Gateway_AwaitNewLink",
                        "event sub-process SubProcess_Declined (Flow_ToNotifyDeclined)");
    }

    /** A sequential multi-instance is shown doing more than one round, in order, on some path. */
    @Test
    void everySequentialMultiInstanceRunsMoreThanOnceOnAPath() throws IOException {
        List<String> loops = new ArrayList<>();
        modelsByProcessKey().forEach((key, model) -> {
            for (MultiInstanceLoopCharacteristics loop :
                    model.getModelElementsByType(MultiInstanceLoopCharacteristics.class)) {
                if (!loop.isSequential() || !(loop.getParentElement() instanceof SubProcess body)) {
                    continue;
                }
                loops.add(body.getId());
                List<String> firstFlows = body.getChildElementsByType(SequenceFlow.class).stream()
                        .filter(f -> f.getSource() instanceof StartEvent)
                        .map(SequenceFlow::getId)
                        .toList();
                assertThat(firstFlows).as("the start of %s", body.getId()).hasSize(1);
                assertThat(ModelPath.values())
                        .as("a path taking %s's first flow twice", body.getId())
                        .anySatisfy(path -> assertThat(path.flows.stream()
                                        .filter(firstFlows::contains)
                                        .count())
                                .isGreaterThan(1));
            }
        });
        assertThat(loops).contains("SubProcess_SignGroups");
    }

    @Test
    void everyPathIsFollowedByAnEngineTest() {
        Set<ModelPath> followed = EnumSet.noneOf(ModelPath.class);
        for (Class<? extends EngineTest> test : PATH_TESTS) {
            for (Method method : test.getDeclaredMethods()) {
                EngineTest.Follows follows = method.getAnnotation(EngineTest.Follows.class);
                if (follows != null) {
                    assertThat(method.isAnnotationPresent(Test.class))
                            .as("%s is a test", method.getName())
                            .isTrue();
                    followed.addAll(List.of(follows.value()));
                }
            }
        }
        assertThat(EnumSet.complementOf(EnumSet.copyOf(followed)))
                .as("paths no engine test follows")
                .isEmpty();
    }

    /** What the engine tests compare: a path that lists a flow of another model could never match. */
    @Test
    void eachPathNamesOnlyFlowsOfItsOwnModel() throws IOException {
        Map<String, BpmnModelInstance> models = modelsByProcessKey();
        for (ModelPath path : ModelPath.values()) {
            Set<String> flows = flowsOf(models.get(path.processKey));
            assertThat(flows).as("flows of %s", path).containsAll(path.flows);
        }
    }
}
