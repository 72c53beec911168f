package dev.signet.envelope;

import static dev.signet.envelope.CreateEnvelopeRequests.addCcs;
import static dev.signet.envelope.CreateEnvelopeRequests.addSigners;
import static dev.signet.envelope.CreateEnvelopeRequests.files;
import static dev.signet.envelope.CreateEnvelopeRequests.notifications;
import static dev.signet.envelope.CreateEnvelopeRequests.recipient;
import static dev.signet.envelope.CreateEnvelopeRequests.validOptions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /v2/envelopes} at the edge of its rules, on the whole service: what passes is
 * accepted and stored as sent. The refusals, one row per rule, run in the web slice
 * ({@link CreateEnvelopeValidationSliceTest}); the rows are in {@link CreateEnvelopeRequests}.
 */
class CreateEnvelopeValidationTest extends SignetIntegrationTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.signet.envelope.CreateEnvelopeRequests#validOptionsAtTheEdges")
    void aRequestAtTheEdgeOfTheRulesIsAccepted(String description, Consumer<ObjectNode> mutation, Set<String> unused) {
        Tenant tenant = newTenant();
        ObjectNode options = validOptions();
        mutation.accept(options);

        Api.Response response = api.createEnvelope(tenant.sandboxKey(), options.toString(), files());

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(RowCounts.of(jdbc, tenant.organisationId()).envelopes()).isEqualTo(1);
    }

    /** A live key's webhook to a public host over HTTPS passes validation and is accepted: webhooks are delivered. */
    @Test
    void aLiveKeysWebhookToAPublicHostIsAccepted() {
        Tenant tenant = newTenant();
        ObjectNode options = validOptions();
        notifications(options, "https://hooks.example.com/signet");

        Api.Response response = api.createEnvelope(tenant.liveKey(), options.toString(), files());

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
    }

    @Test
    void thirtySignersAndThirtyCcsAreAccepted() {
        Tenant tenant = newTenant();
        ObjectNode options = validOptions();
        addSigners(options, 28);
        addCcs(options, 29);

        Api.Response response = api.createEnvelope(tenant.sandboxKey(), options.toString(), files());

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(RowCounts.of(jdbc, tenant.organisationId()).recipients()).isEqualTo(60);
    }

    @Test
    void aSignGroupSentAsAStringIsStoredAsThatGroup() {
        Tenant tenant = newTenant();
        ObjectNode options = validOptions();
        recipient(options, 1).put("sign_group", "2");

        UUID id = UUID.fromString(api.createEnvelope(tenant.sandboxKey(), options.toString(), files())
                .json().get("envelope_id").asText());
        runJobs(id);

        JsonNode recipients = api.get("/v2/envelopes/" + id, tenant.sandboxKey()).json().path("details").path("recipients");
        assertThat(recipients.get(1).path("email").asText()).isEqualTo("bob@example.com");
        assertThat(recipients.get(1).path("sign_group_order").asInt()).isEqualTo(2);
        assertThat(outbox(id, "INVITATION")).extracting(Message::address).containsExactly("alice@example.com");
    }
}
