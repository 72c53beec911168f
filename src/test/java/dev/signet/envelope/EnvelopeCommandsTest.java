package dev.signet.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Api;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sender's commands on an envelope that exists, and the states in which each is refused. */
class EnvelopeCommandsTest extends SignetIntegrationTest {

    @Test
    void archivingTwiceIsRefusedTheSecondTime() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(tenant, new Options("Lease").signer("Alice", "alice@example.com", 1));

        Api.Response first = api.patch(envelope(id), tenant.sandboxKey());
        runJobs(id);
        Api.Response second = api.patch(envelope(id), tenant.sandboxKey());

        assertThat(first.status()).isEqualTo(204);
        assertConflict(second, "ALREADY_ARCHIVED");
        assertThat(status(id)).isEqualTo("ARCHIVED");
        assertThat(api.get(envelope(id), tenant.sandboxKey())
                        .json()
                        .at("/details/archived_at")
                        .asText())
                .isNotBlank();
        assertThat(outbox(id, "ARCHIVED")).extracting(Message::address).containsExactly("alice@example.com");
    }

    @Test
    void aCompleteEnvelopeCannotBeArchived() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(tenant, new Options("Lease").signer("Alice", "alice@example.com", 1));
        signAndSettle(id, "alice@example.com");

        assertConflict(api.patch(envelope(id), tenant.sandboxKey()), "ENVELOPE_FINISHED");
        assertThat(status(id)).isEqualTo("COMPLETE");
    }

    @Test
    void anActiveEnvelopeCannotBeDeleted() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(tenant, new Options("Lease").signer("Alice", "alice@example.com", 1));

        assertConflict(api.delete(envelope(id), tenant.sandboxKey()), "ENVELOPE_IN_PROGRESS");
        assertThat(api.get(envelope(id), tenant.sandboxKey()).status()).isEqualTo(200);
    }

    @Test
    void anArchivedEnvelopeCanBeDeletedAndIsGoneAfterwards() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(tenant, new Options("Lease").signer("Alice", "alice@example.com", 1));
        assertThat(api.patch(envelope(id), tenant.sandboxKey()).status()).isEqualTo(204);
        runJobs(id);

        Api.Response deleted = api.delete(envelope(id), tenant.sandboxKey());

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.get(envelope(id), tenant.sandboxKey()).status()).isEqualTo(404);
        assertThat(api.get(envelope(id) + "/status", tenant.sandboxKey()).status())
                .isEqualTo(404);
        assertThat(api.delete(envelope(id), tenant.sandboxKey()).status()).isEqualTo(404);
        assertThat(api.get("/v2/organisations/envelopes/search", tenant.sandboxKey())
                        .json()
                        .path("total")
                        .asInt())
                .isZero();
        assertThat(jdbc.sql("select count(*) from document where envelope_id = ? and content is not null")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .as("documents unreadable at once")
                .isZero();
    }

    @Test
    void aSignedRecipientCannotBeRemindedButTheOneStillToSignCan() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(
                tenant,
                new Options("Lease").signer("Alice", "alice@example.com", 1).signer("Bob", "bob@example.com", 1));
        assertThat(sign(invitationTo(id, "alice@example.com").token()).status()).isEqualTo(204);
        runJobs(id);

        Api.Response toAlice = api.post(reminder(id, recipientId(id, "alice@example.com")), tenant.sandboxKey());
        Api.Response toBob = api.post(reminder(id, recipientId(id, "bob@example.com")), tenant.sandboxKey());

        assertConflict(toAlice, "NOTHING_TO_REMIND");
        assertThat(toBob.status()).isEqualTo(200);
        assertThat(toBob.json().path("recipient_id").asText())
                .isEqualTo(recipientId(id, "bob@example.com").toString());
        runJobs(id);
        assertThat(outbox(id, "REMINDER")).extracting(Message::address).containsExactly("bob@example.com");
    }

    @Test
    void aSignerOfALaterGroupOrACcCannotBeReminded() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(
                tenant,
                new Options("Lease")
                        .signer("Alice", "alice@example.com", 1)
                        .signer("Carol", "carol@example.com", 2)
                        .cc("Dan", "dan@example.com"));

        assertConflict(
                api.post(reminder(id, recipientId(id, "carol@example.com")), tenant.sandboxKey()), "NOT_YET_INVITED");
        assertConflict(
                api.post(reminder(id, recipientId(id, "dan@example.com")), tenant.sandboxKey()), "NOTHING_TO_REMIND");
        assertThat(api.post(reminder(id, UUID.randomUUID()), tenant.sandboxKey())
                        .status())
                .isEqualTo(404);
        assertThat(outbox(id, "REMINDER")).isEmpty();
    }

    @Test
    void anEditWithoutFieldsOrWithHalfAPhoneNumberIsRefused() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(tenant, new Options("Lease").signer("Alice", "alice@example.com", 1));
        String path = envelope(id) + "/recipients/" + recipientId(id, "alice@example.com");

        assertValidation(api.patchJson(path, tenant.sandboxKey(), "{}"), "body");
        assertValidation(
                api.patchJson(path, tenant.sandboxKey(), "{\"mobile_number\":\"7999999999\"}"), "iso_country_code");
        assertValidation(api.patchJson(path, tenant.sandboxKey(), "{\"iso_country_code\":\"GB\"}"), "mobile_number");
        assertValidation(api.patchJson(path, tenant.sandboxKey(), "{\"email\":\"alice.example.com\"}"), "email");
        assertValidation(api.patchJson(path, tenant.sandboxKey(), "{\"name\":\"Alice | Smith\"}"), "name");
        assertValidation(api.patchJson(path, tenant.sandboxKey(), "{\"role\":\"Landlord\"}"), "role");
        Api.Response notJson = api.patchJson(path, tenant.sandboxKey(), "{\"name\":");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("code").asText()).isEqualTo("MALFORMED_REQUEST");
        assertThat(api.get(envelope(id), tenant.sandboxKey())
                        .json()
                        .at("/details/recipients/0/email")
                        .asText())
                .isEqualTo("alice@example.com");
    }

    @Test
    void aSignedRecipientCannotBeEdited() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(
                tenant,
                new Options("Lease").signer("Alice", "alice@example.com", 1).signer("Bob", "bob@example.com", 1));
        assertThat(sign(invitationTo(id, "alice@example.com").token()).status()).isEqualTo(204);
        runJobs(id);

        Api.Response edit = api.patchJson(
                envelope(id) + "/recipients/" + recipientId(id, "alice@example.com"),
                tenant.sandboxKey(),
                "{\"email\":\"alice@new.example.com\"}");

        assertConflict(edit, "RECIPIENT_SIGNED");
        assertThat(recipientEmails(id)).contains("alice@example.com");
    }

    @Test
    void anInvitedRecipientWhoIsEditedGetsANewLinkAndTheOldOneStopsWorking() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(tenant, new Options("Lease").signer("Alice", "alice@example.com", 1));
        UUID alice = recipientId(id, "alice@example.com");
        String oldToken = invitationTo(id, "alice@example.com").token();

        Api.Response edit = api.patchJson(
                envelope(id) + "/recipients/" + alice,
                tenant.sandboxKey(),
                "{\"name\":\"Alice Smith\",\"email\":\"alice@new.example.com\"}");
        runJobs(id);

        assertThat(edit.status()).as(edit.toString()).isEqualTo(200);
        assertThat(edit.json().path("id").asText()).isEqualTo(alice.toString());
        assertThat(edit.json().path("email").asText()).isEqualTo("alice@new.example.com");
        assertThat(edit.json().path("name").asText()).isEqualTo("Alice Smith");
        String newToken = invitationTo(id, "alice@new.example.com").token();
        assertThat(newToken).isNotEqualTo(oldToken);
        Api.Response oldLink = api.get("/v2/signing/" + oldToken, null);
        assertThat(oldLink.status()).isEqualTo(404);
        assertThat(api.get("/v2/signing/" + newToken, null).status()).isEqualTo(200);
        assertThat(sign(newToken).status()).isEqualTo(204);
        runJobs(id);
        assertThat(status(id)).isEqualTo("COMPLETE");
    }

    @Test
    void aRecipientEditedBeforeTheirTurnIsInvitedAtTheNewAddressWhenItComes() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(
                tenant,
                new Options("Lease").signer("Alice", "alice@example.com", 1).signer("Carol", "carol@example.com", 2));

        Api.Response edit = api.patchJson(
                envelope(id) + "/recipients/" + recipientId(id, "carol@example.com"),
                tenant.sandboxKey(),
                "{\"email\":\"carol@new.example.com\"}");
        runJobs(id);
        assertThat(edit.status()).isEqualTo(200);
        assertThat(outbox(id, "INVITATION")).extracting(Message::address).containsExactly("alice@example.com");

        signAndSettle(id, "alice@example.com");

        assertThat(outbox(id, "INVITATION"))
                .extracting(Message::address)
                .containsExactly("alice@example.com", "carol@new.example.com");
    }

    @Test
    void extendingAnUnknownTokenIsRefused() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(tenant, new Options("Lease").signer("Alice", "alice@example.com", 1));
        UUID other = activeEnvelope(tenant, new Options("Other").signer("Zed", "zed@example.com", 1));
        String foreignToken = invitationTo(other, "zed@example.com").token();

        Api.Response unknown = api.postJson(
                envelope(id) + "/extend-tokens",
                tenant.sandboxKey(),
                "{\"recipient_tokens\":[\"no-such-token\",\"" + foreignToken + "\"]}");

        assertValidation(unknown, "recipient_tokens[0]", "recipient_tokens[1]");
    }

    @Test
    void extendingAnExpiredTokenMakesTheLinkWorkAgainUntilALaterTime() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(tenant, new Options("Lease").signer("Alice", "alice@example.com", 1));
        String token = invitationTo(id, "alice@example.com").token();
        OffsetDateTime expired =
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).truncatedTo(ChronoUnit.SECONDS);
        jdbc.sql("update signing_token set expires_at = ? where recipient_id = ?")
                .params(expired, recipientId(id, "alice@example.com"))
                .update();
        assertThat(api.get("/v2/signing/" + token, null).status())
                .as("the link has run out")
                .isEqualTo(410);

        Api.Response extended = api.postJson(
                envelope(id) + "/extend-tokens", tenant.sandboxKey(), "{\"recipient_tokens\":[\"" + token + "\"]}");

        assertThat(extended.status()).as(extended.toString()).isEqualTo(200);
        JsonNode item = extended.json().path("tokens").get(0);
        assertThat(item.path("token").asText()).isEqualTo(token);
        OffsetDateTime expiresAt = OffsetDateTime.parse(item.path("expires_at").asText());
        assertThat(expiresAt).isAfter(OffsetDateTime.now(ZoneOffset.UTC).plusDays(1));
        assertThat(api.get("/v2/signing/" + token, null).status()).isEqualTo(200);
        assertThat(sign(token).status()).isEqualTo(204);
    }

    @Test
    void completedDocumentsAreRefusedUntilEveryoneHasSignedThenComeAsAZipOfEveryDocument() throws IOException {
        Tenant tenant = newTenant();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("contract.pdf", Pdfs.pages(2));
        files.put("annex.pdf", Pdfs.pages(1));
        Api.Response created = api.createEnvelope(
                tenant.sandboxKey(),
                new Options("Lease").signer("Alice", "alice@example.com", 1).toString(),
                files);
        UUID id = UUID.fromString(created.json().path("envelope_id").asText());
        runJobs(id);

        assertConflict(api.get(envelope(id) + "/completed-documents", tenant.sandboxKey()), "ENVELOPE_NOT_COMPLETE");

        signAndSettle(id, "alice@example.com");
        Api.Response pack = api.get(envelope(id) + "/completed-documents", tenant.sandboxKey());

        assertThat(pack.status()).isEqualTo(200);
        assertThat(pack.header("Content-Type")).startsWith("application/zip");
        Map<String, byte[]> entries = unzip(pack.bytes());
        assertThat(entries).containsKeys("contract.pdf", "annex.pdf");
        for (String name : List.of("contract.pdf", "annex.pdf")) {
            assertThat(new String(entries.get(name), 0, 5, StandardCharsets.ISO_8859_1))
                    .as(name)
                    .isEqualTo("%PDF-");
        }
    }

    private UUID activeEnvelope(Tenant tenant, Options options) {
        UUID id = create(tenant.sandboxKey(), options.toString());
        runJobs(id);
        assertThat(status(id)).isEqualTo("ACTIVE");
        return id;
    }

    private void signAndSettle(UUID id, String address) {
        assertThat(sign(invitationTo(id, address).token()).status()).isEqualTo(204);
        runJobs(id);
    }

    private UUID recipientId(UUID envelopeId, String email) {
        return jdbc.sql("select id from recipient where envelope_id = ? and email = ?")
                .params(envelopeId, email)
                .query(UUID.class)
                .single();
    }

    private List<String> recipientEmails(UUID envelopeId) {
        return jdbc.sql("select email from recipient where envelope_id = ?")
                .param(envelopeId)
                .query(String.class)
                .list();
    }

    private static String envelope(UUID id) {
        return "/v2/envelopes/" + id;
    }

    private static String reminder(UUID id, UUID recipientId) {
        return envelope(id) + "/recipients/" + recipientId + "/send-reminder";
    }

    private static void assertConflict(Api.Response response, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(409);
        assertThat(response.json().path("code").asText()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
    }

    private static void assertValidation(Api.Response response, String... fields) {
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().path("code").asText()).isEqualTo("VALIDATION_FAILED");
        List<String> reported = new ArrayList<>();
        response.json().path("errors").forEach(e -> reported.add(e.path("field").asText()));
        assertThat(reported).as(response.toString()).containsExactly(fields);
    }
}
