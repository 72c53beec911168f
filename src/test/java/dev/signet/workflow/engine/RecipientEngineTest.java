package dev.signet.workflow.engine;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.signet.workflow.Processes.Recipient;
import dev.signet.workflow.Processes.Vars;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every path of bpmn/recipient.bpmn, on the engine alone. */
class RecipientEngineTest extends EngineTest {

    /** Ids the model has no constant for: the ends and tasks only these tests name. */
    private static final String RESEND_INVITATION = "Task_ResendInvitation";

    private static final String END_REINVITED = "EndEvent_Reinvited";
    private static final String END_MANUAL_REMINDER_SENT = "EndEvent_ManualReminderSent";
    private static final String EDITED_WHILE_EXPIRED = "Event_RecipientEditedWhileExpired";

    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
    private static final Date LINK_EXPIRES = Date.from(START.plus(Duration.ofDays(7)));

    private final String recipientId = newId();
    private ManagementService management;

    @BeforeEach
    void linkValidForAWeek() {
        moveClock(START, Duration.ZERO);
        management = engine.getManagementService();
        when(linkExpiry.dueDate(recipientId)).thenReturn(LINK_EXPIRES);
    }

    private void linkFoundExpired(boolean expired) {
        onCall("checkLinkExpiry", execution -> execution.setVariable(Vars.LINK_EXPIRED, expired));
    }

    private void expireTheLink(ProcessInstance recipient) {
        moveClock(START, Duration.ofDays(7));
        execute(jobAt(Recipient.TIMER_LINK_EXPIRY, recipient));
    }

