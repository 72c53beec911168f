package dev.signet.workflow.engine;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.mockito.Mockito.when;

import dev.signet.assurance.AssuranceFacts;
import dev.signet.assurance.IdvVerdict;
import dev.signet.workflow.IdvResult;
import dev.signet.workflow.Processes.Recipient;
import dev.signet.workflow.Processes.Vars;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/**
 * Identity verification in bpmn/recipient.bpmn on the engine alone, with the real decision table:
 * before viewing and after submitting, a provider that does not answer (the back-off timer), and a
 * failed check that blocks signing. "Fetch identity result" is a mock that answers as the provider
 * would, through the same mapping to flags the real delegate uses ({@link IdvResult}).
 */
class RecipientIdvEngineTest extends EngineTest {

    private static final String RESEND_INVITATION = "Task_ResendInvitation";
    private static final String END_REINVITED = "EndEvent_Reinvited";
    private static final String END_MANUAL_REMINDER_SENT = "EndEvent_ManualReminderSent";

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    private final String recipientId = newId();
    private final Deque<IdvVerdict> answers = new ArrayDeque<>();

    private void idv(String when) {
        assuranceFacts = new AssuranceFacts("SIGNER", "idv", false, false, when, true);
        onCall(
                "fetchIdvResult",
                execution -> execution.setVariables(
                        IdvResult.variables(answers.remove(), execution.getVariable(Vars.IDV_RETRIES))));
    }

    /** Signet, when the signer comes back from the provider (ProcessStarter on IdvSessionFinished). */
    private void backFromProvider(ProcessInstance recipient) {
        engine.getTaskService()
                .complete(task(Recipient.VERIFY_IDENTITY, recipient).getId());
    }

    private boolean variable(ProcessInstance recipient, String name) {
        return (Boolean) runtime.getVariable(recipient.getId(), name);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_IDV_BEFORE_VIEWING_THEN_SIGNS)
    void beforeViewingTheSignerVerifiesTheirIdentityThenSigns() {
        idv("before_viewing");
        answers.add(IdvVerdict.PASSED);
        ProcessInstance recipient = startRecipient(recipientId, 0);

        assertThat(recipient).hasPassed(Recipient.DECIDE_ASSURANCE).isWaitingAt(Recipient.VERIFY_IDENTITY);
        Assertions.assertThat(variable(recipient, Vars.IDV_BEFORE_PENDING)).isTrue();
        Assertions.assertThat(variable(recipient, Vars.OTP_PENDING)).isFalse();

        backFromProvider(recipient);
        assertThat(recipient).isWaitingAt(Recipient.FETCH_IDV_RESULT).isNotWaitingAt(Recipient.SIGN);
        execute(jobAt(Recipient.FETCH_IDV_RESULT, recipient));

        assertThat(recipient).isWaitingAt(Recipient.SIGN);
        Assertions.assertThat(variable(recipient, Vars.IDV_BEFORE_PENDING)).isFalse();
        engine.getTaskService().complete(task(Recipient.SIGN, recipient).getId());
        execute(jobAt(Recipient.APPLY_SIGNATURE, recipient));

        assertThat(recipient).isEnded();
        Assertions.assertThat(beansCalled()).containsExactly("sendInvitation", "fetchIdvResult", "applySignature");
        followed(recipient, ModelPath.RECIPIENT_IDV_BEFORE_VIEWING_THEN_SIGNS);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_IDV_PROVIDER_DOWN_THEN_UP)
    void aProviderThatDoesNotAnswerIsAskedAgainAfterAGrowingWaitAndNobodySignsMeanwhile() {
        idv("before_viewing");
        answers.addAll(List.of(IdvVerdict.UNANSWERED, IdvVerdict.UNANSWERED, IdvVerdict.PASSED));
        moveClock(START, Duration.ZERO);
        ProcessInstance recipient = startRecipient(recipientId, 0);
        backFromProvider(recipient);
        execute(jobAt(Recipient.FETCH_IDV_RESULT, recipient));

        assertThat(recipient).isWaitingAt(Recipient.TIMER_IDV_RETRY).isNotWaitingAt(Recipient.SIGN);
        Job first = jobAt(Recipient.TIMER_IDV_RETRY, recipient);
        Assertions.assertThat(first.getDuedate().toInstant()).isEqualTo(START.plusSeconds(30));
        moveClock(START, Duration.ofSeconds(30));
        execute(first);
        execute(jobAt(Recipient.FETCH_IDV_RESULT, recipient));

        Job second = jobAt(Recipient.TIMER_IDV_RETRY, recipient);
        Assertions.assertThat(second.getDuedate().toInstant())
                .as("the wait doubles")
                .isEqualTo(START.plusSeconds(30 + 60));
        Assertions.assertThat(variable(recipient, Vars.IDV_BEFORE_PENDING)).isTrue();
        moveClock(START, Duration.ofSeconds(90));
        execute(second);
        execute(jobAt(Recipient.FETCH_IDV_RESULT, recipient));

        assertThat(recipient).isWaitingAt(Recipient.SIGN);
        Assertions.assertThat(calls("fetchIdvResult")).hasSize(3);
        Assertions.assertThat(runtime.getVariable(recipient.getId(), Vars.IDV_RETRIES))
                .isEqualTo(0);
        followed(recipient, ModelPath.RECIPIENT_IDV_PROVIDER_DOWN_THEN_UP);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_IDV_FAILED_TRIES_AGAIN)
    void aFailedCheckThatBlocksSigningSendsTheSignerBackToVerifyIdentity() {
        idv("before_viewing");
        answers.add(IdvVerdict.FAILED_BLOCKS);
        ProcessInstance recipient = startRecipient(recipientId, 0);
        backFromProvider(recipient);
        execute(jobAt(Recipient.FETCH_IDV_RESULT, recipient));

        assertThat(recipient)
                .hasPassed(Recipient.FETCH_IDV_RESULT)
                .isWaitingAt(Recipient.VERIFY_IDENTITY)
                .hasNotPassed(Recipient.SIGN);
        Assertions.assertThat(variable(recipient, Vars.IDV_BEFORE_PENDING)).isTrue();
        followed(recipient, ModelPath.RECIPIENT_IDV_FAILED_TRIES_AGAIN);
    }

