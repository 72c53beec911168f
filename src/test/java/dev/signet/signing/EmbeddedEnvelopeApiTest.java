package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v2/embedded-envelopes} over HTTP (reference §4.7): one token per signer, no
 * invitations, the create rules of {@code POST /v2/envelopes} plus the embedded ones; the
 * organisation's embedding settings; and who may frame {@code /embedded/sign/{token}}.
 */
class EmbeddedEnvelopeApiTest extends SignetIntegrationTest {

    /** Two sign groups and a CC; every signer says which emails they want, as embedded envelopes must. */
    private static Options twoGroups() {
        Options options = new Options("Embedded lease")
                .signer("Ann Early", "ann@example.com", 1)
                .signer("Ben Later", "ben@example.com", 2)
                .cc("Cleo Copy", "cleo@example.com");
        options.json().withArray("recipients").get(0).withArray("event_notifications");
        ((ObjectNode) options.json().withArray("recipients").get(1))
                .putArray("event_notifications")
                .add("envelope_completion");
        return options;
    }

    private Api.Response createEmbedded(String key, String options, Map<String, String> headers) {
        return api.multipart(
                "/v2/embedded-envelopes",
                key,
                headers,
                List.of(Api.Part.file("contract.pdf", Pdfs.pages(2)), Api.Part.options(options)));
    }

    private static String tokenOf(JsonNode created, String email) {
        for (JsonNode r : created.get("recipients")) {
            if (r.get("email").asText().equals(email)) {
                return r.get("token").asText();
            }
        }
        throw new AssertionError("No token for " + email + " in " + created);
    }

    @Test
    void answersATokenPerSignerSendsNoInvitationAndKeepsTheSignGroupsInOrder() {
        Tenant tenant = newTenant();
        Api.Response created = createEmbedded(tenant.sandboxKey(), twoGroups().toString(), Map.of());

        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        JsonNode body = created.json();
        UUID id = UUID.fromString(body.get("envelope_id").asText());
        assertThat(body.get("recipients")).hasSize(2);
        List<String> emails = new ArrayList<>();
        body.get("recipients").forEach(r -> emails.add(r.get("email").asText()));
        assertThat(emails).containsExactly("ann@example.com", "ben@example.com");
        String ann = tokenOf(body, "ann@example.com");
        String ben = tokenOf(body, "ben@example.com");
        assertThat(body.get("recipients").get(0).get("url").asText())
                .isEqualTo("http://signet.test/embedded/sign/" + ann);
        assertThat(jdbc.sql("select count(*) from signing_token where token_hash = ?")
                        .param(dev.signet.account.Secrets.sha256Hex(ann))
                        .query(Integer.class)
                        .single())
                .as("only the hash is kept")
                .isEqualTo(1);

        runJobs(id);
        assertThat(status(id)).isEqualTo("ACTIVE");
        assertThat(outbox(id, "INVITATION"))
                .as("embedded signers are not invited")
                .isEmpty();

        Api.Response early = api.get("/v2/signing/" + ben, null);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("code").asText()).isEqualTo("NOT_YOUR_TURN");
        assertThat(api.get("/embedded/sign/" + ben, null).text()).contains("It is not your turn yet");

