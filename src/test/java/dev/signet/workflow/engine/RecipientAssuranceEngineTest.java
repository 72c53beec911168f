package dev.signet.workflow.engine;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.mockito.Mockito.when;

import dev.signet.assurance.AssuranceFacts;
import dev.signet.workflow.Processes.Recipient;
import dev.signet.workflow.Processes.Vars;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/**
 * The assurance step of bpmn/recipient.bpmn on the engine alone, with the real decision table:
 * Decide assurance steps, and Enter one-time password with the events it shares with Sign.
 */
class RecipientAssuranceEngineTest extends EngineTest {

    private static final String RESEND_INVITATION = "Task_ResendInvitation";
    private static final String END_REINVITED = "EndEvent_Reinvited";
    private static final String END_MANUAL_REMINDER_SENT = "EndEvent_ManualReminderSent";

    private final String recipientId = newId();

    private void envelopeAsksForOtp() {
        assuranceFacts = new AssuranceFacts("SIGNER", null, true, false, null, true);
    }

    /** Signet's recipient API, when the code checks out (ProcessStarter on OtpPassed). */
    private void codeChecksOut(ProcessInstance recipient) {
        engine.getTaskService().complete(task(Recipient.ENTER_OTP, recipient).getId(), Map.of(Vars.OTP_PENDING, false));
    }

    @Test
    @Follows(ModelPath.RECIPIENT_OTP_THEN_SIGNS)
    void aSignerWhoseEnvelopeAsksForOtpEntersItBeforeSign() throws Exception {
        envelopeAsksForOtp();
        ProcessInstance recipient = startRecipient(recipientId, 0);

        assertThat(recipient)
                .hasPassed(Recipient.SEND_INVITATION, Recipient.DECIDE_ASSURANCE)
                .isWaitingAt(Recipient.ENTER_OTP)
                .isNotWaitingAt(Recipient.SIGN);
        Assertions.assertThat(runtime.getVariables(recipient.getId()))
                .as("the table's inputs are gone again: ids and flags only")
                .doesNotContainKeys(AssuranceFacts.INPUTS.toArray(String[]::new))
                .containsEntry(Vars.OTP_PENDING, true);

        codeChecksOut(recipient);
        assertThat(recipient).isWaitingAt(Recipient.SIGN).isNotWaitingAt(Recipient.ENTER_OTP);
        engine.getTaskService().complete(task(Recipient.SIGN, recipient).getId());
        execute(jobAt(Recipient.APPLY_SIGNATURE, recipient));

        assertThat(recipient).hasPassed(Recipient.END_SIGNED).isEnded();
        Assertions.assertThat(beansCalled()).containsExactly("sendInvitation", "applySignature");
        followed(recipient, ModelPath.RECIPIENT_OTP_THEN_SIGNS);
    }

    @Test
    void withoutOtpTheTableAsksNothingAndTheSignerGoesStraightToSign() {
        ProcessInstance recipient = startRecipient(recipientId, 0);

        assertThat(recipient)
                .hasPassed(Recipient.DECIDE_ASSURANCE)
                .isWaitingAt(Recipient.SIGN)
                .hasNotPassed(Recipient.ENTER_OTP);
        Assertions.assertThat(runtime.getVariables(recipient.getId()))
                .containsEntry(Vars.OTP_PENDING, false)
                .doesNotContainKeys(AssuranceFacts.INPUTS.toArray(String[]::new));
    }

    @Test
    @Follows(ModelPath.RECIPIENT_REMINDED_BEFORE_OTP)
    void aReminderAskedForBeforeTheCodeIsSentAndTheSignerStillOwesTheCode() throws Exception {
        envelopeAsksForOtp();
        ProcessInstance recipient = startRecipient(recipientId, 0);

        Assertions.assertThat(runtime.createMessageCorrelation(Recipient.MESSAGE_REMIND)
                        .processInstanceBusinessKey(recipientId)
                        .correlateAllWithResult())
                .hasSize(1);

        assertThat(recipient)
                .hasPassed(Recipient.SEND_MANUAL_REMINDER, END_MANUAL_REMINDER_SENT)
                .isWaitingAt(Recipient.ENTER_OTP);
        Assertions.assertThat(variableOfCalls("sendReminder", Vars.RECIPIENT_ID))
                .containsExactly(recipientId);
        followed(recipient, ModelPath.RECIPIENT_REMINDED_BEFORE_OTP);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_CORRECTED_BEFORE_OTP)
    void correctedDetailsBeforeTheCodeSendANewInvitation() throws Exception {
        envelopeAsksForOtp();
        ProcessInstance recipient = startRecipient(recipientId, 0);

        runtime.createMessageCorrelation(Recipient.MESSAGE_EDITED)
                .processInstanceBusinessKey(recipientId)
                .correlateAll();

        assertThat(recipient).hasPassed(RESEND_INVITATION, END_REINVITED).isWaitingAt(Recipient.ENTER_OTP);
        Assertions.assertThat(calls("sendInvitation"))
                .extracting(Call::activityId)
                .containsExactly(Recipient.SEND_INVITATION, RESEND_INVITATION);
        followed(recipient, ModelPath.RECIPIENT_CORRECTED_BEFORE_OTP);
    }