    @Test
    void aFailedCheckThatDoesNotBlockSigningIsRecordedAndTheSignerGoesOn() {
        idv("before_viewing");
        answers.add(IdvVerdict.FAILED_MAY_SIGN);
        ProcessInstance recipient = startRecipient(recipientId, 0);
        backFromProvider(recipient);
        execute(jobAt(Recipient.FETCH_IDV_RESULT, recipient));

        assertThat(recipient).isWaitingAt(Recipient.SIGN);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_IDV_AFTER_SUBMITTING)
    void afterSubmittingTheSignatureWaitsForTheIdentityResult() {
        idv("after_submitting");
        answers.add(IdvVerdict.PASSED);
        ProcessInstance recipient = startRecipient(recipientId, 0);

        assertThat(recipient).isWaitingAt(Recipient.SIGN).isNotWaitingAt(Recipient.VERIFY_IDENTITY);
        Assertions.assertThat(variable(recipient, Vars.IDV_BEFORE_PENDING)).isFalse();
        engine.getTaskService().complete(task(Recipient.SIGN, recipient).getId());

        assertThat(recipient)
                .hasPassed(Recipient.IDV_AFTER_SUBMIT)
                .isWaitingAt(Recipient.VERIFY_IDENTITY)
                .hasNotPassed(Recipient.APPLY_SIGNATURE);
        backFromProvider(recipient);
        execute(jobAt(Recipient.FETCH_IDV_RESULT, recipient));
        execute(jobAt(Recipient.APPLY_SIGNATURE, recipient));

        assertThat(recipient).isEnded();
        Assertions.assertThat(beansCalled()).containsExactly("sendInvitation", "fetchIdvResult", "applySignature");
        followed(recipient, ModelPath.RECIPIENT_IDV_AFTER_SUBMITTING);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_REMINDED_BEFORE_IDV)
    void aReminderAskedForWhileTheIdentityCheckIsOwedIsSentAndTheCheckIsStillOwed() {
        idv("before_viewing");
        ProcessInstance recipient = startRecipient(recipientId, 0);

        Assertions.assertThat(runtime.createMessageCorrelation(Recipient.MESSAGE_REMIND)
                        .processInstanceBusinessKey(recipientId)
                        .correlateAllWithResult())
                .hasSize(1);

        assertThat(recipient)
                .hasPassed(Recipient.SEND_MANUAL_REMINDER, END_MANUAL_REMINDER_SENT)
                .isWaitingAt(Recipient.VERIFY_IDENTITY);
        Assertions.assertThat(variableOfCalls("sendReminder", Vars.RECIPIENT_ID))
                .containsExactly(recipientId);
        followed(recipient, ModelPath.RECIPIENT_REMINDED_BEFORE_IDV);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_CORRECTED_BEFORE_IDV)
    void correctedDetailsWhileTheIdentityCheckIsOwedSendANewInvitation() {
        idv("before_viewing");
        ProcessInstance recipient = startRecipient(recipientId, 0);

        runtime.createMessageCorrelation(Recipient.MESSAGE_EDITED)
                .processInstanceBusinessKey(recipientId)
                .correlateAll();

        assertThat(recipient).hasPassed(RESEND_INVITATION, END_REINVITED).isWaitingAt(Recipient.VERIFY_IDENTITY);
        Assertions.assertThat(calls("sendInvitation"))
                .extracting(EngineTest.Call::activityId)
                .containsExactly(Recipient.SEND_INVITATION, RESEND_INVITATION);
        followed(recipient, ModelPath.RECIPIENT_CORRECTED_BEFORE_IDV);
    }

