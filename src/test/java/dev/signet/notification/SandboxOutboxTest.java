package dev.signet.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sandbox mail never leaves Signet, even with SMTP up: the sandbox outbox is its mailbox. */
class SandboxOutboxTest extends DispatchTest {

    @Test
    void sandboxMessagesAreKeptNotSentAndListedWithTheirLinks() {
        Tenant tenant = newTenant();
        String alice = unique("alice");
        String bob = unique("bob");
        UUID envelope = create(
                tenant.sandboxKey(),
                new Options("Sandbox lease")
                        .signer("Alice Archer", alice, 1)
                        .signer("Bob Baker", bob, 1)
                        .toString());
        runJobs(envelope);
        List<String> tokens = List.of(
                invitationTo(envelope, alice).token(),
                invitationTo(envelope, bob).token());
        assertThat(lastEmailStatus(tenant.sandboxKey(), envelope, alice)).isEqualTo("QUEUED");

        dispatcher.dispatchDue();

        // One dispatch keeps both (one batch, one transaction).
        assertThat(outbox(envelope, "INVITATION"))
                .hasSize(2)
                .allSatisfy(m -> assertThat(m.status()).isEqualTo("KEPT"));
        // Kept, never sent: the recipient's row says QUEUED still, never SENT (issue 14).
        assertThat(lastEmailStatus(tenant.sandboxKey(), envelope, alice)).isEqualTo("QUEUED");
        assertThat(lastEmailStatus(tenant.sandboxKey(), envelope, bob)).isEqualTo("QUEUED");
        assertThat(Smtp.receivedBy(smtp, alice)).isEmpty();
        assertThat(Smtp.receivedBy(smtp, bob)).isEmpty();

        Api.Response listed = api.get("/v2/sandbox/outbox?envelope_id=" + envelope, tenant.sandboxKey());
        assertThat(listed.status()).isEqualTo(200);
        List<String> to = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (JsonNode m : listed.json().get("messages")) {
            assertThat(m.get("status").asText()).isEqualTo("KEPT");
            assertThat(m.get("kind").asText()).isEqualTo("INVITATION");
            to.add(m.get("to").asText());
            m.get("links").forEach(l -> links.add(l.asText()));
        }
        assertThat(to).containsExactlyInAnyOrder(alice, bob);
        assertThat(links)
                .containsExactlyInAnyOrder(
                        "http://signet.test/sign/" + tokens.get(0), "http://signet.test/sign/" + tokens.get(1));
    }

    @Test
    void theSandboxOutboxIsClosedToLiveKeysAndToOtherOrganisations() {
        Tenant tenant = newTenant();
        UUID envelope = create(
                tenant.sandboxKey(),
                new Options("Private")
                        .signer("Alice Archer", unique("alice"), 1)
                        .toString());
        runJobs(envelope);
        assertThat(outbox(envelope)).isNotEmpty();

        Api.Response live = api.get("/v2/sandbox/outbox", tenant.liveKey());
        assertThat(live.status()).isEqualTo(403);
        assertThat(live.json().get("code").asText()).isEqualTo("SANDBOX_ONLY");

        Api.Response stranger = api.get(
                "/v2/sandbox/outbox?envelope_id=" + envelope, newTenant().sandboxKey());
        assertThat(stranger.status()).isEqualTo(200);
        assertThat(stranger.json().get("messages")).isEmpty();
    }
}
