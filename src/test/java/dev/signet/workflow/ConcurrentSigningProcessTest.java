package dev.signet.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import dev.signet.workflow.Processes.Envelope;
import dev.signet.workflow.Processes.Recipient;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/** Two signers of one group who finish at the same instant: the group completes once, the next starts once. */
class ConcurrentSigningProcessTest extends ProcessTest {

    @Test
    void twoSignersSubmittingAndEndingAtOnceCompleteTheirGroupOnceAndInviteTheNextGroupOnce() throws Exception {
        UUID id = create(
                newTenant().sandboxKey(),
                new Options("Lease")
                        .signer("Alice", "alice@example.com", 1)
                        .signer("Bob", "bob@example.com", 1)
                        .signer("Carol", "carol@example.com", 2)
                        .toString());
        ProcessInstance envelope = envelopeProcess(id);
        runJobs(id);
        ProcessInstance alice = recipientProcess(recipientId(id, "alice@example.com"));
        ProcessInstance bob = recipientProcess(recipientId(id, "bob@example.com"));
        String aliceToken = invitationTo(id, "alice@example.com").token();
        String bobToken = invitationTo(id, "bob@example.com").token();

        List<Object> submitted = atOnce(
                List.of(() -> sign(aliceToken).status(), () -> sign(bobToken).status()));
        assertThat(submitted).containsExactly(204, 204);
        assertThat(alice).isWaitingAt(Recipient.APPLY_SIGNATURE);
        assertThat(bob).isWaitingAt(Recipient.APPLY_SIGNATURE);

        // Both signatures go onto the same document at once, and both signers' ends reach the same group:
        // the envelope lock puts one job after the other, so neither collides with the other on the
        // envelope process and neither needs a retry.
        Job aliceSigns = jobsAt(alice, Recipient.APPLY_SIGNATURE).get(0);
        Job bobSigns = jobsAt(bob, Recipient.APPLY_SIGNATURE).get(0);
        assertThat(atOnce(List.of(() -> run(aliceSigns), () -> run(bobSigns)))).containsExactly("done", "done");
        assertThat(alice).isEnded().hasPassed(Recipient.END_SIGNED);
        assertThat(bob).isEnded().hasPassed(Recipient.END_SIGNED);

        UUID carol = recipientId(id, "carol@example.com");
        assertThat(recipientProcessCount(carol)).isEqualTo(1);
        assertThat(recipientProcess(carol)).isWaitingAt(Recipient.SIGN);
        assertThat(outboxTo(id, "INVITATION", "carol@example.com")).hasSize(1);
        assertThat(passes(envelope, Envelope.END_GROUP_SIGNED)).isEqualTo(1);
        assertThat(passes(envelope, Envelope.RECIPIENTS))
                .as("call activity instances: Alice, Bob, Carol")
                .isEqualTo(3);
        assertThat(runtime.createIncidentQuery()
                        .processInstanceId(envelope.getId())
                        .count())
                .isZero();

        assertThat(sign(invitationTo(id, "carol@example.com").token()).status()).isEqualTo(204);
        runJobs(id);
        assertThat(envelope).isEnded().hasPassed(Envelope.END_COMPLETED);
        assertThat(passes(envelope, Envelope.END_GROUP_SIGNED)).isEqualTo(2);
        assertThat(outbox(id, "COMPLETION")).hasSize(3);
    }

    private String run(Job job) {
        management.executeJob(job.getId());
        return "done";
    }

    private long passes(ProcessInstance process, String activityId) {
        return history.createHistoricActivityInstanceQuery()
                .processInstanceId(process.getId())
                .activityId(activityId)
                .count();
    }
}
