package dev.signet.workflow.engine;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.signet.workflow.Processes.Envelope;
import dev.signet.workflow.Processes.Recipient;
import dev.signet.workflow.Processes.Vars;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every path of bpmn/envelope.bpmn, on the engine alone; signers run the real recipient model. */
class EnvelopeEngineTest extends EngineTest {

    private static final int REMINDER_DAYS = 3;

    private final String envelopeId = newId();
    private final String alice = newId();
    private final String bob = newId();

    @BeforeEach
    void documentsValid() {
        documentsAreValid(true);
    }

    /** As the real delegate does: a transient flag only the next gateway reads. */
    private void documentsAreValid(boolean valid) {
        onCall(
                "prepareDocuments",
                execution -> execution.setVariable(Vars.DOCUMENTS_VALID, Variables.booleanValue(valid, true)));
    }

    private void groups(Map<Integer, List<String>> signersByGroup) {
        when(signGroups.numbers(envelopeId))
                .thenReturn(signersByGroup.keySet().stream().sorted().toList());
        signersByGroup.forEach(
                (group, signers) -> when(signGroups.signers(envelopeId, group)).thenReturn(signers));
    }

    /** As ProcessStarter starts it, then the first job (prepare and activate) run. */
    private ProcessInstance startAndPrepare() {
        ProcessInstance envelope = runtime.startProcessInstanceByKey(
                Envelope.KEY, envelopeId, Map.of(Vars.ENVELOPE_ID, envelopeId, Vars.REMINDER_DAYS, REMINDER_DAYS));
        assertThat(envelope).isWaitingAt(Envelope.PREPARE_DOCUMENTS);
        execute(jobAt(Envelope.PREPARE_DOCUMENTS, envelope));
        return envelope;
    }

    private ProcessInstance recipient(String recipientId) {
        return runtime.createProcessInstanceQuery()
                .processDefinitionKey(Recipient.KEY)
                .processInstanceBusinessKey(recipientId)
                .singleResult();
    }

    /** Recipient processes this envelope still runs. */
    private long runningRecipients(ProcessInstance envelope) {
        return runtime.createProcessInstanceQuery()
                .processDefinitionKey(Recipient.KEY)
                .superProcessInstanceId(envelope.getId())
                .count();
    }

    /** What the recipient API does on submit, then the apply-signature job. */
    private void signs(String recipientId) {
        ProcessInstance recipient = recipient(recipientId);
        complete(task(Recipient.SIGN, recipient));
        execute(jobAt(Recipient.APPLY_SIGNATURE, recipient));
        assertThat(recipient).isEnded();
    }

    private void sealAndComplete(ProcessInstance envelope) {
        assertThat(envelope).isWaitingAt(Envelope.SEAL_DOCUMENTS);
        execute(jobAt(Envelope.SEAL_DOCUMENTS, envelope));
    }

    @Test
    @Follows(ModelPath.ENVELOPE_DOCUMENTS_INVALID)
    void invalidDocumentsEndErroredAndNoOneIsInvited() throws Exception {
        documentsAreValid(false);
        groups(Map.of(1, List.of(alice)));

        ProcessInstance envelope = startAndPrepare();

        assertThat(envelope)
                .hasPassed(Envelope.END_ERRORED)
                .hasNotPassed(Envelope.ACTIVATE)
                .isEnded();
        Assertions.assertThat(beansCalled()).containsExactly("prepareDocuments");
        Assertions.assertThat(variableOfCalls("prepareDocuments", Vars.ENVELOPE_ID))
                .containsExactly(envelopeId);
        Assertions.assertThat(runningRecipients(envelope)).isZero();
        verify(signGroups, never()).numbers(anyString());
        Assertions.assertThat(engine.getHistoryService()
                        .createHistoricVariableInstanceQuery()
                        .processInstanceId(envelope.getId())
                        .variableName(Vars.DOCUMENTS_VALID)
                        .count())
                .as("the flag is transient")
                .isZero();
        followed(envelope, ModelPath.ENVELOPE_DOCUMENTS_INVALID);
    }