    @Test
    @Follows(ModelPath.RECIPIENT_WAITS_WITHOUT_REMINDERS)
    void remindersOffInvitesAndWaitsAtSignWithoutAReminderLoop() throws Exception {
        ProcessInstance recipient = startRecipient(recipientId, 0);

        assertThat(recipient)
                .hasPassed(Recipient.SEND_INVITATION)
                .isWaitingAt(Recipient.SIGN)
                .isNotWaitingAt(Recipient.TIMER_REMINDER)
                .hasNotPassed(Recipient.SIGN_AND_REMIND);
        assertThat(recipient).variables().doesNotContainKey(Vars.REMINDERS_SENT);
        verify(delegate("sendInvitation")).execute(any());
        Assertions.assertThat(variableOfCalls("sendInvitation", Vars.RECIPIENT_ID))
                .containsExactly(recipientId);
        Assertions.assertThat(beansCalled()).containsExactly("sendInvitation");
        Assertions.assertThat(jobAt(Recipient.TIMER_LINK_EXPIRY, recipient).getDuedate())
                .isEqualTo(LINK_EXPIRES);
        followed(recipient, ModelPath.RECIPIENT_WAITS_WITHOUT_REMINDERS);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_THREE_TIMED_REMINDERS)
    void remindersOnSendThreeTimedRemindersEveryReminderDaysThenStop() throws Exception {
        ProcessInstance recipient = startRecipient(recipientId, 2);
        assertThat(recipient).isWaitingAt(Recipient.SIGN, Recipient.TIMER_REMINDER);
        Assertions.assertThat(((Number) runtime.getVariable(recipient.getId(), Vars.REMINDERS_SENT)).intValue())
                .as("the count starts where the reminder branch does")
                .isZero();

        for (int round = 1; round <= 3; round++) {
            Job timer = jobAt(Recipient.TIMER_REMINDER, recipient);
            Assertions.assertThat(timer.getDuedate())
                    .as("reminder %d", round)
                    .isEqualTo(Date.from(START.plus(Duration.ofDays(2L * round))));
            moveClock(START, Duration.ofDays(2L * round));
            execute(timer);
        }

        verify(delegate("sendReminder"), times(3)).execute(any());
        Assertions.assertThat(variableOfCalls("sendReminder", Vars.RECIPIENT_ID))
                .containsExactly(recipientId, recipientId, recipientId);
        Assertions.assertThat(calls("sendReminder"))
                .extracting(Call::activityId)
                .containsOnly(Recipient.SEND_REMINDER);
        assertThat(recipient)
                .hasPassed(Recipient.END_REMINDERS_DONE)
                .isWaitingAt(Recipient.SIGN)
                .isNotWaitingAt(Recipient.TIMER_REMINDER);
        Assertions.assertThat(((Number) runtime.getVariable(recipient.getId(), Vars.REMINDERS_SENT)).intValue())
                .isEqualTo(3);
        Assertions.assertThat(management
                        .createJobQuery()
                        .processInstanceId(recipient.getId())
                        .list())
                .extracting(Job::getId)
                .containsExactly(jobAt(Recipient.TIMER_LINK_EXPIRY, recipient).getId());
        followed(recipient, ModelPath.RECIPIENT_THREE_TIMED_REMINDERS);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_MANUAL_REMINDER)
    void aManualReminderIsSentAndTheSignerKeepsWaitingAtSign() throws Exception {
        ProcessInstance recipient = startRecipient(recipientId, 0);

        Assertions.assertThat(runtime.createMessageCorrelation(Recipient.MESSAGE_REMIND)
                        .processInstanceBusinessKey(recipientId)
                        .correlateAllWithResult())
                .hasSize(1);

        assertThat(recipient)
                .hasPassed(Recipient.SEND_MANUAL_REMINDER, END_MANUAL_REMINDER_SENT)
                .isWaitingAt(Recipient.SIGN);
        assertThat(recipient).variables().doesNotContainKey(Vars.REMINDERS_SENT);
        Assertions.assertThat(calls("sendReminder")).singleElement().satisfies(call -> {
            Assertions.assertThat(call.activityId()).isEqualTo(Recipient.SEND_MANUAL_REMINDER);
            Assertions.assertThat(call.variables()).containsEntry(Vars.RECIPIENT_ID, recipientId);
        });
        followed(recipient, ModelPath.RECIPIENT_MANUAL_REMINDER);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_DETAILS_CORRECTED)
    void correctedDetailsWhileWaitingSendANewInvitation() throws Exception {
        ProcessInstance recipient = startRecipient(recipientId, 0);

        runtime.createMessageCorrelation(Recipient.MESSAGE_EDITED)
                .processInstanceBusinessKey(recipientId)
                .correlateAll();

        assertThat(recipient).hasPassed(RESEND_INVITATION, END_REINVITED).isWaitingAt(Recipient.SIGN);
        Assertions.assertThat(calls("sendInvitation"))
                .extracting(Call::activityId)
                .containsExactly(Recipient.SEND_INVITATION, RESEND_INVITATION);
        Assertions.assertThat(variableOfCalls("sendInvitation", Vars.RECIPIENT_ID))
                .containsOnly(recipientId);
        followed(recipient, ModelPath.RECIPIENT_DETAILS_CORRECTED);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_LINK_STILL_VALID)
    void linkStillValidWhenTheTimerFiresGoesBackToSignWithTheNewDueDate() throws Exception {
        Date extended = Date.from(START.plus(Duration.ofDays(14)));
        when(linkExpiry.dueDate(recipientId)).thenReturn(LINK_EXPIRES, extended);
        linkFoundExpired(false);
        ProcessInstance recipient = startRecipient(recipientId, 0);

        expireTheLink(recipient);

        assertThat(recipient)
                .hasPassed(Recipient.CHECK_LINK_EXPIRY)
                .isWaitingAt(Recipient.SIGN)
                .hasNotPassed(Recipient.AWAIT_NEW_LINK);
        Assertions.assertThat(variableOfCalls("checkLinkExpiry", Vars.RECIPIENT_ID))
                .containsExactly(recipientId);
        Assertions.assertThat(jobAt(Recipient.TIMER_LINK_EXPIRY, recipient).getDuedate())
                .isEqualTo(extended);
        verify(linkExpiry, times(2)).dueDate(recipientId);
        followed(recipient, ModelPath.RECIPIENT_LINK_STILL_VALID);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_LINK_EXPIRED_THEN_EXTENDED)
    void expiredLinkWaitsForTheSenderAndRefusesRemindersUntilExtended() throws Exception {
        linkFoundExpired(true);
        ProcessInstance recipient = startRecipient(recipientId, 0);

        expireTheLink(recipient);

        // An event-based gateway is where the token waits; both catch events hold its subscriptions.
        assertThat(recipient).isWaitingAt(Recipient.AWAIT_NEW_LINK).isNotWaitingAt(Recipient.SIGN);
        Assertions.assertThat(runtime.createEventSubscriptionQuery()
                        .processInstanceId(recipient.getId())
                        .list())
                .extracting(s -> s.getActivityId() + "/" + s.getEventName())
                .containsExactlyInAnyOrder(
                        Recipient.LINK_RENEWED + "/" + Recipient.MESSAGE_LINK_RENEWED,
                        EDITED_WHILE_EXPIRED + "/" + Recipient.MESSAGE_EDITED);
        Assertions.assertThat(runtime.createMessageCorrelation(Recipient.MESSAGE_REMIND)
                        .processInstanceBusinessKey(recipientId)
                        .correlateAllWithResult())
                .as("ProcessStarter answers LINK_EXPIRED on this")
                .isEmpty();

        runtime.createMessageCorrelation(Recipient.MESSAGE_LINK_RENEWED)
                .processInstanceBusinessKey(recipientId)
                .correlateAll();

        assertThat(recipient)
                .hasPassed(Recipient.LINK_RENEWED)
                .isWaitingAt(Recipient.SIGN)
                .isNotWaitingAt(Recipient.AWAIT_NEW_LINK)
                .hasNotPassed(EDITED_WHILE_EXPIRED);
        Assertions.assertThat(jobAt(Recipient.TIMER_LINK_EXPIRY, recipient)).isNotNull();
        Assertions.assertThat(beansCalled()).containsExactly("sendInvitation", "checkLinkExpiry");
        followed(recipient, ModelPath.RECIPIENT_LINK_EXPIRED_THEN_EXTENDED);
    }