    /**
     * The link's expiry applies while the identity check is owed, as at Sign: the timer on Verify
     * identity fires at the link's due date; a link extended meanwhile brings the signer back to the
     * check (not to Sign), with the new due date.
     */
    @Test
    @Follows(ModelPath.RECIPIENT_LINK_STILL_VALID_DURING_IDV)
    void theLinkTimerRunsAtVerifyIdentityAndAnExtendedLinkComesBackToIt() {
        idv("before_viewing");
        moveClock(START, Duration.ZERO);
        Date expires = Date.from(START.plus(Duration.ofDays(2)));
        Date extended = Date.from(START.plus(Duration.ofDays(9)));
        when(linkExpiry.dueDate(recipientId)).thenReturn(expires, extended);
        onCall("checkLinkExpiry", execution -> execution.setVariable(Vars.LINK_EXPIRED, false));
        ProcessInstance recipient = startRecipient(recipientId, 0);

        Job timer = jobAt(Recipient.TIMER_LINK_EXPIRY_DURING_IDV, recipient);
        Assertions.assertThat(timer.getDuedate()).isEqualTo(expires);
        moveClock(START, Duration.ofDays(2));
        execute(timer);

        assertThat(recipient)
                .hasPassed(Recipient.CHECK_LINK_EXPIRY)
                .isWaitingAt(Recipient.VERIFY_IDENTITY)
                .isNotWaitingAt(Recipient.SIGN);
        Assertions.assertThat(
                        jobAt(Recipient.TIMER_LINK_EXPIRY_DURING_IDV, recipient).getDuedate())
                .isEqualTo(extended);
        Assertions.assertThat(variable(recipient, Vars.IDV_BEFORE_PENDING)).isTrue();
        followed(recipient, ModelPath.RECIPIENT_LINK_STILL_VALID_DURING_IDV);
    }

    /**
     * A signer who submitted and owes the check after submitting, whose link dies meanwhile: no
     * session can be finished (the task is gone) until the sender extends the links; then they are
     * back at Verify identity, not at Sign (their submission stands), and the signature follows the
     * approval.
     */
    @Test
    @Follows(ModelPath.RECIPIENT_LINK_EXPIRED_DURING_IDV_AFTER_SUBMITTING)
    void aLinkThatDiesAfterSubmittingWaitsForANewOneThenTheCheckIsStillOwed() {
        idv("after_submitting");
        answers.add(IdvVerdict.PASSED);
        moveClock(START, Duration.ZERO);
        onCall("checkLinkExpiry", execution -> execution.setVariable(Vars.LINK_EXPIRED, true));
        ProcessInstance recipient = startRecipient(recipientId, 0);
        engine.getTaskService().complete(task(Recipient.SIGN, recipient).getId());
        assertThat(recipient).isWaitingAt(Recipient.VERIFY_IDENTITY);

        moveClock(START, Duration.ofDays(7));
        execute(jobAt(Recipient.TIMER_LINK_EXPIRY_DURING_IDV, recipient));

        assertThat(recipient).isWaitingAt(Recipient.AWAIT_NEW_LINK).isNotWaitingAt(Recipient.VERIFY_IDENTITY);
        Assertions.assertThat(engine.getTaskService()
                        .createTaskQuery()
                        .processInstanceId(recipient.getId())
                        .list())
                .as("no return from the provider can complete a step that is no longer waiting")
                .isEmpty();

        runtime.createMessageCorrelation(Recipient.MESSAGE_LINK_RENEWED)
                .processInstanceBusinessKey(recipientId)
                .correlateAll();

        assertThat(recipient)
                .hasPassed(Recipient.LINK_RENEWED)
                .isWaitingAt(Recipient.VERIFY_IDENTITY)
                .isNotWaitingAt(Recipient.SIGN);
        backFromProvider(recipient);
        execute(jobAt(Recipient.FETCH_IDV_RESULT, recipient));
        execute(jobAt(Recipient.APPLY_SIGNATURE, recipient));

        assertThat(recipient).isEnded();
        Assertions.assertThat(beansCalled())
                .containsExactly("sendInvitation", "checkLinkExpiry", "fetchIdvResult", "applySignature");
        followed(recipient, ModelPath.RECIPIENT_LINK_EXPIRED_DURING_IDV_AFTER_SUBMITTING);
    }
}