    @Test
    @Follows(ModelPath.ENVELOPE_ONE_GROUP_COMPLETES)
    void oneGroupIsInvitedTogetherAndCompletesOnlyWhenEverySignerHasSigned() throws Exception {
        groups(Map.of(1, List.of(alice, bob)));

        ProcessInstance envelope = startAndPrepare();

        assertThat(envelope).hasPassed(Envelope.ACTIVATE).isWaitingAt(Envelope.RECIPIENTS);
        Assertions.assertThat(variableOfCalls("activateEnvelope", Vars.ENVELOPE_ID))
                .containsExactly(envelopeId);
        Assertions.assertThat(variableOfCalls("sendInvitation", Vars.RECIPIENT_ID))
                .containsExactlyInAnyOrder(alice, bob);
        List<String> signers = List.of(alice, bob);
        for (int i = 0; i < signers.size(); i++) {
            // What the recipient's steps read crosses the call activity, and which signer of which group it is,
            // as numbers for Cockpit: no envelope id, no name. (remindersSent is the recipient model's own count.)
            Map<String, Object> variables =
                    runtime.getVariables(recipient(signers.get(i)).getId());
            Assertions.assertThat(variables)
                    .containsOnlyKeys(
                            Vars.RECIPIENT_ID,
                            Vars.REMINDER_DAYS,
                            Vars.SIGN_GROUP,
                            Vars.SIGNER_NUMBER,
                            Vars.REMINDERS_SENT,
                            Vars.OTP_PENDING,
                            Vars.IDV_BEFORE_PENDING,
                            Vars.IDV_AFTER_PENDING,
                            Vars.IDV_SUBMITTED,
                            Vars.WITNESS_PENDING,
                            Vars.YOTI_SHARE_PENDING)
                    .containsEntry(Vars.RECIPIENT_ID, signers.get(i))
                    .containsEntry(Vars.REMINDER_DAYS, REMINDER_DAYS)
                    .containsEntry(Vars.SIGN_GROUP, 1);
            Assertions.assertThat(((Number) variables.get(Vars.SIGNER_NUMBER)).intValue())
                    .isEqualTo(i + 1);
        }

        signs(alice);
        assertThat(envelope).isWaitingAt(Envelope.RECIPIENTS).hasNotPassed(Envelope.END_GROUP_SIGNED);
        verify(delegate("sealDocuments"), never()).execute(any());

        signs(bob);
        sealAndComplete(envelope);

        assertThat(envelope)
                .hasPassed(
                        Envelope.END_GROUP_SIGNED, Envelope.SEAL_DOCUMENTS, Envelope.COMPLETE, Envelope.END_COMPLETED)
                .isEnded();
        Assertions.assertThat(variableOfCalls("applySignature", Vars.RECIPIENT_ID))
                .containsExactly(alice, bob);
        Assertions.assertThat(beansCalled())
                .containsExactly(
                        "prepareDocuments",
                        "activateEnvelope",
                        "sendInvitation",
                        "sendInvitation",
                        "applySignature",
                        "applySignature",
                        "sealDocuments",
                        "completeEnvelope");
        Assertions.assertThat(variableOfCalls("sealDocuments", Vars.ENVELOPE_ID))
                .containsExactly(envelopeId);
        Assertions.assertThat(variableOfCalls("completeEnvelope", Vars.ENVELOPE_ID))
                .containsExactly(envelopeId);
        followed(envelope, ModelPath.ENVELOPE_ONE_GROUP_COMPLETES);
    }

    @Test
    @Follows(ModelPath.ENVELOPE_TWO_GROUPS_IN_ORDER)
    void twoGroupsSignOneAfterTheOtherInAscendingOrder() throws Exception {
        groups(Map.of(2, List.of(bob), 1, List.of(alice)));

        ProcessInstance envelope = startAndPrepare();

        Assertions.assertThat(variableOfCalls("sendInvitation", Vars.RECIPIENT_ID))
                .containsExactly(alice);
        Assertions.assertThat(recipient(bob)).as("group 2 waits for group 1").isNull();
        verify(signGroups, never()).signers(envelopeId, 2);

        signs(alice);

        Assertions.assertThat(variableOfCalls("sendInvitation", Vars.RECIPIENT_ID))
                .containsExactly(alice, bob);
        Assertions.assertThat(runtime.getVariables(recipient(bob).getId()))
                .as("the first signer of group 2")
                .containsEntry(Vars.SIGN_GROUP, 2)
                .containsEntry(Vars.SIGNER_NUMBER, 1L);
        assertThat(envelope).isWaitingAt(Envelope.RECIPIENTS).hasNotPassed(Envelope.SEAL_DOCUMENTS);

        signs(bob);
        sealAndComplete(envelope);

        assertThat(envelope).hasPassed(Envelope.END_COMPLETED).isEnded();
        Assertions.assertThat(beansCalled())
                .containsExactly(
                        "prepareDocuments",
                        "activateEnvelope",
                        "sendInvitation",
                        "applySignature",
                        "sendInvitation",
                        "applySignature",
                        "sealDocuments",
                        "completeEnvelope");
        followed(envelope, ModelPath.ENVELOPE_TWO_GROUPS_IN_ORDER);
    }

