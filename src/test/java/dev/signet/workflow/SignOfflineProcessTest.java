package dev.signet.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import dev.signet.Api;
import dev.signet.Pdfs;
import dev.signet.document.DocumentStore;
import dev.signet.workflow.Processes.Envelope;
import dev.signet.workflow.Processes.Recipient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A signer who signs on paper moves on like one who submitted: their Sign task completes, the
 * signature step runs (making no electronic signature in their name), the next group is invited,
 * and once the last signer has signed the envelope completes.
 */
class SignOfflineProcessTest extends ProcessTest {

    @Autowired
    DocumentStore store;

    @Test
    void anOfflineSignedRecipientMovesTheEnvelopeOnToTheNextGroupAndToCompletion() {
        Tenant tenant = newTenant();
        UUID id = create(
                tenant.sandboxKey(),
                new Options("Lease")
                        .signer("Alice", "alice.offline@example.com", 1)
                        .signer("Carol", "carol.offline@example.com", 2)
                        .toString());
        ProcessInstance envelope = envelopeProcess(id);
        runJobs(id);
        UUID aliceId = recipientId(id, "alice.offline@example.com");
        ProcessInstance alice = recipientProcess(aliceId);
        assertThat(alice).isWaitingAt(Recipient.SIGN);
        byte[] before = documentBytes(id);

        Api.Response upload = api.multipart(
                "/v2/envelopes/" + id + "/recipients/" + aliceId + "/signed-documents",
                tenant.sandboxKey(),
                Map.of(),
                List.of(Api.Part.file("alice-paper.pdf", Pdfs.pages(1))));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
        runJobs(id);

        assertThat(alice).isEnded().hasPassed(Recipient.SIGN, Recipient.APPLY_SIGNATURE, Recipient.END_SIGNED);
        assertThat(documentBytes(id))
                .as("no electronic signature made in Alice's name")
                .isEqualTo(before);
        assertThat(invitationTo(id, "carol.offline@example.com")).isNotNull();
        ProcessInstance carol = recipientProcess(recipientId(id, "carol.offline@example.com"));
        assertThat(carol).isWaitingAt(Recipient.SIGN);

        assertThat(sign(invitationTo(id, "carol.offline@example.com").token()).status())
                .isEqualTo(204);
        runJobs(id);

        assertThat(carol).isEnded().hasPassed(Recipient.APPLY_SIGNATURE);
        assertThat(envelope).isEnded().hasPassed(Envelope.SEAL_DOCUMENTS, Envelope.COMPLETE, Envelope.END_COMPLETED);
        assertThat(status(id)).isEqualTo("COMPLETE");
        assertThat(completionPack(tenant.sandboxKey(), id))
                .containsKeys("contract.pdf", "signed-offline/alice-paper.pdf");
    }

    /** The envelope's one document as it stands, prepared and signed so far. */
    private byte[] documentBytes(UUID envelopeId) {
        return store.latest(store.documents(envelopeId).get(0).id()).orElseThrow();
    }
}
