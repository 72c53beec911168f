package dev.signet.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The acceptance flow of the README, on PostgreSQL: two sign groups, three signers, one CC. */
class EnvelopeFlowTest extends SignetIntegrationTest {

    @Test
    void groupsSignInOrderAndEveryoneGetsTheCompletionEmail() {
        Tenant tenant = newTenant();
        UUID id = create(
                tenant.sandboxKey(),
                new Options("Lease")
                        .signer("Alice", "alice@example.com", 1)
                        .signer("Bob", "bob@example.com", 1)
                        .signer("Carol", "carol@example.com", 2)
                        .cc("Dan", "dan@example.com")
                        .toString());
        assertThat(status(id)).isEqualTo("QUEUED");

        runJobs(id);
        assertThat(status(id)).isEqualTo("ACTIVE");
        assertThat(outbox(id, "INVITATION"))
                .extracting(Message::address)
                .containsExactlyInAnyOrder("alice@example.com", "bob@example.com");

        assertThat(sign(invitationTo(id, "alice@example.com").token()).status()).isEqualTo(204);
        runJobs(id);
        assertThat(outbox(id, "INVITATION")).hasSize(2);

        assertThat(sign(invitationTo(id, "bob@example.com").token()).status()).isEqualTo(204);
        runJobs(id);
        assertThat(outbox(id, "INVITATION")).extracting(Message::address).contains("carol@example.com");
        assertThat(status(id)).isEqualTo("ACTIVE");

        assertThat(sign(invitationTo(id, "carol@example.com").token()).status()).isEqualTo(204);
        runJobs(id);
        assertThat(status(id)).isEqualTo("COMPLETE");
        assertThat(outbox(id, "COMPLETION"))
                .extracting(Message::address)
                .containsExactlyInAnyOrder(
                        "alice@example.com", "bob@example.com", "carol@example.com", "dan@example.com");
        assertThat(outbox(id, "COMPLETION_SENDER")).extracting(Message::address).containsExactly("sender@example.com");
        assertThat(api.get("/v2/envelopes/" + id + "/status", tenant.sandboxKey())
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("COMPLETED");
        assertThat(processTree(id)).isEmpty();
    }
}