    @Test
    @Follows(ModelPath.ENVELOPE_ARCHIVED_WHILE_SIGNING)
    void archivingCancelsTheWaitingSignersAndTellsThem() throws Exception {
        groups(Map.of(1, List.of(alice, bob), 2, List.of(newId())));
        ProcessInstance envelope = startAndPrepare();
        signs(alice);
        Assertions.assertThat(runningRecipients(envelope)).as("bob still waits").isEqualTo(1);

        runtime.createMessageCorrelation(Envelope.MESSAGE_ARCHIVE)
                .processInstanceBusinessKey(envelopeId)
                .correlateAll();

        Assertions.assertThat(runningRecipients(envelope))
                .as("bob's process and its timers are gone")
                .isZero();
        assertThat(envelope).isWaitingAt(Envelope.NOTIFY_ARCHIVED).isNotWaitingAt(Envelope.RECIPIENTS);
        execute(jobAt(Envelope.NOTIFY_ARCHIVED, envelope));

        assertThat(envelope)
                .hasPassed(Envelope.END_ARCHIVED)
                .hasNotPassed(Envelope.SEAL_DOCUMENTS)
                .isEnded();
        Assertions.assertThat(variableOfCalls("notifyArchived", Vars.ENVELOPE_ID))
                .containsExactly(envelopeId);
        verify(signGroups, never()).signers(envelopeId, 2);
        verify(delegate("sealDocuments"), never()).execute(any());
        verify(delegate("completeEnvelope"), never()).execute(any());
        followed(envelope, ModelPath.ENVELOPE_ARCHIVED_WHILE_SIGNING);
    }

    @Test
    @Follows(ModelPath.ENVELOPE_ARCHIVED_BEFORE_PREPARATION)
    void archivingAQueuedEnvelopeCancelsPreparationBeforeItRuns() throws Exception {
        groups(Map.of(1, List.of(alice)));
        ProcessInstance envelope = runtime.startProcessInstanceByKey(
                Envelope.KEY, envelopeId, Map.of(Vars.ENVELOPE_ID, envelopeId, Vars.REMINDER_DAYS, REMINDER_DAYS));
        assertThat(envelope).isWaitingAt(Envelope.PREPARE_DOCUMENTS);

        runtime.createMessageCorrelation(Envelope.MESSAGE_ARCHIVE)
                .processInstanceBusinessKey(envelopeId)
                .correlateAll();

        assertThat(envelope).isWaitingAt(Envelope.NOTIFY_ARCHIVED).isNotWaitingAt(Envelope.PREPARE_DOCUMENTS);
        execute(jobAt(Envelope.NOTIFY_ARCHIVED, envelope));
        assertThat(envelope)
                .hasPassed(Envelope.END_ARCHIVED)
                .hasNotPassed(Envelope.ACTIVATE)
                .isEnded();
        Assertions.assertThat(beansCalled()).containsExactly("notifyArchived");
        verify(signGroups, never()).numbers(anyString());
        followed(envelope, ModelPath.ENVELOPE_ARCHIVED_BEFORE_PREPARATION);
    }

