package dev.signet.workflow.engine;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.signet.assurance.AssuranceFacts;
import dev.signet.workflow.AssuranceDecision;
import dev.signet.workflow.LinkExpiry;
import dev.signet.workflow.Processes.Vars;
import dev.signet.workflow.SignGroups;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.pvm.process.TransitionImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.MockExpressionManager;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fast tier of process tests: the models of bpmn/ on an in-memory engine (H2, no Spring, no
 * HTTP, no job executor), every bean they name replaced by a Mockito mock under that name. A test
 * drives the engine itself (jobs, tasks, messages, the engine clock) and checks the path taken and
 * which delegate ran with which variables. What crosses modules stays in the full-service
 * {@code *ProcessTest}s.
 *
 * <p>The engine and its deployment of the models are built once per JVM, not per test: a test
 * touches only its own instances (its ids are fresh UUIDs, every query names its instance or
 * business key), and no job executor runs what another test left waiting.
 */
abstract class EngineTest {

    /** Both models: the envelope's call activity starts the recipient process. */
    static final String ENVELOPE_MODEL = "bpmn/envelope.bpmn";

    static final String RECIPIENT_MODEL = "bpmn/recipient.bpmn";
    static final String ASSURANCE_TABLE = "dmn/recipient-assurance.dmn";

    /** The beans the models call methods on; each needs a typed mock (they return collections and dates). */
    static final Set<String> EXPRESSION_BEANS = Set.of("signGroups", "linkExpiry");

    /** Objects the engine binds itself in expressions, e.g. ${execution.setVariable(...)}: not beans. */
    private static final Set<String> ENGINE_NAMES = Set.of("execution", "task");

    private static final Pattern BEAN_CALL = Pattern.compile("\\$\\{\\s*([a-zA-Z][a-zA-Z0-9]*)\\.[a-zA-Z]+\\(");
    private static final Pattern BARE_BEAN = Pattern.compile("\\$\\{([a-zA-Z][a-zA-Z0-9]*)}");

    /** Every delegate bean the models name, read from them as ModelsTest does: a new one is mocked without a change here. */
    static final Set<String> DELEGATES = delegatesNamedByTheModels();

    private static Set<String> delegatesNamedByTheModels() {
        Set<String> beans = new TreeSet<>();
        for (String model : List.of(ENVELOPE_MODEL, RECIPIENT_MODEL)) {
            for (ServiceTask task : Bpmn.readModelFromStream(
                            EngineTest.class.getClassLoader().getResourceAsStream(model))
                    .getModelElementsByType(ServiceTask.class)) {
                Matcher bare = BARE_BEAN.matcher(String.valueOf(task.getCamundaDelegateExpression()));
                if (!bare.matches()) {
                    throw new IllegalStateException(task.getId() + " in " + model + " does not name a delegate bean");
                }
                beans.add(bare.group(1));
            }
        }
        return beans;
    }

    /** The beans the models call methods on, from their text (timers, collections, listeners). */
    static Set<String> beansCalledByTheModels() throws IOException {
        Set<String> beans = new TreeSet<>();
        for (String model : List.of(ENVELOPE_MODEL, RECIPIENT_MODEL)) {
            try (InputStream in = EngineTest.class.getClassLoader().getResourceAsStream(model)) {
                Matcher calls = BEAN_CALL.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (calls.find()) {
                    if (!ENGINE_NAMES.contains(calls.group(1))) {
                        beans.add(calls.group(1));
                    }
                }
            }
        }
        return beans;
    }

    /** Per test, not static: a static extension forgets the shared engine after the first class (afterAll). */
    @RegisterExtension
    final ProcessEngineExtension engine =
            ProcessEngineExtension.builder().useProcessEngine(Engine.INSTANCE).build();

    /** One delegate call as the delegate saw it: where the token was and a copy of the variables it could read. */
    record Call(String bean, String activityId, String processDefinitionKey, Map<String, Object> variables) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<String, JavaDelegate> delegates = new HashMap<>();
    private final Map<String, Consumer<DelegateExecution>> effects = new HashMap<>();
    SignGroups signGroups;
    LinkExpiry linkExpiry;
    /** What the start listener of Decide assurance steps reads from the recipient row. */
    AssuranceFacts assuranceFacts;

    RuntimeService runtime;

