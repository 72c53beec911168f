package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import dev.signet.document.WordConverterTest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Send over real HTTP with a session: who may send, the CSRF token, and that the page's request is
 * the API's (its refusals are the API's error body, nothing is half made, the envelope is the
 * organisation's in its current mode).
 */
class SendAccessTest extends SignetIntegrationTest {

    static final String PASSWORD = "correct horse battery staple";

    @Autowired
    PortalUsers users;

    @Autowired
    Passwords passwords;

    @Autowired
    LoginThrottle throttle;

    @BeforeEach
    void freshCounts() {
        throttle.clear();
    }

    record Org(Tenant tenant, String sender, String viewer) {}

    Org org() {
        Tenant tenant = newTenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String hash = passwords.hash(PASSWORD);
        String sender = "sender-" + tag + "@example.com";
        String viewer = "viewer-" + tag + "@example.com";
        users.create(tenant.organisationId(), sender, Role.SENDER, hash);
        users.create(tenant.organisationId(), viewer, Role.VIEWER, hash);
        return new Org(tenant, sender, viewer);
    }

    PortalClient as(String email) {
        PortalClient client = new PortalClient(port);
        assertThat(client.login(email, PASSWORD).status()).isEqualTo(302);
        return client;
    }

    static String options(String name, String email) {
        return """
                {"name": "%s", "recipients": [
                  {"name": "Alice Example", "email": "%s", "sign_group": 1,
                   "tags": [{"type": "signature", "name": "sig", "file_name": "lease.pdf", "page_number": 1,
                             "x": 0.1, "y": 0.7}]}]}""".formatted(name, email);
    }