        assertThat(sign(ann).status()).isEqualTo(204);
        runJobs(id);
        assertThat(sign(ben).status()).isEqualTo(204);
        runJobs(id);
        assertThat(status(id)).isEqualTo("COMPLETE");
        assertThat(outbox(id, "INVITATION")).isEmpty();
        assertThat(outbox(id, "COMPLETION").stream().map(Message::address))
                .as("Ann asked for no email, Ben and the CC for the completion")
                .containsExactlyInAnyOrder("ben@example.com", "cleo@example.com");
    }

    @Test
    void refusesWhatTheEmbeddedRulesAndTheEnvelopeRulesRefuse() {
        Tenant tenant = newTenant();

        Options missing = new Options("No notifications given").signer("Ann", "ann@example.com", 1);
        assertRefused(tenant.sandboxKey(), missing.toString(), "recipients[0].event_notifications");

        Options invited = new Options("Asks for an invitation").signer("Ann", "ann@example.com", 1);
        ((ObjectNode) invited.json().withArray("recipients").get(0))
                .putArray("event_notifications")
                .add("signer_invitation");
        assertRefused(tenant.sandboxKey(), invited.toString(), "recipients[0].event_notifications");

        Options colour = twoGroups();
        colour.json().putObject("branding").put("primary_color", "red;} body{display:none");
        assertRefused(tenant.sandboxKey(), colour.toString(), "branding.primary_color");

        Options logo = twoGroups();
        logo.json()
                .putObject("branding")
                .putObject("logo_options")
                .put("logo_base64", Base64.getEncoder().encodeToString("GIF89a not a png".getBytes()));
        assertRefused(tenant.sandboxKey(), logo.toString(), "branding.logo_options.logo_base64");

        Options plainHttp = twoGroups();
        plainHttp.json().putObject("parent_redirect_urls").put("success", "http://app.example.com/done");
        assertRefused(tenant.liveKey(), plainHttp.toString(), "parent_redirect_urls.success");

        // The envelope's own rules, through the same door: a name is required.
        Options nameless = twoGroups();
        nameless.json().remove("name");
        assertRefused(tenant.sandboxKey(), nameless.toString(), "name");

        // What Signet does not honour is refused here too.
        Options witness = twoGroups();
        ((ObjectNode) witness.json().withArray("recipients").get(0))
                .putObject("verification")
                .putObject("age")
                .putObject("age_estimation")
                .put("allowed", true);
        Api.Response refused = createEmbedded(tenant.sandboxKey(), witness.toString(), Map.of());
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("code").asText()).isEqualTo("ASSURANCE_NOT_AVAILABLE");

        Api.Response idempotent =
                createEmbedded(tenant.sandboxKey(), twoGroups().toString(), Map.of("Idempotency-Key", "k-1"));
        assertThat(idempotent.status()).isEqualTo(422);
        assertThat(idempotent.json().get("code").asText()).isEqualTo("IDEMPOTENCY_NOT_SUPPORTED");

        assertThat(createEmbedded(
                                "sk_sandbox_not-a-key-at-all-000000",
                                twoGroups().toString(),
                                Map.of())
                        .status())
                .isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from envelope where organisation_id = ?")
                        .param(tenant.organisationId())
                        .query(Integer.class)
                        .single())
                .as("nothing refused was kept")
                .isZero();
    }

    private void assertRefused(String key, String options, String field) {
        Api.Response response = createEmbedded(key, options, Map.of());
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().get("code").asText()).isEqualTo("VALIDATION_FAILED");
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).as(response.toString()).contains(field);
    }

    private Api.Response putEmbedding(String key, String json) {
        return api.send(api.builder("/v2/embedding", key)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void theOrganisationNamesWhoMayFrameTheEmbeddedPages() {
        Tenant tenant = newTenant();
        JsonNode created = createEmbedded(tenant.sandboxKey(), twoGroups().toString(), Map.of())
                .json();
        UUID id = UUID.fromString(created.get("envelope_id").asText());
        String ann = tokenOf(created, "ann@example.com");
        runJobs(id);

        Api.Response unframed = api.get("/embedded/sign/" + ann, null);
        assertThat(unframed.status()).isEqualTo(200);
        assertThat(unframed.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(unframed.header("X-Frame-Options")).isEqualTo("DENY");

        Api.Response bad = putEmbedding(
                tenant.liveKey(),
                "{\"allowed_origins\": [\"http://app.example.com\", \"https://app.example.com/embed\","
                        + " \"https://*.example.com\"], \"branding\": {\"primary_color\": \"url(x)\"}}");
        assertThat(bad.status()).as(bad.toString()).isEqualTo(422);
        List<String> fields = new ArrayList<>();
        bad.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields)
                .containsExactly(
                        "allowed_origins[0]", "allowed_origins[1]", "allowed_origins[2]", "branding.primary_color");

        Api.Response saved = putEmbedding(
                tenant.sandboxKey(),
                "{\"allowed_origins\": [\"HTTPS://App.Example.com:443\", \"http://localhost:3000\"],"
                        + " \"branding\": {\"primary_color\": \"#123456\"}}");
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.json().get("allowed_origins").toString())
                .isEqualTo("[\"https://app.example.com\",\"http://localhost:3000\"]");
        assertThat(api.get("/v2/embedding", tenant.sandboxKey())
                        .json()
                        .get("branding")
                        .toString())
                .isEqualTo("{\"primary_color\":\"#123456\"}");
        assertThat(api.get("/v2/embedding", tenant.liveKey()).json().get("allowed_origins"))
                .as("live and sandbox settings are apart")
                .isEmpty();

        Api.Response framed = api.get("/embedded/sign/" + ann, null);
        assertThat(framed.header("Content-Security-Policy"))
                .endsWith("; frame-ancestors https://app.example.com http://localhost:3000")
                .doesNotContain("frame-ancestors 'none'");
        assertThat(framed.header("X-Frame-Options")).isNull();
        assertThat(framed.text())
                .contains("/sign/" + ann + "/branding.css", "\"origins\":[\"https://app.example.com\"");
        assertThat(api.get("/sign/" + ann + "/branding.css", null).text()).contains("--brand-primary: #123456;");
        assertThat(api.get("/sign/" + ann, null).header("Content-Security-Policy"))
                .as("the page an email links to is never framed")
                .contains("frame-ancestors 'none'");

        UUID standard = create(
                tenant.sandboxKey(),
                new Options("Emailed").signer("Dee", "dee@example.com", 1).toString());
        runJobs(standard);
        Api.Response notEmbedded = api.get(
                "/embedded/sign/" + invitationTo(standard, "dee@example.com").token(), null);
        assertThat(notEmbedded.status()).isEqualTo(404);
        assertThat(notEmbedded.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    }

    /**
     * Embedded signers are never emailed: a reminder is refused saying so, not "not yet invited";
     * sign-offline waits for the signer's turn (their link released) and then takes the paper copy.
     */
    @Test
    void embeddedSignersAreNotRemindedAndSignOfflineOnceTheirTurnCame() {
        Tenant tenant = newTenant();
        JsonNode created = createEmbedded(tenant.sandboxKey(), twoGroups().toString(), Map.of())
                .json();
        UUID id = UUID.fromString(created.get("envelope_id").asText());
        runJobs(id);
        UUID ann = recipientId(id, "ann@example.com");
        UUID ben = recipientId(id, "ben@example.com");

        Api.Response remind =
                api.post("/v2/envelopes/" + id + "/recipients/" + ann + "/send-reminder", tenant.sandboxKey());
        assertThat(remind.status()).as(remind.toString()).isEqualTo(409);
        assertThat(remind.json().get("code").asText()).isEqualTo("EMBEDDED_SIGNER_NOT_EMAILED");
        assertThat(outbox(id, "REMINDER")).isEmpty();

        Api.Response early = signOffline(tenant, id, ben);
        assertThat(early.status())
                .as("Ben's sign group is not reached: %s", early)
                .isEqualTo(409);
        assertThat(early.json().get("code").asText()).isEqualTo("NOT_YET_INVITED");

        Api.Response paper = signOffline(tenant, id, ann);
        assertThat(paper.status()).as(paper.toString()).isEqualTo(202);
        assertThat(paper.json().get("status").asText()).isEqualTo("QUEUED");
        runJobs(id);
        JsonNode recipients =
                api.get("/v2/envelopes/" + id, tenant.sandboxKey()).json().at("/details/recipients");
        assertThat(recipients.get(0).get("sign_status").asText()).isEqualTo("SIGNED");
        assertThat(recipients.get(1).get("sign_status").asText()).isEqualTo("UNSIGNED");

        assertThat(sign(tokenOf(created, "ben@example.com")).status()).isEqualTo(204);
        runJobs(id);
        assertThat(status(id)).isEqualTo("COMPLETE");
        assertThat(completionPack(tenant.sandboxKey(), id)).containsKey("signed-offline/ann on paper.pdf");
    }

    private Api.Response signOffline(Tenant tenant, UUID id, UUID recipient) {
        return api.multipart(
                "/v2/envelopes/" + id + "/recipients/" + recipient + "/signed-documents",
                tenant.sandboxKey(),
                Map.of(),
                List.of(Api.Part.file("ann on paper.pdf", Pdfs.pages(1))));
    }

    private UUID recipientId(UUID envelopeId, String email) {
        return jdbc.sql("select id from recipient where envelope_id = ? and email = ?")
                .params(envelopeId, email)
                .query(UUID.class)
                .single();
    }

    /** The embedded signer's link opened as a plain page, outside the integrator's iframe. */
    @Test
    void anEmbeddedSignersLinkOpenedOutsideTheFrameIsAClearPage() {
        Tenant tenant = newTenant();
        JsonNode created = createEmbedded(tenant.sandboxKey(), twoGroups().toString(), Map.of())
                .json();
        UUID id = UUID.fromString(created.get("envelope_id").asText());
        runJobs(id);
        Api.Response ann = api.get("/sign/" + tokenOf(created, "ann@example.com"), null);
        Api.Response ben = api.get("/sign/" + tokenOf(created, "ben@example.com"), null);
        Api.Response annWitness = api.get("/sign/" + tokenOf(created, "ann@example.com") + "/witness", null);
        assertThat(ann.status()).isEqualTo(200);
        assertThat(ann.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(ann.text()).contains("asks you, Ann Early, to review and sign", "Check and sign");
        assertThat(ben.status()).isEqualTo(200);
        assertThat(ben.text()).contains("It is not your turn yet").doesNotContain("Check and sign");
        assertThat(annWitness.status()).isEqualTo(404);
        assertThat(annWitness.text()).contains("The sender asked for no witness for this signer");

        Options witnessed = twoGroups();
        ObjectNode first = (ObjectNode) witnessed.json().withArray("recipients").get(0);
        first.putArray("tags")
                .addObject()
                .put("name", "ann_sig")
                .put("type", "signature")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.1)
                .put("optional", false);
        first.putObject("witness")
                .putArray("tags")
                .addObject()
                .put("name", "witness_sig")
                .put("type", "signature")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.5)
                .put("optional", false);
        Api.Response w = createEmbedded(tenant.sandboxKey(), witnessed.toString(), Map.of());
        assertThat(w.status()).as(w.toString()).isEqualTo(202);
        UUID wid = UUID.fromString(w.json().get("envelope_id").asText());
        runJobs(wid);
        String wAnn = tokenOf(w.json(), "ann@example.com");
        Api.Response wPage = api.get("/sign/" + wAnn + "/witness", null);
        Api.Response wJson = api.get("/v2/signing/" + wAnn + "/witness", null);
        Api.Response wSign = api.get("/sign/" + wAnn, null);
        assertThat(wPage.status()).as("no form before Ann has signed").isEqualTo(409);
        assertThat(wPage.text())
                .contains("Name your witness after you have signed")
                .doesNotContain("name=\"email\"");
        assertThat(wJson.status()).isEqualTo(409);
        assertThat(wJson.json().get("code").asText()).isEqualTo("NOT_SIGNED_YET");
        assertThat(wSign.status()).isEqualTo(200);
        assertThat(wSign.text()).as("a witnessed signer passes a code first").contains("Confirm it is you");
    }
}
