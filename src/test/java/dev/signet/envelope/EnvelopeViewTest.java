package dev.signet.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shape of {@code GET /v2/envelopes/{id}} and its {@code /status} through the life of an envelope (reference §5). */
class EnvelopeViewTest extends SignetIntegrationTest {

    @Test
    void aQueuedEnvelopeHasNoDetailsYet() {
        Tenant tenant = newTenant();
        UUID id = create(tenant.sandboxKey(), lease().toString());

        JsonNode envelope = get(tenant, id);

        assertThat(envelope.path("envelope_id").asText()).isEqualTo(id.toString());
        assertThat(envelope.path("status").asText()).isEqualTo("QUEUED");
        assertThat(envelope.has("details")).as(envelope.toString()).isFalse();
        assertThat(statusOf(tenant, id)).isEqualTo("QUEUED");
    }

    @Test
    void anActiveEnvelopeListsItsRecipientsWithGroupsInvitationsAndTags() {
        Tenant tenant = newTenant();
        UUID id = create(tenant.sandboxKey(), lease().toString());
        runJobs(id);

        JsonNode envelope = get(tenant, id);

        assertThat(envelope.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(envelope.path("envelope_name").asText()).isEqualTo("Lease");
        assertThat(envelope.at("/platform/type").asText()).isEqualTo("API");
        assertThat(envelope.path("marked_for_deletion").isBoolean()).isTrue();
        JsonNode details = envelope.path("details");
        assertThat(details.has("completed_at")).isFalse();
        assertThat(details.path("files")).hasSize(1);
        assertThat(details.at("/files/0/name").asText()).isEqualTo("contract.pdf");
        assertThat(UUID.fromString(details.at("/files/0/id").asText())).isNotNull();

        JsonNode recipients = details.path("recipients");
        assertThat(recipients)
                .extracting(r -> r.path("email").asText())
                .containsExactly("alice@example.com", "carol@example.com", "dan@example.com");
        JsonNode alice = recipients.get(0);
        assertThat(UUID.fromString(alice.path("id").asText())).isNotNull();
        assertThat(alice.path("type").asText()).isEqualTo("SIGNER");
        assertThat(alice.path("sign_status").asText()).isEqualTo("UNSIGNED");
        assertThat(alice.path("name").asText()).isEqualTo("Alice");
        assertThat(alice.path("auth_type").asText()).isEqualTo("no-auth");
        assertThat(alice.path("role").asText()).isEqualTo("Tenant");
        assertThat(alice.path("sign_group_order").asInt()).isEqualTo(1);
        assertUtc(alice.path("invitation_email_queued_at"));
        assertThat(alice.has("signed_at")).isFalse();
        assertThat(tagsOf(alice))
                .extracting(t ->
                        t.path("name").asText() + ":" + t.path("was_optional").asBoolean())
                .containsExactly("alice_signature:false", "comments:true");
        assertThat(tagsOf(alice)).allSatisfy(t -> assertThat(t.has("value")).isFalse());

        JsonNode carol = recipients.get(1);
        assertThat(carol.path("sign_group_order").asInt()).isEqualTo(2);
        assertThat(carol.has("invitation_email_queued_at"))
                .as("not invited before group 1 has signed")
                .isFalse();
        assertThat(recipients.get(2).path("type").asText()).isEqualTo("CC");
        assertThat(statusOf(tenant, id)).isEqualTo("ACTIVE");
    }

    @Test
    void aCompleteEnvelopeSaysCompleteWhileItsStatusEndpointSaysCompleted() {
        Tenant tenant = newTenant();
        UUID id = create(tenant.sandboxKey(), lease().toString());
        runJobs(id);
        assertThat(sign(invitationTo(id, "alice@example.com").token()).status()).isEqualTo(204);
        runJobs(id);
        assertThat(sign(invitationTo(id, "carol@example.com").token()).status()).isEqualTo(204);
        runJobs(id);

        JsonNode envelope = get(tenant, id);

        assertThat(envelope.path("status").asText()).isEqualTo("COMPLETE");
        assertThat(statusOf(tenant, id)).isEqualTo("COMPLETED");
        assertUtc(envelope.at("/details/completed_at"));
        JsonNode alice = envelope.at("/details/recipients/0");
        assertThat(alice.path("sign_status").asText()).isEqualTo("SIGNED");
        assertUtc(alice.path("signed_at"));
        assertThat(alice.path("ip_address").asText()).isNotBlank();
        JsonNode comments = tagsOf(alice).get(1);
        assertThat(comments.path("name").asText()).isEqualTo("comments");
        assertThat(comments.path("value").asText()).isEqualTo("Some text");
        assertThat(envelope.at("/details/recipients/1/sign_status").asText()).isEqualTo("SIGNED");
    }

    @Test
    void anArchivedEnvelopeSaysWhenItWasArchived() {
        Tenant tenant = newTenant();
        UUID id = create(tenant.sandboxKey(), lease().toString());
        runJobs(id);
        assertThat(api.patch("/v2/envelopes/" + id, tenant.sandboxKey()).status())
                .isEqualTo(204);

        JsonNode envelope = get(tenant, id);

        assertThat(envelope.path("status").asText()).isEqualTo("ARCHIVED");
        assertUtc(envelope.at("/details/archived_at"));
        assertThat(statusOf(tenant, id)).isEqualTo("ARCHIVED");
    }

    @Test
    void anErroredEnvelopeNamesTheFileAndTheProblemOnBothEndpoints() {
        Tenant tenant = newTenant();
        ObjectNode options = lease().json();
        ((ObjectNode) options.at("/recipients/0/tags/0")).put("page_number", 7);
        UUID id = create(tenant.sandboxKey(), options.toString());
        runJobs(id);

        JsonNode envelope = get(tenant, id);
        Api.Response status = api.get("/v2/envelopes/" + id + "/status", tenant.sandboxKey());

        assertThat(envelope.path("status").asText()).isEqualTo("ERRORED");
        assertThat(envelope.at("/details/errors/0/file_name").asText()).isEqualTo("contract.pdf");
        assertThat(envelope.at("/details/errors/0/code").asText()).isEqualTo("NO_PAGE_FOR_TAG_ERROR");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().path("status").asText()).isEqualTo("ERRORED");
        assertThat(status.json().at("/details/errors")).isEqualTo(envelope.at("/details/errors"));
    }