    /** The paths of {@link ModelPath} a test follows to their end, each checked with {@link #followed}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Follows {
        ModelPath[] value();
    }

    private final Set<ModelPath> pathsFollowed = EnumSet.noneOf(ModelPath.class);
    private Set<ModelPath> pathsDeclared = EnumSet.noneOf(ModelPath.class);

    @BeforeEach
    void pathsThisTestFollows(TestInfo test) {
        Follows follows =
                test.getTestMethod().map(m -> m.getAnnotation(Follows.class)).orElse(null);
        pathsDeclared = follows == null ? EnumSet.noneOf(ModelPath.class) : EnumSet.copyOf(List.of(follows.value()));
    }

    /**
     * The instance took exactly the flows of the path, each as often as the path lists it: a flow
     * added, removed, rewired or renamed in the model fails here. Flows count only once their
     * transaction committed, so a job that failed and rolled back took none.
     */
    void followed(ProcessInstance instance, ModelPath path) {
        Assertions.assertThat(instance.getProcessDefinitionId())
                .as("%s runs in model %s", path, path.processKey)
                .startsWith(path.processKey + ":");
        Assertions.assertThat(flowsTaken(instance))
                .as("flows taken on path %s (%s)", path, path.description)
                .containsExactlyInAnyOrderElementsOf(path.flows);
        pathsFollowed.add(path);
    }

    /**
     * The sequence flows an instance took, in the order their transactions committed; then the flows
     * out of an event-based gateway, which the engine does not take (it deploys no transition for
     * them and moves straight into the event that fired): one for each time their event was entered.
     */
    List<String> flowsTaken(ProcessInstance instance) {
        List<String> flows = new ArrayList<>(FlowRecorder.TAKEN.getOrDefault(instance.getId(), List.of()));
        FLOWS_OUT_OF_EVENT_GATEWAYS.forEach((event, flow) -> {
            long entered = engine.getHistoryService()
                    .createHistoricActivityInstanceQuery()
                    .processInstanceId(instance.getId())
                    .activityId(event)
                    .count();
            for (long i = 0; i < entered; i++) {
                flows.add(flow);
            }
        });
        return flows;
    }

    /** The flows that leave an event-based gateway, by the id of the event each leads to. */
    private static final Map<String, String> FLOWS_OUT_OF_EVENT_GATEWAYS = flowsOutOfEventGateways();

    private static Map<String, String> flowsOutOfEventGateways() {
        Map<String, String> flows = new HashMap<>();
        for (String model : List.of(ENVELOPE_MODEL, RECIPIENT_MODEL)) {
            // By each flow's sourceRef: the models list no <outgoing> children, so FlowNode.getOutgoing() is empty.
            for (SequenceFlow flow : Bpmn.readModelFromStream(
                            EngineTest.class.getClassLoader().getResourceAsStream(model))
                    .getModelElementsByType(SequenceFlow.class)) {
                if (flow.getSource() instanceof EventBasedGateway) {
                    flows.put(flow.getTarget().getId(), flow.getId());
                }
            }
        }
        return Map.copyOf(flows);
    }

    @AfterEach
    void followedThePathsItDeclares() {
        Assertions.assertThat(pathsFollowed)
                .as("paths checked with followed(...) against @Follows")
                .isEqualTo(pathsDeclared);
    }

    @BeforeEach
    void mockEveryBean() throws Exception {
        Assertions.assertThat(beansCalledByTheModels())
                .as("beans the models call, each with a typed mock here")
                .isEqualTo(EXPRESSION_BEANS);
        Assertions.assertThat(DELEGATES)
                .as("delegate beans read from the models")
                .contains("prepareDocuments", "sendInvitation");
        Mocks.reset();
        BpmnAwareTests.init(engine.getProcessEngine());
        runtime = engine.getRuntimeService();
        for (String bean : DELEGATES) {
            JavaDelegate delegate = mock(JavaDelegate.class, bean);
            doAnswer(invocation -> {
                        DelegateExecution execution = invocation.getArgument(0);
                        calls.add(new Call(
                                bean,
                                execution.getCurrentActivityId(),
                                definitionKey(execution),
                                new HashMap<>(execution.getVariables())));
                        effects.getOrDefault(bean, e -> {}).accept(execution);
                        return null;
                    })
                    .when(delegate)
                    .execute(any());
            delegates.put(bean, delegate);
            Mocks.register(bean, delegate);
        }
        signGroups = mock(SignGroups.class);
        Mocks.register("signGroups", signGroups);
        linkExpiry = mock(LinkExpiry.class);
        // Every link lives a week unless a test says otherwise: only a test about expiry sees it fire.
        when(linkExpiry.dueDate(anyString()))
                .thenAnswer(i -> Date.from(ClockUtil.now().toInstant().plus(Duration.ofDays(7))));
        Mocks.register("linkExpiry", linkExpiry);
        // The recipient row as the table reads it: a signer with no assurance asked, unless a test says otherwise.
        assuranceFacts = new AssuranceFacts("SIGNER", null, false, false, null, true);
        // Transient, as the application's listener sets them (AssuranceDelegates).
        Mocks.register("assuranceFacts", (ExecutionListener) execution -> assuranceFacts
                .variables()
                .forEach((name, value) -> execution.setVariable(name, Variables.untypedValue(value, true))));
        Mocks.register("assuranceSteps", new AssuranceDecision());
    }

