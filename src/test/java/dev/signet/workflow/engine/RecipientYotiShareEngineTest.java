package dev.signet.workflow.engine;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.mockito.Mockito.when;

import dev.signet.assurance.AssuranceFacts;
import dev.signet.workflow.Processes.Recipient;
import dev.signet.workflow.Processes.Vars;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/**
 * Yoti auth ({@code sign-auth}) in bpmn/recipient.bpmn on the engine alone, with the real decision
 * table: Share with Yoti before Sign, and the reminder, corrected details and link expiry it shares
 * with Sign. Signet completes the task when a share of the signer's own email passed (as
 * YotiShareDelegates does on YotiSharePassed).
 */
class RecipientYotiShareEngineTest extends EngineTest {

    private static final String RESEND_INVITATION = "Task_ResendInvitation";
    private static final String END_REINVITED = "EndEvent_Reinvited";
    private static final String END_MANUAL_REMINDER_SENT = "EndEvent_ManualReminderSent";
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    private final String recipientId = newId();

    private void signAuth(boolean sandbox) {
        assuranceFacts = new AssuranceFacts("SIGNER", "sign-auth", false, false, null, sandbox);
    }

    /** Signet, when the shared email is the recipient's. */
    private void sharePassed(ProcessInstance recipient) {
        engine.getTaskService()
                .complete(task(Recipient.SHARE_YOTI, recipient).getId(), Map.of(Vars.YOTI_SHARE_PENDING, false));
    }

    @Test
    @Follows(ModelPath.RECIPIENT_YOTI_SHARE_THEN_SIGNS)
    void aSignAuthSignerSharesWithYotiBeforeSign() {
        signAuth(false);
        ProcessInstance recipient = startRecipient(recipientId, 0);

        assertThat(recipient)
                .hasPassed(Recipient.DECIDE_ASSURANCE)
                .isWaitingAt(Recipient.SHARE_YOTI)
                .isNotWaitingAt(Recipient.SIGN);
        Assertions.assertThat(runtime.getVariables(recipient.getId()))
                .as("the table's inputs are gone again: ids and flags only")
                .doesNotContainKeys(AssuranceFacts.INPUTS.toArray(String[]::new))
                .containsEntry(Vars.YOTI_SHARE_PENDING, true)
                .containsEntry(Vars.OTP_PENDING, false)
                .containsEntry(Vars.IDV_BEFORE_PENDING, false);

        sharePassed(recipient);
        assertThat(recipient).isWaitingAt(Recipient.SIGN);
        engine.getTaskService().complete(task(Recipient.SIGN, recipient).getId());
        execute(jobAt(Recipient.APPLY_SIGNATURE, recipient));

        assertThat(recipient).isEnded();
        Assertions.assertThat(beansCalled()).containsExactly("sendInvitation", "applySignature");
        followed(recipient, ModelPath.RECIPIENT_YOTI_SHARE_THEN_SIGNS);
    }

    @Test
    void theSandboxTakesTheSameStep() {
        signAuth(true);
        ProcessInstance recipient = startRecipient(recipientId, 0);

        assertThat(recipient).isWaitingAt(Recipient.SHARE_YOTI).isNotWaitingAt(Recipient.SIGN);
    }

    @Test
    void aCodeComesBeforeTheShareWhenTheEnvelopeAsksForBoth() {
        assuranceFacts = new AssuranceFacts("SIGNER", "sign-auth", true, false, null, true);
        ProcessInstance recipient = startRecipient(recipientId, 0);

        assertThat(recipient).isWaitingAt(Recipient.ENTER_OTP).isNotWaitingAt(Recipient.SHARE_YOTI);
        engine.getTaskService().complete(task(Recipient.ENTER_OTP, recipient).getId(), Map.of(Vars.OTP_PENDING, false));
        assertThat(recipient).isWaitingAt(Recipient.SHARE_YOTI).isNotWaitingAt(Recipient.SIGN);
        sharePassed(recipient);
        assertThat(recipient).isWaitingAt(Recipient.SIGN);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_REMINDED_BEFORE_YOTI_SHARE)
    void aReminderAskedForWhileTheShareIsOwedIsSentAndTheShareIsStillOwed() {
        signAuth(false);
        ProcessInstance recipient = startRecipient(recipientId, 0);

        Assertions.assertThat(runtime.createMessageCorrelation(Recipient.MESSAGE_REMIND)
                        .processInstanceBusinessKey(recipientId)
                        .correlateAllWithResult())
                .hasSize(1);

        assertThat(recipient)
                .hasPassed(Recipient.SEND_MANUAL_REMINDER, END_MANUAL_REMINDER_SENT)
                .isWaitingAt(Recipient.SHARE_YOTI);
        Assertions.assertThat(variableOfCalls("sendReminder", Vars.RECIPIENT_ID))
                .containsExactly(recipientId);
        followed(recipient, ModelPath.RECIPIENT_REMINDED_BEFORE_YOTI_SHARE);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_CORRECTED_BEFORE_YOTI_SHARE)
    void correctedDetailsWhileTheShareIsOwedSendANewInvitation() {
        signAuth(false);
        ProcessInstance recipient = startRecipient(recipientId, 0);

        runtime.createMessageCorrelation(Recipient.MESSAGE_EDITED)
                .processInstanceBusinessKey(recipientId)
                .correlateAll();

        assertThat(recipient).hasPassed(RESEND_INVITATION, END_REINVITED).isWaitingAt(Recipient.SHARE_YOTI);
        Assertions.assertThat(calls("sendInvitation"))
                .extracting(EngineTest.Call::activityId)
                .containsExactly(Recipient.SEND_INVITATION, RESEND_INVITATION);
        followed(recipient, ModelPath.RECIPIENT_CORRECTED_BEFORE_YOTI_SHARE);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_LINK_STILL_VALID_DURING_YOTI_SHARE)
    void theLinkTimerRunsAtTheShareAndAnExtendedLinkComesBackToIt() {
        signAuth(false);
        moveClock(START, Duration.ZERO);
        Date expires = Date.from(START.plus(Duration.ofDays(2)));
        Date extended = Date.from(START.plus(Duration.ofDays(9)));
        when(linkExpiry.dueDate(recipientId)).thenReturn(expires, extended);
        onCall("checkLinkExpiry", execution -> execution.setVariable(Vars.LINK_EXPIRED, false));
        ProcessInstance recipient = startRecipient(recipientId, 0);

        Job timer = jobAt(Recipient.TIMER_LINK_EXPIRY_DURING_SHARE, recipient);
        Assertions.assertThat(timer.getDuedate()).isEqualTo(expires);
        moveClock(START, Duration.ofDays(2));
        execute(timer);

        assertThat(recipient)
                .hasPassed(Recipient.CHECK_LINK_EXPIRY)
                .isWaitingAt(Recipient.SHARE_YOTI)
                .isNotWaitingAt(Recipient.SIGN);
        Assertions.assertThat(jobAt(Recipient.TIMER_LINK_EXPIRY_DURING_SHARE, recipient)
                        .getDuedate())
                .isEqualTo(extended);
        Assertions.assertThat(runtime.getVariable(recipient.getId(), Vars.YOTI_SHARE_PENDING))
                .isEqualTo(true);
        followed(recipient, ModelPath.RECIPIENT_LINK_STILL_VALID_DURING_YOTI_SHARE);
    }
}