    /** The reminder loop runs beside the wait for a new link; Send reminder itself sends nothing then. */
    @Test
    @Follows(ModelPath.RECIPIENT_REMINDED_WHILE_LINK_DEAD)
    void timedRemindersGoOnCountingWhileTheLinkIsExpired() throws Exception {
        linkFoundExpired(true);
        ProcessInstance recipient = startRecipient(recipientId, 2);
        expireTheLink(recipient);
        assertThat(recipient).isWaitingAt(Recipient.AWAIT_NEW_LINK, Recipient.TIMER_REMINDER);

        moveClock(START, Duration.ofDays(8));
        execute(jobAt(Recipient.TIMER_REMINDER, recipient));

        Assertions.assertThat(variableOfCalls("sendReminder", Vars.RECIPIENT_ID))
                .containsExactly(recipientId);
        Assertions.assertThat(calls("sendReminder"))
                .extracting(Call::activityId)
                .containsExactly(Recipient.SEND_REMINDER);
        Assertions.assertThat(((Number) runtime.getVariable(recipient.getId(), Vars.REMINDERS_SENT)).intValue())
                .isEqualTo(1);
        assertThat(recipient)
                .isWaitingAt(Recipient.AWAIT_NEW_LINK, Recipient.TIMER_REMINDER)
                .isNotWaitingAt(Recipient.SIGN);
        followed(recipient, ModelPath.RECIPIENT_REMINDED_WHILE_LINK_DEAD);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_LINK_EXPIRED_THEN_DETAILS_CORRECTED)
    void correctedDetailsWhileTheLinkIsExpiredSendANewInvitationAndGoBackToSign() throws Exception {
        linkFoundExpired(true);
        ProcessInstance recipient = startRecipient(recipientId, 0);
        expireTheLink(recipient);

        runtime.createMessageCorrelation(Recipient.MESSAGE_EDITED)
                .processInstanceBusinessKey(recipientId)
                .correlateAll();

        assertThat(recipient)
                .hasPassed(EDITED_WHILE_EXPIRED, Recipient.REINVITE_EXPIRED)
                .isWaitingAt(Recipient.SIGN)
                .hasNotPassed(Recipient.LINK_RENEWED, RESEND_INVITATION);
        Assertions.assertThat(calls("sendInvitation"))
                .extracting(Call::activityId)
                .containsExactly(Recipient.SEND_INVITATION, Recipient.REINVITE_EXPIRED);
        Assertions.assertThat(variableOfCalls("sendInvitation", Vars.RECIPIENT_ID))
                .containsOnly(recipientId);
        followed(recipient, ModelPath.RECIPIENT_LINK_EXPIRED_THEN_DETAILS_CORRECTED);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_SIGNS_DURING_REMINDERS)
    void signingAppliesTheSignatureInItsOwnJobAndEndsTheReminderLoop() throws Exception {
        ProcessInstance recipient = startRecipient(recipientId, 2);

        complete(task(Recipient.SIGN, recipient));

        assertThat(recipient).isWaitingAt(Recipient.APPLY_SIGNATURE);
        verify(delegate("applySignature"), never()).execute(any());
        execute(jobAt(Recipient.APPLY_SIGNATURE, recipient));

        assertThat(recipient).hasPassed(Recipient.END_SIGNED).isEnded();
        Assertions.assertThat(variableOfCalls("applySignature", Vars.RECIPIENT_ID))
                .containsExactly(recipientId);
        Assertions.assertThat(management
                        .createJobQuery()
                        .processInstanceId(recipient.getId())
                        .count())
                .as("the reminder timer went with the terminate end")
                .isZero();
        verify(delegate("sendReminder"), never()).execute(any());
        followed(recipient, ModelPath.RECIPIENT_SIGNS_DURING_REMINDERS);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_SIGNS_WITHOUT_REMINDERS)
    void withoutRemindersSigningAppliesTheSignatureAndEndsTheProcess() throws Exception {
        ProcessInstance recipient = startRecipient(recipientId, 0);

        complete(task(Recipient.SIGN, recipient));
        assertThat(recipient).isWaitingAt(Recipient.APPLY_SIGNATURE);
        execute(jobAt(Recipient.APPLY_SIGNATURE, recipient));

        assertThat(recipient)
                .hasPassed(Recipient.END_SIGNED)
                .hasNotPassed(Recipient.SIGN_AND_REMIND)
                .isEnded();
        Assertions.assertThat(beansCalled()).containsExactly("sendInvitation", "applySignature");
        Assertions.assertThat(variableOfCalls("applySignature", Vars.RECIPIENT_ID))
                .containsExactly(recipientId);
        Assertions.assertThat(management
                        .createJobQuery()
                        .processInstanceId(recipient.getId())
                        .count())
                .as("the link-expiry timer went with the signer's wait")
                .isZero();
        followed(recipient, ModelPath.RECIPIENT_SIGNS_WITHOUT_REMINDERS);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_SIGNATURE_FAILS)
    void aFailingSignatureIsRetriedThenBecomesAnIncidentAndTheSignerIsNotSigned() throws Exception {
        onCall("applySignature", execution -> {
            throw new IllegalStateException("TSA unreachable");
        });
        ProcessInstance recipient = startRecipient(recipientId, 0);
        complete(task(Recipient.SIGN, recipient));

        for (int attempt = 1; attempt <= 3; attempt++) {
            Job job = jobAt(Recipient.APPLY_SIGNATURE, recipient);
            Assertions.assertThatThrownBy(() -> management.executeJob(job.getId()))
                    .as("attempt %d", attempt)
                    .hasMessageContaining("TSA unreachable");
        }

        List<Incident> incidents = runtime.createIncidentQuery()
                .processInstanceId(recipient.getId())
                .list();
        Assertions.assertThat(incidents).singleElement().satisfies(incident -> {
            Assertions.assertThat(incident.getActivityId()).isEqualTo(Recipient.APPLY_SIGNATURE);
            Assertions.assertThat(incident.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
        });
        Assertions.assertThat(jobAt(Recipient.APPLY_SIGNATURE, recipient).getRetries())
                .isZero();
        assertThat(recipient)
                .isNotEnded()
                .isWaitingAt(Recipient.APPLY_SIGNATURE)
                .hasNotPassed(Recipient.END_SIGNED);
        verify(delegate("applySignature"), times(3)).execute(any());
        followed(recipient, ModelPath.RECIPIENT_SIGNATURE_FAILS);
    }
}
