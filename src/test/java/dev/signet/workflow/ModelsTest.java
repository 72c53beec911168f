package dev.signet.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.Event;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The models analysts edit stay wired to the code: every bean they name exists, and all deploy. */
class ModelsTest extends SignetIntegrationTest {

    /** Objects the engine itself binds in listener expressions, whose methods a model may call; not beans. */
    private static final Set<String> ENGINE_NAMES = Set.of("execution", "task");

    private static final Pattern BEAN_CALL = Pattern.compile("\\$\\{\\s*([a-zA-Z][a-zA-Z0-9]*)\\.[a-zA-Z]+\\(");

    /** How a model names its delegate: a bare bean name, e.g. ${sendInvitation}. */
    private static final Pattern DELEGATE = Pattern.compile("\\$\\{([a-zA-Z]+)}");

    @Autowired
    ApplicationContext context;

    @Autowired
    RepositoryService repository;

    /** The bean a delegateExpression names, or the expression itself when it is not a bare bean name. */
    static String delegateBean(String expression) {
        Matcher bare = DELEGATE.matcher(expression);
        return bare.matches() ? bare.group(1) : expression;
    }

    /** The beans an expression calls methods on, e.g. signGroups in ${signGroups.numbers(envelopeId)}. */
    static List<String> beanCalls(String expression) {
        List<String> beans = new ArrayList<>();
        Matcher calls = BEAN_CALL.matcher(expression);
        while (calls.find()) {
            if (!ENGINE_NAMES.contains(calls.group(1))) {
                beans.add(calls.group(1)); // not the engine's own, e.g. ${execution.setVariable(...)} in a listener
            }
        }
        return beans;
    }

    static List<Path> models(String folder, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(folder))) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void everyModelInBpmnAndDmnIsDeployed() throws IOException {
        List<Path> bpmn = models("bpmn", ".bpmn");
        assertThat(bpmn).extracting(p -> p.getFileName().toString()).contains("envelope.bpmn", "recipient.bpmn");
        for (Path file : bpmn) {
            for (Process process : Bpmn.readModelFromFile(file.toFile()).getModelElementsByType(Process.class)) {
                assertThat(repository
                                .createProcessDefinitionQuery()
                                .processDefinitionKey(process.getId())
                                .latestVersion()
                                .singleResult())
                        .as("deployed process %s", process.getId())
                        .isNotNull();
            }
        }
        if (Files.isDirectory(Path.of("dmn"))) {
            for (Path file : models("dmn", ".dmn")) {
                assertThat(repository.createDeploymentQuery().list().stream()
                                .flatMap(d -> repository.getDeploymentResourceNames(d.getId()).stream())
                                .anyMatch(
                                        name -> name.endsWith(file.getFileName().toString())))
                        .as("deployed %s", file)
                        .isTrue();
            }
        }
    }

    @Test
    void everyDelegateExpressionAndBeanCallResolvesToABean() throws IOException {
        List<String> missing = new ArrayList<>();
        // ElementTemplatesTest checks template beans without a context; this keeps its scan honest.
        Set<String> scanned = ElementTemplatesTest.declaredBeanNames("dev.signet");
        int checked = 0;
        for (Path file : models("bpmn", ".bpmn")) {
            BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
            for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
                assertThat(task.getCamundaClass())
                        .as("%s uses camunda:class", task.getId())
                        .isNull();
                String expression = task.getCamundaDelegateExpression();
                assertThat(expression)
                        .as("%s has a delegateExpression", task.getId())
                        .matches(DELEGATE.pattern());
                String bean = delegateBean(expression);
                checked++;
                if (!context.containsBean(bean)) {
                    missing.add(file.getFileName() + "#" + task.getId() + " → " + bean);
                }
                if (!scanned.contains(bean)) {
                    missing.add(file.getFileName() + "#" + task.getId() + " → " + bean
                            + " (not found by ElementTemplatesTest's scan)");
                }
            }
            for (String bean : beanCalls(Files.readString(file))) {
                checked++;
                if (!context.containsBean(bean)) {
                    missing.add(file.getFileName() + " expression → " + bean);
                }
            }
        }
        assertThat(checked).isGreaterThan(8);
        assertThat(missing).isEmpty();
    }

    @Test
    void everyActivityAndEventHasAReadableNameAndProcessesExpireHistory() throws IOException {
        for (Path file : models("bpmn", ".bpmn")) {
            BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
            for (Process process : model.getModelElementsByType(Process.class)) {
                assertThat(process.getCamundaHistoryTimeToLiveString())
                        .as("historyTimeToLive of %s", process.getId())
                        .isNotBlank();
            }
            for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
                if (node instanceof Activity || node instanceof Event) {
                    assertThat(node.getName())
                            .as("name of %s in %s", node.getId(), file)
                            .isNotBlank();
                    assertThat(node.getId()).as("meaningful id").doesNotMatch(".*_\\d+$");
                }
            }
        }
    }
}
