package dev.signet.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import dev.signet.Api;
import dev.signet.workflow.Processes.Envelope;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/** Archiving withdraws an envelope at any point: the processes stop and the waiting signers are told. */
class ArchiveProcessTest extends ProcessTest {

    private Api.Response archive(Tenant tenant, UUID id) {
        return api.patch("/v2/envelopes/" + id, tenant.sandboxKey());
    }

    @Test
    void archivingMidFlightEndsEveryProcessAndTellsOnlyTheInvitedUnsignedSigners() {
        Tenant tenant = newTenant();
        UUID id = create(
                tenant.sandboxKey(),
                new Options("Lease")
                        .reminders(1)
                        .signer("Alice", "alice@example.com", 1)
                        .signer("Bob", "bob@example.com", 1)
                        .signer("Carol", "carol@example.com", 2)
                        .cc("Dan", "dan@example.com")
                        .toString());
        ProcessInstance envelope = envelopeProcess(id);
        runJobs(id);
        ProcessInstance bob = recipientProcess(recipientId(id, "bob@example.com"));
        assertThat(sign(invitationTo(id, "alice@example.com").token()).status()).isEqualTo(204);
        runJobs(id);
        assertThat(bob).isWaitingAt(Processes.Recipient.SIGN, Processes.Recipient.TIMER_REMINDER);

        assertThat(archive(tenant, id).status()).isEqualTo(204);
        assertThat(status(id)).isEqualTo("ARCHIVED");
        assertThat(bob).isEnded();
        assertThat(management.createJobQuery().processInstanceId(bob.getId()).count())
                .as("Bob's timers")
                .isZero();
        assertThat(processTree(id)).hasSize(1);
        assertThat(envelope).isWaitingAt(Envelope.NOTIFY_ARCHIVED);

        runJobs(id);
        assertThat(envelope).isEnded().hasPassed(Envelope.END_ARCHIVED).hasNotPassed(Envelope.END_COMPLETED);
        assertThat(processTree(id)).isEmpty();
        assertThat(outbox(id, "ARCHIVED")).extracting(Message::address).containsExactly("bob@example.com");
        assertThat(outbox(id, "INVITATION"))
                .extracting(Message::address)
                .containsExactlyInAnyOrder("alice@example.com", "bob@example.com");

        Api.Response late = sign(invitationTo(id, "bob@example.com").token());
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("code").asText()).isEqualTo("ENVELOPE_NOT_ACTIVE");
        assertThat(history.createHistoricProcessInstanceQuery()
                        .processInstanceBusinessKey(
                                recipientId(id, "carol@example.com").toString())
                        .count())
                .isZero();
        assertThat(management
                        .createJobQuery()
                        .processInstanceId(envelope.getId())
                        .count())
                .isZero();
        assertThat(outbox(id, "REMINDER")).isEmpty();
    }

    @Test
    void archivingAQueuedEnvelopeCancelsPreparationBeforeItRuns() {
        Tenant tenant = newTenant();
        UUID id = create(
                tenant.sandboxKey(),
                new Options("Lease").signer("Alice", "alice@example.com", 1).toString());
        ProcessInstance envelope = envelopeProcess(id);
        assertThat(envelope).isWaitingAt(Envelope.PREPARE_DOCUMENTS);

        assertThat(archive(tenant, id).status()).isEqualTo(204);
        assertThat(envelope).isNotWaitingAt(Envelope.PREPARE_DOCUMENTS).isWaitingAt(Envelope.NOTIFY_ARCHIVED);
        assertThat(jobsAt(envelope, Envelope.PREPARE_DOCUMENTS)).isEmpty();

        runJobs(id);
        assertThat(envelope)
                .isEnded()
                .hasPassed(Envelope.END_ARCHIVED)
                .hasNotPassed(Envelope.PREPARE_DOCUMENTS, Envelope.ACTIVATE);
        assertThat(status(id)).isEqualTo("ARCHIVED");
        assertThat(jdbc.sql("select count(*) from document where envelope_id = ? and page_count is not null")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .as("documents prepared")
                .isZero();
        assertThat(outbox(id)).isEmpty();
        assertThat(archive(tenant, id).status()).isEqualTo(409);
    }
}
