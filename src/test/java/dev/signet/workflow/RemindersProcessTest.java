package dev.signet.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import dev.signet.workflow.Processes.Recipient;
import dev.signet.workflow.Processes.Vars;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/** Automatic reminders run on the engine clock; the sender can ask for one more at any time. */
class RemindersProcessTest extends ProcessTest {

    /** Long enough that the link outlives every reminder, so only the reminder timer fires. */
    private static final int ONE_YEAR = 365 * 24 * 3600;

    private UUID oneSigner(Tenant tenant, int reminderDays) {
        Options options = withRecipient(
                new Options("Lease").reminders(reminderDays).signer("Alice", "alice@example.com", 1),
                0,
                r -> r.put("active_for_seconds", ONE_YEAR));
        UUID id = create(tenant.sandboxKey(), options.toString());
        runJobs(id);
        return id;
    }

    /** The model counts with an expression, which may make the number a Long. */
    private int remindersSent(ProcessInstance process) {
        return ((Number) runtime.getVariable(process.getId(), Vars.REMINDERS_SENT)).intValue();
    }

    @Test
    void everyTwoDaysOneReminderWithAWorkingLinkThreeInAllAndNeverAFourth() {
        UUID id = oneSigner(newTenant(), 2);
        ProcessInstance alice = recipientProcess(recipientId(id, "alice@example.com"));
        assertThat(alice).isWaitingAt(Recipient.SIGN, Recipient.TIMER_REMINDER);
        assertThat(remindersSent(alice))
                .as("the count starts where the reminder branch does")
                .isZero();
        Instant start = engineNow();

        int[] expectedAfterDay = {0, 0, 1, 1, 2, 2, 3, 3, 3, 3};
        for (int day = 1; day < expectedAfterDay.length; day++) {
            moveEngineClock(start, Duration.ofDays(day).plusMinutes(1));
            runJobs(id);
            assertThat(outbox(id, "REMINDER")).as("reminders after day %d", day).hasSize(expectedAfterDay[day]);
        }
        for (Message reminder : outbox(id, "REMINDER")) {
            assertThat(reminder.address()).isEqualTo("alice@example.com");
            assertThat(api.get("/v2/signing/" + reminder.token(), null).status())
                    .isEqualTo(200);
        }
        assertThat(alice)
                .hasPassed(Recipient.SIGN_AND_REMIND, Recipient.END_REMINDERS_DONE)
                .isWaitingAt(Recipient.SIGN)
                .isNotWaitingAt(Recipient.TIMER_REMINDER);
        assertThat(remindersSent(alice)).isEqualTo(3);

        moveEngineClock(start, Duration.ofDays(300));
        runJobs(id);
        assertThat(outbox(id, "REMINDER")).hasSize(3);
        assertThat(alice).isWaitingAt(Recipient.SIGN);

        // Ten years on, long after the link itself ended (for token checks too, which use wall time).
        jdbc.sql("update signing_token set expires_at = ? where recipient_id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), recipientId(id, "alice@example.com"))
                .update();
        moveEngineClock(start, Duration.ofDays(3650));
        runJobs(id);
        assertThat(outbox(id, "REMINDER")).hasSize(3);
        assertThat(alice).isWaitingAt(Recipient.AWAIT_NEW_LINK);
    }

    @Test
    void frequencyZeroSchedulesNoReminderTimerAndSendsNoReminder() {
        UUID id = oneSigner(newTenant(), 0);
        ProcessInstance alice = recipientProcess(recipientId(id, "alice@example.com"));
        // Decided before the split: no parallel reminder branch is started at all.
        assertThat(alice)
                .isWaitingAt(Recipient.SIGN)
                .hasPassed(Recipient.REMINDERS_ON)
                .hasNotPassed(Recipient.SIGN_AND_REMIND)
                .isNotWaitingAt(Recipient.TIMER_REMINDER);
        assertThat(jobsAt(alice, Recipient.TIMER_REMINDER)).isEmpty();
        assertThat(runtime.getVariables(alice.getId())).doesNotContainKey(Vars.REMINDERS_SENT);

        moveEngineClock(engineNow(), Duration.ofDays(60));
        runJobs(id);
        assertThat(outbox(id, "REMINDER")).isEmpty();
        assertThat(alice).hasNotPassed(Recipient.SEND_REMINDER);
    }

    @Test
    void signingStopsTheSignersRemindersAtOnceWhileTheOthersGoOn() {
        Options options = new Options("Lease")
                .reminders(2)
                .signer("Alice", "alice@example.com", 1)
                .signer("Bob", "bob@example.com", 1);
        withRecipient(options, 0, r -> r.put("active_for_seconds", ONE_YEAR));
        withRecipient(options, 1, r -> r.put("active_for_seconds", ONE_YEAR));
        UUID id = create(newTenant().sandboxKey(), options.toString());
        runJobs(id);
        ProcessInstance alice = recipientProcess(recipientId(id, "alice@example.com"));
        assertThat(alice).isWaitingAt(Recipient.SIGN, Recipient.TIMER_REMINDER);
        Instant start = engineNow();

        assertThat(sign(invitationTo(id, "alice@example.com").token()).status()).isEqualTo(204);
        // Her signature is applied by its own job; a reminder due meanwhile would find her signed and send nothing.
        management.executeJob(jobsAt(alice, Recipient.APPLY_SIGNATURE).get(0).getId());
        // Her part ends with that job: the terminate end event cancels her reminder branch in the same transaction.
        assertThat(alice).isEnded().hasPassed(Recipient.END_SIGNED);
        assertThat(jobsAt(alice, Recipient.TIMER_REMINDER)).isEmpty();

        moveEngineClock(start, Duration.ofDays(2).plusMinutes(1));
        runJobs(id);
        assertThat(alice).isEnded().hasNotPassed(Recipient.SEND_REMINDER);
        assertThat(outbox(id, "REMINDER")).extracting(Message::address).containsExactly("bob@example.com");
        moveEngineClock(start, Duration.ofDays(4).plusMinutes(2));
        runJobs(id);
        assertThat(outbox(id, "REMINDER"))
                .extracting(Message::address)
                .containsExactly("bob@example.com", "bob@example.com");
    }

    @Test
    void manualReminderIsQueuedAtOnceAndLeavesTheAutomaticCountAlone() {
        Tenant tenant = newTenant();
        UUID id = oneSigner(tenant, 2);
        UUID aliceId = recipientId(id, "alice@example.com");
        ProcessInstance alice = recipientProcess(aliceId);
        Instant start = engineNow();

        var response =
                api.post("/v2/envelopes/" + id + "/recipients/" + aliceId + "/send-reminder", tenant.sandboxKey());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("recipient_id").asText()).isEqualTo(aliceId.toString());
        assertThat(alice)
                .hasPassed(Recipient.SEND_MANUAL_REMINDER)
                .hasNotPassed(Recipient.SEND_REMINDER)
                .isWaitingAt(Recipient.SIGN, Recipient.TIMER_REMINDER);
        assertThat(outbox(id, "REMINDER")).hasSize(1);
        assertThat(api.get("/v2/signing/" + outbox(id, "REMINDER").get(0).token(), null)
                        .status())
                .isEqualTo(200);
        assertThat(remindersSent(alice)).isZero();

        moveEngineClock(start, Duration.ofDays(2).plusMinutes(1));
        runJobs(id);
        assertThat(outbox(id, "REMINDER")).hasSize(2);
        assertThat(remindersSent(alice)).isEqualTo(1);
    }
}