    static Map<String, String> fields(String options, String csrf) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("options", options);
        if (csrf != null) {
            fields.put("_csrf", csrf);
        }
        return fields;
    }

    int envelopesOf(Org org) {
        return jdbc.sql("select count(*) from envelope where organisation_id = ?")
                .param(org.tenant().organisationId())
                .query(Integer.class)
                .single();
    }

    @Test
    void aViewerCannotSendAndAPostWithoutTheCsrfTokenIsRefused() {
        Org org = org();
        PortalClient viewer = as(org.viewer());
        assertThat(viewer.get("/portal/send").status()).isEqualTo(403);
        String viewerCsrf = viewer.get("/portal/envelopes").csrf();
        PortalClient.Page byViewer = viewer.multipart(
                "/portal/send",
                fields(options("By a viewer", "a@example.com"), viewerCsrf),
                "file",
                "lease.pdf",
                Pdfs.pages(1));
        assertThat(byViewer.status()).isEqualTo(403);
        assertThat(viewer.multipart(
                                "/portal/send/preview", fields("{}", viewerCsrf), "file", "lease.pdf", Pdfs.pages(1))
                        .status())
                .isEqualTo(403);

        PortalClient sender = as(org.sender());
        assertThat(sender.get("/portal/send").status()).isEqualTo(200);
        PortalClient.Page noToken = sender.multipart(
                "/portal/send", fields(options("No token", "a@example.com"), null), "file", "lease.pdf", Pdfs.pages(1));
        assertThat(noToken.status()).isEqualTo(403);
        PortalClient.Page wrongToken = sender.multipart(
                "/portal/send",
                fields(options("Wrong token", "a@example.com"), "not-the-token"),
                "file",
                "lease.pdf",
                Pdfs.pages(1));
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(envelopesOf(org)).as("nothing was made").isZero();
    }

    @Test
    void aSenderSendsThroughTheApisOwnCreateAsTheOrganisationInItsMode() throws Exception {
        Org org = org();
        PortalClient sender = as(org.sender());
        String csrf = sender.get("/portal/send").csrf();
        String email = "alice-" + UUID.randomUUID() + "@example.com";
        PortalClient.Page sent = sender.multipart(
                "/portal/send",
                fields(options("Lease from the portal", email), csrf),
                "file",
                "lease.pdf",
                Pdfs.pages(2));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        UUID id = UUID.fromString(JSON.readTree(sent.body()).get("envelope_id").asText());
        runJobs(id);

        // The test service is not in embedded mode: the organisation's current mode is live; its live key sees it.
        JsonNode envelope =
                api.get("/v2/envelopes/" + id, org.tenant().liveKey()).json();
        assertThat(envelope.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(envelope.toString()).contains(email).contains("Lease from the portal");
        assertThat(api.get("/v2/envelopes/" + id, org.tenant().sandboxKey()).status())
                .isEqualTo(404);
        assertThat(invitationTo(id, email)).isNotNull();
    }

    @Test
    void aRefusalIsTheApisErrorBodyAndNothingIsHalfMade() throws Exception {
        Org org = org();
        PortalClient sender = as(org.sender());
        String csrf = sender.get("/portal/send").csrf();
        String options = """
                {"name": "Bad", "recipients": [
                  {"name": "Alice", "email": "not an address", "sign_group": 1,
                   "tags": [{"type": "radio_field", "name": "r", "file_name": "lease.pdf", "page_number": 1,
                             "x": 0.1, "y": 0.7}]},
                  {"type": "CC", "name": "Carol", "email": "carol@example.com"}]}""";
        PortalClient.Page refused =
                sender.multipart("/portal/send", fields(options, csrf), "file", "lease.pdf", Pdfs.pages(1));
        assertThat(refused.status()).isEqualTo(422);
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(body.get("errors").findValuesAsText("field"))
                .contains("recipients[0].email", "recipients[0].tags[0].tag_group_name");

        // The same request on the API answers the same body: one implementation of the rules.
        var api422 = api.createEnvelope(org.tenant().liveKey(), options, Map.of("lease.pdf", Pdfs.pages(1)));
        assertThat(api422.status()).isEqualTo(422);
        assertThat(api422.json()).isEqualTo(body);

        PortalClient.Page notAPdf = sender.multipart(
                "/portal/send",
                fields(options("Text", "a@example.com"), csrf),
                "file",
                "lease.pdf",
                "just text".getBytes(StandardCharsets.UTF_8));
        assertThat(notAPdf.status()).isEqualTo(415);
        assertThat(JSON.readTree(notAPdf.body()).get("code").asText()).isEqualTo("UNSUPPORTED_FILE_TYPE");
        assertThat(envelopesOf(org)).isZero();
    }

    @Test
    void whatThisSignetDoesNotHonourIsShownAsSuchAndRefusedIfAskedAnyway() throws Exception {
        Org org = org();
        PortalClient sender = as(org.sender());
        PortalClient.Page page = sender.get("/portal/send");
        // No identity verification provider serves live envelopes here: the option is there, disabled, saying why.
        assertThat(page.body())
                .containsPattern(
                        "<option value=\"idv\" disabled=\"disabled\">Identity verification \\(not available\\)")
                .contains("no identity verification provider");
        // Nor does a Yoti application: Yoti auth is offered the same way, disabled, saying why.
        assertThat(page.body())
                .containsPattern("<option value=\"sign-auth\" disabled=\"disabled\">Yoti auth \\(not available\\)")
                .contains("no Yoti application for this mode");
        String options = """
                {"name": "IDV", "recipients": [
                  {"name": "Alice", "email": "alice@example.com", "auth_type": "idv",
                   "verification": {"idv": {"session_config_name": "HR"}},
                   "tags": [{"type": "signature", "file_name": "lease.pdf", "page_number": 1, "x": 0.1, "y": 0.7}]}]}""";
        PortalClient.Page refused =
                sender.multipart("/portal/send", fields(options, page.csrf()), "file", "lease.pdf", Pdfs.pages(1));
        assertThat(refused.status()).isEqualTo(422);
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("code").asText()).isEqualTo("ASSURANCE_NOT_AVAILABLE");
        assertThat(body.get("errors").get(0).get("field").asText()).isEqualTo("recipients[0].auth_type");
        String yotiAuth = """
                {"name": "Yoti auth", "recipients": [
                  {"name": "Alice", "email": "alice@example.com", "auth_type": "sign-auth",
                   "tags": [{"type": "signature", "file_name": "lease.pdf", "page_number": 1, "x": 0.1, "y": 0.7}]}]}""";
        PortalClient.Page refusedToo =
                sender.multipart("/portal/send", fields(yotiAuth, page.csrf()), "file", "lease.pdf", Pdfs.pages(1));
        assertThat(refusedToo.status()).isEqualTo(422);
        JsonNode yotiBody = JSON.readTree(refusedToo.body());
        assertThat(yotiBody.get("code").asText()).isEqualTo("ASSURANCE_NOT_AVAILABLE");
        assertThat(yotiBody.get("errors").get(0).get("field").asText()).isEqualTo("recipients[0].auth_type");
        assertThat(envelopesOf(org)).isZero();
    }

    @Test
    void aWordDocumentIsShownAsThePdfItBecomes() throws Exception {
        Org org = org();
        PortalClient sender = as(org.sender());
        String csrf = sender.get("/portal/send").csrf();
        PortalClient.Page pdf = sender.multipart(
                "/portal/send/preview",
                fields("{}", csrf),
                "file",
                "contract.docx",
                WordConverterTest.docx("Tenancy agreement between Ann and Ben"));
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.raw().headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(pdf.body()).startsWith("%PDF-");
        PortalClient.Page text = sender.multipart(
                "/portal/send/preview",
                fields("{}", csrf),
                "file",
                "notes.txt",
                "plain".getBytes(StandardCharsets.UTF_8));
        assertThat(text.status()).isEqualTo(415);
    }
}