    /**
     * The link's expiry applies while the code is owed, as at Sign: the timer on Enter one-time
     * password fires at the link's due date; a link the sender extended meanwhile brings the signer
     * back to the code step (not to Sign: the code is still owed), with the new due date.
     */
    @Test
    @Follows(ModelPath.RECIPIENT_LINK_STILL_VALID_DURING_OTP)
    void theLinkTimerRunsAtTheCodeStepAndAnExtendedLinkComesBackToIt() throws Exception {
        envelopeAsksForOtp();
        Instant start = Instant.parse("2026-01-05T09:00:00Z");
        moveClock(start, Duration.ZERO);
        Date expires = Date.from(start.plus(Duration.ofDays(2)));
        Date extended = Date.from(start.plus(Duration.ofDays(9)));
        when(linkExpiry.dueDate(recipientId)).thenReturn(expires, extended);
        onCall("checkLinkExpiry", execution -> execution.setVariable(Vars.LINK_EXPIRED, false));
        ProcessInstance recipient = startRecipient(recipientId, 0);

        Job timer = jobAt(Recipient.TIMER_LINK_EXPIRY_DURING_OTP, recipient);
        Assertions.assertThat(timer.getDuedate()).isEqualTo(expires);
        moveClock(start, Duration.ofDays(2));
        execute(timer);

        assertThat(recipient)
                .hasPassed(Recipient.CHECK_LINK_EXPIRY)
                .isWaitingAt(Recipient.ENTER_OTP)
                .isNotWaitingAt(Recipient.SIGN);
        Assertions.assertThat(
                        jobAt(Recipient.TIMER_LINK_EXPIRY_DURING_OTP, recipient).getDuedate())
                .isEqualTo(extended);
        Assertions.assertThat(runtime.getVariable(recipient.getId(), Vars.OTP_PENDING))
                .isEqualTo(true);
        followed(recipient, ModelPath.RECIPIENT_LINK_STILL_VALID_DURING_OTP);
    }

    /**
     * A link that dies before the code is entered leaves the code step: no code can be asked for or
     * checked (the link is dead) until the sender renews it; then the signer owes the code again.
     */
    @Test
    @Follows(ModelPath.RECIPIENT_LINK_EXPIRED_DURING_OTP_THEN_EXTENDED)
    void aLinkThatDiesAtTheCodeStepWaitsForANewOneAndTheCodeIsStillOwed() throws Exception {
        envelopeAsksForOtp();
        Instant start = Instant.parse("2026-01-05T09:00:00Z");
        moveClock(start, Duration.ZERO);
        onCall("checkLinkExpiry", execution -> execution.setVariable(Vars.LINK_EXPIRED, true));
        ProcessInstance recipient = startRecipient(recipientId, 0);

        moveClock(start, Duration.ofDays(7));
        execute(jobAt(Recipient.TIMER_LINK_EXPIRY_DURING_OTP, recipient));

        assertThat(recipient).isWaitingAt(Recipient.AWAIT_NEW_LINK).isNotWaitingAt(Recipient.ENTER_OTP);
        Assertions.assertThat(engine.getTaskService()
                        .createTaskQuery()
                        .processInstanceId(recipient.getId())
                        .list())
                .as("no code can complete a step that is no longer waiting")
                .isEmpty();

        runtime.createMessageCorrelation(Recipient.MESSAGE_LINK_RENEWED)
                .processInstanceBusinessKey(recipientId)
                .correlateAll();

        assertThat(recipient)
                .hasPassed(Recipient.LINK_RENEWED)
                .isWaitingAt(Recipient.ENTER_OTP)
                .isNotWaitingAt(Recipient.SIGN);
        followed(recipient, ModelPath.RECIPIENT_LINK_EXPIRED_DURING_OTP_THEN_EXTENDED);
    }

    /**
     * An analyst's change in Camunda Modeler, redeployed: the one-time password row without its
     * has_envelope_otps condition. The next signer of an envelope that asked for nothing gets the
     * code step, with no Java change; removing the deployment restores the shipped table.
     */
    @Test
    void aRedeployedTableChangesThePathWithNoCodeChange() throws IOException {
        String shipped;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ASSURANCE_TABLE)) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String condition = "<inputEntry id=\"Rule_SignerOtpAsked_hasEnvelopeOtps\"><text>true</text></inputEntry>";
        Assertions.assertThat(shipped).contains(condition);
        String everySigner = shipped.replace(
                condition, "<inputEntry id=\"Rule_SignerOtpAsked_hasEnvelopeOtps\"><text></text></inputEntry>");

        ProcessInstance before = startRecipient(newId(), 0);
        assertThat(before).isWaitingAt(Recipient.SIGN);

        RepositoryService repository = engine.getRepositoryService();
        Deployment changed = repository
                .createDeployment()
                .name("analyst's table")
                .addString("recipient-assurance.dmn", everySigner)
                .deploy();
        try {
            ProcessInstance after = startRecipient(recipientId, 0);
            assertThat(after).isWaitingAt(Recipient.ENTER_OTP).isNotWaitingAt(Recipient.SIGN);
            assertThat(before).isWaitingAt(Recipient.SIGN);
        } finally {
            repository.deleteDeployment(changed.getId(), true);
        }
        assertThat(startRecipient(newId(), 0)).isWaitingAt(Recipient.SIGN);
    }
}