    @Test
    @Follows(ModelPath.ENVELOPE_DECLINED)
    void aDeclineCancelsEveryoneElsesSigningAndTellsThem() throws Exception {
        groups(Map.of(1, List.of(alice, bob)));
        ProcessInstance envelope = startAndPrepare();
        Assertions.assertThat(runningRecipients(envelope)).isEqualTo(2);

        runtime.createMessageCorrelation(Envelope.MESSAGE_DECLINED)
                .processInstanceBusinessKey(envelopeId)
                .correlateAll();

        Assertions.assertThat(runningRecipients(envelope)).isZero();
        assertThat(envelope).isWaitingAt(Envelope.NOTIFY_DECLINED);
        execute(jobAt(Envelope.NOTIFY_DECLINED, envelope));

        assertThat(envelope)
                .hasPassed(Envelope.END_DECLINED)
                .hasNotPassed(Envelope.SEAL_DOCUMENTS)
                .isEnded();
        Assertions.assertThat(variableOfCalls("notifyDeclined", Vars.ENVELOPE_ID))
                .containsExactly(envelopeId);
        verify(delegate("applySignature"), never()).execute(any());
        verify(delegate("notifyArchived"), never()).execute(any());
        followed(envelope, ModelPath.ENVELOPE_DECLINED);
    }

    @Test
    @Follows(ModelPath.ENVELOPE_SEAL_FAILS)
    void aSealThatFailsRollsBackCompletionAndBecomesAnIncident() throws Exception {
        groups(Map.of(1, List.of(alice)));
        onCall("completeEnvelope", execution -> {
            throw new IllegalStateException("pack failed");
        });
        ProcessInstance envelope = startAndPrepare();
        signs(alice);

        for (int attempt = 1; attempt <= 3; attempt++) {
            String job = jobAt(Envelope.SEAL_DOCUMENTS, envelope).getId();
            Assertions.assertThatThrownBy(() -> engine.getManagementService().executeJob(job))
                    .hasMessageContaining("pack failed");
        }

        // Complete runs in the seal's job (not async): both are retried together, and neither is done.
        Assertions.assertThat(runtime.createIncidentQuery()
                        .processInstanceId(envelope.getId())
                        .list())
                .singleElement()
                .satisfies(i -> Assertions.assertThat(i.getActivityId()).isEqualTo(Envelope.SEAL_DOCUMENTS));
        assertThat(envelope).isNotEnded().isWaitingAt(Envelope.SEAL_DOCUMENTS).hasNotPassed(Envelope.END_COMPLETED);
        Assertions.assertThat(calls("sealDocuments")).hasSize(3);
        followed(envelope, ModelPath.ENVELOPE_SEAL_FAILS);
    }

    @Test
    @Follows(ModelPath.ENVELOPE_PREPARATION_FAILS)
    void aPreparationThatFailsIsRetriedThenBecomesAnIncidentAndNothingIsActivated() throws Exception {
        groups(Map.of(1, List.of(alice)));
        onCall("prepareDocuments", execution -> {
            throw new IllegalStateException("storage unreachable");
        });
        ProcessInstance envelope = runtime.startProcessInstanceByKey(
                Envelope.KEY, envelopeId, Map.of(Vars.ENVELOPE_ID, envelopeId, Vars.REMINDER_DAYS, REMINDER_DAYS));

        for (int attempt = 1; attempt <= 3; attempt++) {
            String job = jobAt(Envelope.PREPARE_DOCUMENTS, envelope).getId();
            Assertions.assertThatThrownBy(() -> engine.getManagementService().executeJob(job))
                    .as("attempt %d", attempt)
                    .hasMessageContaining("storage unreachable");
        }

        // Prepare runs as its own job (async before): a crash is retried, then shows as an incident there.
        Assertions.assertThat(runtime.createIncidentQuery()
                        .processInstanceId(envelope.getId())
                        .list())
                .singleElement()
                .satisfies(i -> Assertions.assertThat(i.getActivityId()).isEqualTo(Envelope.PREPARE_DOCUMENTS));
        Assertions.assertThat(jobAt(Envelope.PREPARE_DOCUMENTS, envelope).getRetries())
                .isZero();
        assertThat(envelope)
                .isNotEnded()
                .isWaitingAt(Envelope.PREPARE_DOCUMENTS)
                .hasNotPassed(Envelope.ACTIVATE);
        Assertions.assertThat(beansCalled())
                .containsExactly("prepareDocuments", "prepareDocuments", "prepareDocuments");
        verify(signGroups, never()).numbers(anyString());
        followed(envelope, ModelPath.ENVELOPE_PREPARATION_FAILS);
    }
}