    /** Alice (group 1: a signature and an optional text field), Carol (group 2), Dan (CC). */
    private static Options lease() {
        Options options = new Options("Lease")
                .signer("Alice", "alice@example.com", 1)
                .signer("Carol", "carol@example.com", 2)
                .cc("Dan", "dan@example.com");
        ObjectNode alice = (ObjectNode) options.json().at("/recipients/0");
        alice.put("role", "Tenant");
        ((ObjectNode) alice.at("/tags/0")).put("name", "alice_signature");
        alice.withArray("tags")
                .addObject()
                .put("type", "text_field")
                .put("name", "comments")
                .put("optional", true)
                .put("file_name", "contract.pdf")
                .put("page_number", 2)
                .put("x", 0.1)
                .put("y", 0.5)
                .put("width", 0.4);
        return options;
    }

    private JsonNode get(Tenant tenant, UUID id) {
        Api.Response response = api.get("/v2/envelopes/" + id, tenant.sandboxKey());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private String statusOf(Tenant tenant, UUID id) {
        return api.get("/v2/envelopes/" + id + "/status", tenant.sandboxKey())
                .json()
                .path("status")
                .asText();
    }

    private static List<JsonNode> tagsOf(JsonNode recipient) {
        List<JsonNode> tags = new ArrayList<>();
        recipient.path("tags").forEach(tags::add);
        return tags;
    }

    private static void assertUtc(JsonNode timestamp) {
        assertThat(timestamp.isTextual()).as("a timestamp, not " + timestamp).isTrue();
        assertThat(timestamp.asText()).endsWith("Z");
        assertThat(OffsetDateTime.parse(timestamp.asText())).isNotNull();
    }
}
