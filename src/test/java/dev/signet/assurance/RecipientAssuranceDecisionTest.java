package dev.signet.assurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.InputEntry;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * dmn/recipient-assurance.dmn on the engine alone (H2 in memory, no Spring): every rule, the order
 * of the steps, and a changed table deployed over it changing the answer with no Java change.
 * The DMN engine reports the rows it matched, so each test also checks which rows, not only the output.
 */
class RecipientAssuranceDecisionTest {

    private static final String MODEL = "dmn/recipient-assurance.dmn";
    private static final ProcessEngine ENGINE = engine();
    private static final Set<String> RULES_MATCHED = new TreeSet<>();
    private static volatile List<String> lastMatched = List.of();

    private static ProcessEngine engine() {
        StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
        configuration.setProcessEngineName("signet-assurance-decision");
        configuration.setJdbcUrl("jdbc:h2:mem:signet-assurance-decision;DB_CLOSE_DELAY=-1");
        configuration.setDatabaseSchemaUpdate("create-drop");
        configuration.setJobExecutorActivate(false);
        configuration.setHistory("audit");
        DefaultDmnEngineConfiguration dmn =
                (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        dmn.customPostDecisionEvaluationListeners(new ArrayList<>(List.of(RecipientAssuranceDecisionTest::matched)));
        configuration.setDmnEngineConfiguration(dmn);
        configuration.setEnforceHistoryTimeToLive(true);
        configuration.setMetricsEnabled(false);
        ProcessEngine engine = configuration.buildProcessEngine();
        engine.getRepositoryService()
                .createDeployment()
                .name("dmn/")
                .addClasspathResource(MODEL)
                .deploy();
        return engine;
    }

    /** One evaluation: the steps with their providers, and the ids of the rows that matched. */
    private record Decided(List<String> steps, List<String> providers, List<String> rules) {}

    private static Decided decide(AssuranceFacts facts) {
        return decide(facts, null);
    }

    private static Decided decide(AssuranceFacts facts, String tenant) {
        DecisionService decisions = ENGINE.getDecisionService();
        var evaluation =
                decisions.evaluateDecisionByKey(AssuranceFacts.DECISION_KEY).variables(facts.variables());
        if (tenant == null) {
            evaluation.decisionDefinitionWithoutTenantId();
        } else {
            evaluation.decisionDefinitionTenantId(tenant);
        }
        DmnDecisionResult result = evaluation.evaluate();
        List<String> steps = new ArrayList<>();
        List<String> providers = new ArrayList<>();
        for (Map<String, Object> row : result.getResultList()) {
            steps.add(AssuranceStep.fromDecision((String) row.get(AssuranceFacts.OUTPUT_STEP))
                    .decisionName());
            providers.add((String) row.get(AssuranceFacts.OUTPUT_PROVIDER));
        }
        return new Decided(steps, providers, rulesOfLastEvaluation());
    }

    /** The rows the engine matched, in order, as the DMN engine reports them after each evaluation. */
    private static void matched(DmnDecisionEvaluationEvent event) {
        DmnDecisionTableEvaluationEvent table = (DmnDecisionTableEvaluationEvent) event.getDecisionResult();
        lastMatched = table.getMatchingRules().stream()
                .map(DmnEvaluatedDecisionRule::getId)
                .toList();
    }

    private static List<String> rulesOfLastEvaluation() {
        List<String> rules = lastMatched;
        RULES_MATCHED.addAll(rules);
        return rules;
    }

    private static AssuranceFacts signer(String authType, boolean otps, boolean witness, String when, boolean sandbox) {
        return new AssuranceFacts("SIGNER", authType, otps, witness, when, sandbox);
    }

    @Test
    void aSignerWithEmailLinkAccessOnlyHasNoStep() {
        Decided decided = decide(signer("no-auth", false, false, null, false));
        assertThat(decided.steps()).isEmpty();
        assertThat(decided.rules()).isEmpty();
    }

    @Test
    void anEnvelopeThatAsksForOtpGivesEverySignerAnOtpStep() {
        Decided decided = decide(signer("no-auth", true, false, null, false));
        assertThat(decided.steps()).containsExactly("otp");
        assertThat(decided.providers()).containsExactly((String) null);
        assertThat(decided.rules()).containsExactly("Rule_SignerOtpAsked");
    }

    @Test
    void aWitnessedSignerEntersAnOtpEvenWhenTheEnvelopeDidNotAskAndNamesAWitnessAfterSigning() {
        Decided decided = decide(signer("no-auth", false, true, null, true));
        assertThat(decided.steps()).containsExactly("otp", "witness");
        assertThat(decided.rules()).containsExactly("Rule_SignerOtpForWitness", "Rule_SignerWitness");
    }

    @Test
    void aWitnessedSignerOfAnOtpEnvelopeEntersOneOtpNotTwo() {
        Decided decided = decide(signer("no-auth", true, true, null, false));
        assertThat(decided.steps()).containsExactly("otp", "witness");
        assertThat(decided.rules()).containsExactly("Rule_SignerOtpAsked", "Rule_SignerWitness");
    }

    @Test
    void aWitnessEntersAnOtpAndNothingElseEvenWithSignAuth() {
        Decided decided = decide(new AssuranceFacts("WITNESS", "sign-auth", false, false, null, false));
        assertThat(decided.steps()).containsExactly("otp");
        assertThat(decided.rules()).containsExactly("Rule_WitnessOtp");
    }

    @Test
    void aCcNeverSignsAndHasNoStepWhateverTheEnvelopeAsks() {
        Decided decided = decide(new AssuranceFacts("CC", "idv", true, true, null, false));
        assertThat(decided.steps()).isEmpty();
    }

    @Test
    void yotiAuthLiveUsesYoti() {
        Decided decided = decide(signer("sign-auth", false, false, null, false));
        assertThat(decided.steps()).containsExactly("yoti_auth");
        assertThat(decided.providers()).containsExactly("yoti");
        assertThat(decided.rules()).containsExactly("Rule_YotiAuthLive");
    }

    @Test
    void yotiAuthInSandboxUsesTheSandboxProvider() {
        Decided decided = decide(signer("sign-auth", false, false, null, true));
        assertThat(decided.steps()).containsExactly("yoti_auth");
        assertThat(decided.providers()).containsExactly("sandbox");
        assertThat(decided.rules()).containsExactly("Rule_YotiAuthSandbox");
    }

    @Test
    void idvBeforeViewingLiveUsesYoti() {
        Decided decided = decide(signer("idv", false, false, "before_viewing", false));
        assertThat(decided.steps()).containsExactly("idv_before");
        assertThat(decided.providers()).containsExactly("yoti");
        assertThat(decided.rules()).containsExactly("Rule_IdvBeforeViewingLive");
    }

    @Test
    void idvWithoutWhenIsBeforeViewingAsTheReferenceDefaults() {
        Decided decided = decide(signer("idv", false, false, null, false));
        assertThat(decided.steps()).containsExactly("idv_before");
        // And the table itself treats a missing value so, should a caller pass none.
        java.util.Map<String, Object> variables =
                signer("idv", false, false, null, false).variables();
        variables.put("idvWhen", null);
        assertThat(ENGINE.getDecisionService()
                        .evaluateDecisionByKey(AssuranceFacts.DECISION_KEY)
                        .decisionDefinitionWithoutTenantId()
                        .variables(variables)
                        .evaluate()
                        .collectEntries(AssuranceFacts.OUTPUT_STEP))
                .containsExactly("idv_before");
    }

    @Test
    void idvBeforeViewingInSandboxUsesTheSandboxProvider() {
        Decided decided = decide(signer("idv", false, false, "before_viewing", true));
        assertThat(decided.steps()).containsExactly("idv_before");
        assertThat(decided.providers()).containsExactly("sandbox");
        assertThat(decided.rules()).containsExactly("Rule_IdvBeforeViewingSandbox");
    }

    @Test
    void idvAfterSubmittingLiveComesAfterSigningWithYoti() {
        Decided decided = decide(signer("idv", false, false, "after_submitting", false));
        assertThat(decided.steps()).containsExactly("idv_after");
        assertThat(decided.providers()).containsExactly("yoti");
        assertThat(decided.rules()).containsExactly("Rule_IdvAfterSubmittingLive");
    }

    @Test
    void idvAfterSubmittingInSandboxUsesTheSandboxProvider() {
        Decided decided = decide(signer("idv", false, false, "after_submitting", true));
        assertThat(decided.steps()).containsExactly("idv_after");
        assertThat(decided.providers()).containsExactly("sandbox");
        assertThat(decided.rules()).containsExactly("Rule_IdvAfterSubmittingSandbox");
    }

    @Test
    void everyStepOfASignerComesInTheOrderOfTheRows() {
        Decided decided = decide(signer("idv", true, true, "after_submitting", false));
        assertThat(decided.steps()).containsExactly("otp", "idv_after", "witness");
        assertThat(decided.providers()).containsExactly(null, "yoti", null);

        assertThat(decide(signer("sign-auth", true, true, null, true)).steps())
                .containsExactly("otp", "yoti_auth", "witness");
    }

    @Test
    void theModeDecidesTheProviderOfAnIdentityStepOnly() {
        assertThat(decide(signer("no-auth", true, true, null, false)))
                .isEqualTo(decide(signer("no-auth", true, true, null, true)));
    }

    /**
     * An analyst makes an OTP mandatory for every live signer, in the table only: deployed as a new
     * version of the same decision, the very same evaluation now answers with an OTP step. (Deployed
     * for a tenant of its own, so the other tests keep evaluating the shipped table.)
     */
    @Test
    void aChangedTableDeployedOverTheOldOneChangesTheStepsWithNoCodeChange() throws Exception {
        String tenant = "analyst-" + UUID.randomUUID();
        AssuranceFacts liveSignerWithoutOtp = signer("no-auth", false, false, null, false);
        deploy(tenant, shipped());
        assertThat(decide(liveSignerWithoutOtp, tenant).steps()).isEmpty();

        DmnModelInstance changed = shipped();
        Rule otpRow = changed.getModelElementById("Rule_SignerOtpAsked");
        entry(otpRow, 2).getText().setTextContent("");
        entry(otpRow, 5).getText().setTextContent("\"live\"");
        deploy(tenant, changed);

        assertThat(decide(liveSignerWithoutOtp, tenant).steps()).containsExactly("otp");
        assertThat(decide(signer("no-auth", false, false, null, true), tenant).steps())
                .as("the changed row asks live signers only")
                .isEmpty();
        assertThat(ENGINE.getRepositoryService()
                        .createDecisionDefinitionQuery()
                        .tenantIdIn(tenant)
                        .decisionDefinitionKey(AssuranceFacts.DECISION_KEY)
                        .latestVersion()
                        .singleResult()
                        .getVersion())
                .isEqualTo(2);
        assertThat(decide(liveSignerWithoutOtp).steps())
                .as("the shipped table, untouched")
                .isEmpty();
    }

    private static DmnModelInstance shipped() throws Exception {
        try (InputStream in =
                RecipientAssuranceDecisionTest.class.getClassLoader().getResourceAsStream(MODEL)) {
            return Dmn.readModelFromStream(in);
        }
    }

    /** The rule's input entry in column {@code column} (0: recipient type … 5: mode). */
    private static InputEntry entry(Rule rule, int column) {
        return new ArrayList<>(rule.getInputEntries()).get(column);
    }

    private static void deploy(String tenant, DmnModelInstance model) {
        ENGINE.getRepositoryService()
                .createDeployment()
                .tenantId(tenant)
                .addModelInstance("recipient-assurance.dmn", model)
                .deploy();
    }

    /** Every row of the shipped table was matched by at least one test above (run as a class). */
    @AfterAll
    static void everyRuleWasMatchedByATest() throws Exception {
        Collection<Rule> rows = shipped().getModelElementsByType(Rule.class);
        Set<String> ids = new TreeSet<>();
        rows.forEach(r -> ids.add(r.getId()));
        assertThat(ids).hasSize(10);
        if (RULES_MATCHED.size() > 1) { // the whole class ran, not one test picked out
            assertThat(RULES_MATCHED).containsExactlyInAnyOrderElementsOf(ids);
        }
    }
}