    /**
     * Nothing but ids and primitives reaches a delegate: the models' promise (see Processes.Vars),
     * checked on every call of every test.
     */
    @AfterEach
    void onlyIdsAndPrimitivesReachedTheDelegates() {
        ClockUtil.reset();
        Mocks.reset();
        BpmnAwareTests.reset();
        for (Call call : calls) {
            call.variables()
                    .forEach((name, value) -> Assertions.assertThat(value)
                            .as("%s at %s: variable %s is an id or a primitive", call.bean(), call.activityId(), name)
                            .matches(EngineTest::idOrPrimitive));
        }
    }

    private static boolean idOrPrimitive(Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return true;
        }
        try {
            return value instanceof String id && UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException notAnId) {
            return false;
        }
    }

    private static String definitionKey(DelegateExecution execution) {
        return execution
                .getProcessDefinitionId()
                .substring(0, execution.getProcessDefinitionId().indexOf(':'));
    }

    /** What the delegate does besides being recorded, e.g. set the flag the next gateway reads, or fail. */
    void onCall(String bean, Consumer<DelegateExecution> effect) {
        effects.put(bean, effect);
    }

    JavaDelegate delegate(String bean) {
        return delegates.get(bean);
    }

    /** The calls of one delegate bean, in order. */
    List<Call> calls(String bean) {
        return calls.stream().filter(c -> c.bean().equals(bean)).toList();
    }

    List<String> beansCalled() {
        return calls.stream().map(Call::bean).toList();
    }

    /** The variable each call of a bean read, in order, e.g. the recipient ids the invitations went to. */
    List<Object> variableOfCalls(String bean, String variable) {
        List<Object> values = new ArrayList<>();
        calls(bean).forEach(c -> values.add(c.variables().get(variable)));
        return values;
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    ProcessInstance startRecipient(String recipientId, int reminderDays) {
        return runtime.startProcessInstanceByKey(
                dev.signet.workflow.Processes.Recipient.KEY,
                recipientId,
                Map.of(Vars.RECIPIENT_ID, recipientId, Vars.REMINDER_DAYS, reminderDays));
    }

    /** The only job of a process waiting at an element, e.g. an async task or a timer. */
    Job jobAt(String activityId, ProcessInstance instance) {
        List<Job> jobs = engine.getManagementService()
                .createJobQuery()
                .processInstanceId(instance.getId())
                .activityId(activityId)
                .list();
        Assertions.assertThat(jobs).as("jobs at %s", activityId).hasSize(1);
        return jobs.get(0);
    }

    static void moveClock(Instant start, Duration by) {
        ClockUtil.setCurrentTime(Date.from(start.plus(by)));
    }

    /** Built once per JVM: configured as the app's engine where it matters to a model (history, due dates). */
    private static final class Engine {

        static final ProcessEngine INSTANCE = build();

        private static ProcessEngine build() {
            StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
            configuration.setProcessEngineName("signet-engine-tier");
            configuration.setJdbcUrl("jdbc:h2:mem:signet-engine-tier;DB_CLOSE_DELAY=-1");
            configuration.setDatabaseSchemaUpdate("create-drop");
            configuration.setJobExecutorActivate(false);
            configuration.setHistory("audit");
            configuration.setEnforceHistoryTimeToLive(true);
            configuration.setEnsureJobDueDateNotNull(true);
            configuration.setMetricsEnabled(false);
            configuration.setExpressionManager(new MockExpressionManager());
            configuration.setCustomPostBPMNParseListeners(
                    new ArrayList<BpmnParseListener>(List.of(new FlowRecorder())));
            // The decision table is evaluated as in the service: plain cells answered without re-parsing.
            configuration.getProcessEnginePlugins().add(new FeelLiterals());
            ProcessEngine engine = configuration.buildProcessEngine();
            engine.getRepositoryService()
                    .createDeployment()
                    .name("models of bpmn/")
                    .addClasspathResource(ENVELOPE_MODEL)
                    .addClasspathResource(RECIPIENT_MODEL)
                    .addClasspathResource(ASSURANCE_TABLE)
                    .deploy();
            return engine;
        }
    }

    /**
     * Records every sequence flow an instance takes, by instance id, when its transaction commits.
     * Added to each flow as the models are deployed here; the models themselves are not changed.
     */
    private static final class FlowRecorder extends AbstractBpmnParseListener {

        static final Map<String, List<String>> TAKEN = new ConcurrentHashMap<>();

        @Override
        public void parseSequenceFlow(Element element, ScopeImpl scope, TransitionImpl flow) {
            String flowId = flow.getId();
            flow.addListener(ExecutionListener.EVENTNAME_TAKE, (ExecutionListener) execution -> {
                String instanceId = execution.getProcessInstanceId();
                Context.getCommandContext()
                        .getTransactionContext()
                        .addTransactionListener(
                                TransactionState.COMMITTED,
                                committed -> TAKEN.computeIfAbsent(instanceId, id -> new CopyOnWriteArrayList<>())
                                        .add(flowId));
            });
        }
    }
}
