package dev.signet.envelope;

import static dev.signet.envelope.CompletionPackResendApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Api;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import dev.signet.document.BadPdfs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * POST /v2/envelopes/{id}/recipients/{rid}/signed-documents over HTTP: a paper-signed copy makes the
 * recipient SIGNED and joins the completion pack; a request that cannot be taken is refused with
 * nothing written; a file the intake rejects is answered QUEUED and reported through the
 * {@code sign_offline_upload_errors} webhook, the recipient left as they were.
 */
class SignOfflineApiTest extends SignetIntegrationTest {

    @Test
    void aPaperSignedCopyMakesTheSignerSignedAndGoesIntoTheCompletionPack() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(
                tenant,
                new Options("Lease").signer("Alice", "alice@example.com", 1).signer("Bob", "bob@example.com", 1));
        UUID alice = recipientId(id, "alice@example.com");
        byte[] paper = Pdfs.pages(2);

        Api.Response response = upload(tenant, id, alice, "signed on paper.pdf", paper);

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().toString()).isEqualTo("{\"status\":\"QUEUED\"}");
        runJobs(id);
        JsonNode aliceJson = recipientJson(tenant, id, "alice@example.com");
        assertThat(aliceJson.path("sign_status").asText()).isEqualTo("SIGNED");
        assertThat(aliceJson.path("signed_at").asText()).isNotBlank();
        assertThat(recipientJson(tenant, id, "bob@example.com")
                        .path("sign_status")
                        .asText())
                .isEqualTo("UNSIGNED");
        assertThat(status(id)).isEqualTo("ACTIVE");
        assertThat(auditTypes(id)).contains("recipient_signed_offline");

        assertThat(sign(invitationTo(id, "bob@example.com").token()).status()).isEqualTo(204);
        runJobs(id);

        assertThat(status(id)).isEqualTo("COMPLETE");
        Map<String, byte[]> pack = completionPack(tenant.sandboxKey(), id);
        assertThat(pack).containsKey("signed-offline/signed on paper.pdf");
        assertThat(pack.get("signed-offline/signed on paper.pdf")).isEqualTo(paper);
        assertThat(auditTypes(id))
                .containsSubsequence("recipient_signed_offline", "recipient_signed", "envelope_completed");
    }

    @Test
    void aFileTheIntakeRejectsIsQueuedThenReportedByWebhookAndTheSignerCanStillSign() {
        Tenant tenant = newTenant();
        Options options = new Options("Lease").signer("Alice", "alice@example.com", 1);
        options.json()
                .putObject("notifications")
                .put("destination", "http://127.0.0.1:9/hooks")
                .putArray("subscriptions")
                .add("sign_offline_upload_errors");
        UUID id = activeEnvelope(tenant, options);
        UUID alice = recipientId(id, "alice@example.com");

        Api.Response response = upload(tenant, id, alice, "locked.pdf", BadPdfs.encrypted());

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().path("status").asText()).isEqualTo("QUEUED");
        List<Message> hooks = outbox(id, "sign_offline_upload_errors");
        assertThat(hooks).hasSize(1);
        JsonNode body = json(hooks.get(0).text());
        assertThat(body.path("envelope_id").asText()).isEqualTo(id.toString());
        assertThat(body.path("recipient_id").asText()).isEqualTo(alice.toString());
        assertThat(body.path("status").asText()).isEqualTo("ERRORED");
        assertThat(body.path("subscription_name").asText()).isEqualTo("sign_offline_upload_errors");
        assertThat(body.at("/details/errors/0/file_name").asText()).isEqualTo("locked.pdf");
        assertThat(body.at("/details/errors/0/code").asText()).isEqualTo("PASSWORD_PROTECTED");
        assertUntouched(tenant, id, "alice@example.com");
        assertThat(auditTypes(id)).contains("sign_offline_upload_failed");

        assertThat(upload(tenant, id, alice, "script.pdf", BadPdfs.javascript()).status())
                .isEqualTo(202);
        assertThat(outbox(id, "sign_offline_upload_errors")).hasSize(2);
        assertThat(json(outbox(id, "sign_offline_upload_errors").get(1).text())
                        .at("/details/errors/0/code")
                        .asText())
                .isEqualTo("MALICIOUS_PDF");

        assertThat(sign(invitationTo(id, "alice@example.com").token()).status()).isEqualTo(204);
        runJobs(id);
        assertThat(status(id)).isEqualTo("COMPLETE");
    }

    @Test
    void requestsThatCannotBeTakenAreRefusedWithNothingWritten() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(
                tenant,
                new Options("Lease")
                        .signer("Alice", "alice@example.com", 1)
                        .signer("Carol", "carol@example.com", 2)
                        .cc("Dan", "dan@example.com"));
        UUID alice = recipientId(id, "alice@example.com");
        String path = path(id, alice);

        Api.Response noFile = api.multipart(
                path,
                tenant.sandboxKey(),
                Map.of(),
                List.of(new Api.Part("other", "x.pdf", "application/pdf", Pdfs.pages(1))));
        assertError(noFile, 400, "MALFORMED_REQUEST");
        Api.Response twoFiles = api.multipart(
                path,
                tenant.sandboxKey(),
                Map.of(),
                List.of(Api.Part.file("a.pdf", Pdfs.pages(1)), Api.Part.file("b.pdf", Pdfs.pages(1))));
        assertError(twoFiles, 400, "MALFORMED_REQUEST");
        assertError(
                upload(tenant, id, alice, "notes.txt", "just text".getBytes(StandardCharsets.UTF_8)),
                415,
                "UNSUPPORTED_FILE_TYPE");
        assertError(upload(tenant, id, alice, "empty.pdf", new byte[0]), 422, "VALIDATION_FAILED");
        assertError(upload(tenant, id, UUID.randomUUID(), "paper.pdf", Pdfs.pages(1)), 404, "NOT_FOUND");
        assertError(upload(newTenant(), id, alice, "paper.pdf", Pdfs.pages(1)), 404, "NOT_FOUND");
        assertError(
                upload(tenant, id, recipientId(id, "dan@example.com"), "paper.pdf", Pdfs.pages(1)),
                409,
                "NOTHING_TO_SIGN");
        assertError(
                upload(tenant, id, recipientId(id, "carol@example.com"), "paper.pdf", Pdfs.pages(1)),
                409,
                "NOT_YET_INVITED");
        Api.Response unauthenticated =
                api.multipart(path, null, Map.of(), List.of(Api.Part.file("p.pdf", Pdfs.pages(1))));
        assertThat(unauthenticated.status()).isEqualTo(401);

        for (String email : List.of("alice@example.com", "carol@example.com")) {
            assertUntouched(tenant, id, email);
        }
        JsonNode dan = recipientJson(tenant, id, "dan@example.com");
        assertThat(dan.has("sign_status"))
                .as("a CC shows no sign status, as before")
                .isFalse();
        assertThat(dan.path("signed_at").isNull() || dan.path("signed_at").isMissingNode())
                .isTrue();
        assertThat(auditTypes(id)).doesNotContain("recipient_signed_offline", "sign_offline_upload_failed");
    }

    @Test
    void aSignedRecipientOrAFinishedEnvelopeTakesNoPaperCopy() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(
                tenant,
                new Options("Lease").signer("Alice", "alice@example.com", 1).signer("Bob", "bob@example.com", 1));
        UUID alice = recipientId(id, "alice@example.com");
        assertThat(upload(tenant, id, alice, "paper.pdf", Pdfs.pages(1)).status())
                .isEqualTo(202);

        assertError(upload(tenant, id, alice, "again.pdf", Pdfs.pages(1)), 409, "NOTHING_TO_SIGN");
        assertThat(offlineFiles(id)).isEqualTo(1);

        assertThat(api.patch("/v2/envelopes/" + id, tenant.sandboxKey()).status())
                .isEqualTo(204);
        runJobs(id);
        assertError(
                upload(tenant, id, recipientId(id, "bob@example.com"), "paper.pdf", Pdfs.pages(1)),
                409,
                "ENVELOPE_NOT_ACTIVE");
        assertThat(offlineFiles(id)).isEqualTo(1);
    }

    /**
     * Reference 1.11: a one-time password cannot be combined with offline signing. A signer of an
     * envelope with {@code has_envelope_otps} is refused with a code that says why; nothing is
     * written and the signer can still sign online.
     */
    @Test
    void aSignerWhoOwesAOneTimePasswordCannotSignOffline() {
        Tenant tenant = newTenant();
        Options options = new Options("Lease").signer("Alice", "alice@example.com", 1);
        options.json().put("has_envelope_otps", true);
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        options.json().get("recipients").get(0))
                .put("iso_country_code", "GB")
                .put("mobile_number", "7400123456");
        UUID id = activeEnvelope(tenant, options);
        UUID alice = recipientId(id, "alice@example.com");

        Api.Response refused = upload(tenant, id, alice, "paper.pdf", Pdfs.pages(1));

        assertError(refused, 422, "OTP_NOT_OFFLINE");
        assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("recipient");
        assertUntouched(tenant, id, "alice@example.com");
        assertThat(auditTypes(id)).doesNotContain("recipient_signed_offline");
        assertThat(status(id)).isEqualTo("ACTIVE");
    }

    private void assertUntouched(Tenant tenant, UUID id, String email) {
        JsonNode recipient = recipientJson(tenant, id, email);
        assertThat(recipient.path("sign_status").asText()).as(email).isEqualTo("UNSIGNED");
        assertThat(recipient.path("signed_at").isNull()
                        || recipient.path("signed_at").isMissingNode())
                .as(email)
                .isTrue();
        assertThat(offlineFiles(id)).isZero();
    }

    private int offlineFiles(UUID id) {
        return jdbc.sql("select count(*) from envelope_file where envelope_id = ? and kind = 'SIGNED_OFFLINE'")
                .param(id)
                .query(Integer.class)
                .single();
    }

    private List<String> auditTypes(UUID id) {
        return jdbc.sql("select type from audit_event where envelope_id = ? order by seq")
                .param(id)
                .query(String.class)
                .list();
    }

    private JsonNode recipientJson(Tenant tenant, UUID id, String email) {
        for (JsonNode r :
                api.get("/v2/envelopes/" + id, tenant.sandboxKey()).json().at("/details/recipients")) {
            if (r.path("email").asText().equals(email)) {
                return r;
            }
        }
        throw new AssertionError("No recipient " + email);
    }

    private Api.Response upload(Tenant tenant, UUID id, UUID recipient, String fileName, byte[] content) {
        return api.multipart(
                path(id, recipient), tenant.sandboxKey(), Map.of(), List.of(Api.Part.file(fileName, content)));
    }

    private static String path(UUID id, UUID recipient) {
        return "/v2/envelopes/" + id + "/recipients/" + recipient + "/signed-documents";
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private UUID activeEnvelope(Tenant tenant, Options options) {
        UUID id = create(tenant.sandboxKey(), options.toString());
        runJobs(id);
        assertThat(status(id)).isEqualTo("ACTIVE");
        return id;
    }

    private UUID recipientId(UUID envelopeId, String email) {
        return jdbc.sql("select id from recipient where envelope_id = ? and email = ?")
                .params(envelopeId, email)
                .query(UUID.class)
                .single();
    }
}
