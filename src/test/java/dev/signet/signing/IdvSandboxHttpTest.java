package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Identity verification with the sandbox provider, over HTTP on the whole service: the signer sees
 * nothing until a session's result allows it, a name mismatch with deadend_errors sends them back,
 * the session limit holds, and an approved check lets them sign; the audit trail keeps the
 * configuration and outcome, never the name read.
 */
class IdvSandboxHttpTest extends SignetIntegrationTest {

    @Test
    void aSignerVerifiesTheirIdentityBeforeSeeingTheDocumentsAndAMismatchBlocksThem() {
        String key = newTenant().sandboxKey();
        UUID envelope = create(key, options(2, true).toString());
        runJobs(envelope);
        String token = invitationTo(envelope, "ines@example.com").token();

        assertThat(api.get("/v2/signing/" + token, null).text()).contains("IDV_REQUIRED");
        Api.Response page = api.get("/sign/" + token, null);
        assertThat(page.status())
                .as("the signing page sends the signer to verify first")
                .isEqualTo(302);
        assertThat(page.header("Location")).contains("/sign/" + token + "/idv");
        start(token);
        Api.Response idvPage = api.get("/sign/" + token + "/idv", null);
        assertThat(idvPage.status()).isEqualTo(200);
        assertThat(idvPage.text())
                .contains("value=\"APPROVE\"", "value=\"NAME_MISMATCH\"", "value=\"DOCUMENT_REJECTED\"");

        choose(token, "NAME_MISMATCH");
        assertThat(api.get("/sign/" + token + "/idv", null).text())
                .as("the result is fetched in its own job")
                .contains("idv-checking");
        runJobs(envelope);
        assertThat(api.get("/v2/signing/" + token, null).status())
                .as("deadend_errors: a mismatch blocks")
                .isEqualTo(403);
        Api.Response second = api.post("/v2/signing/" + token + "/idv/start", null);
        assertThat(second.json().get("stage").asText()).isEqualTo("verify");
        assertThat(second.json().get("last_outcome").asText()).isEqualTo("NAME_MISMATCH");
        assertThat(second.json().get("sessions_left").asInt()).isZero();
        assertThat(api.get("/sign/" + token + "/idv", null).text())
                .contains("The name on your document is not the name the sender gave");

        choose(token, "DOCUMENT_REJECTED");
        runJobs(envelope);
        Api.Response limit = api.post("/v2/signing/" + token + "/idv/start", null);
        assertThat(limit.status()).as("%s", limit).isEqualTo(409);
        assertThat(limit.text()).contains("IDV_SESSION_LIMIT_REACHED");
        assertThat(sign(token).status())
                .as("nobody signs without a passing result")
                .isNotEqualTo(204);

        UUID recipient = jdbc.sql("select id from recipient where envelope_id = ?")
                .param(envelope)
                .query(UUID.class)
                .single();
        Api.Response result = api.get("/v2/idv/recipients/" + recipient + "/sessions/signed/json", key);
        assertThat(result.status()).as("%s", result).isEqualTo(200);
        assertThat(result.json().get("outcome").asText()).isEqualTo("DOCUMENT_REJECTED");
        assertThat(result.json().get("state").asText()).isEqualTo("COMPLETED");
        assertThat(result.json().get("session_limit").asInt()).isEqualTo(2);
        assertThat(api.get(
                                "/v2/idv/recipients/" + recipient + "/sessions/signed/json",
                                newTenant().sandboxKey())
                        .status())
                .as("another organisation's recipient")
                .isEqualTo(404);
        Api.Response reset = api.get("/v2/idv/recipients/" + recipient + "/sessions/reset-limit", key);
        assertThat(reset.json().get("session_limit").asInt()).isEqualTo(4);
        assertThat(api.post("/v2/signing/" + token + "/idv/start", null)
                        .json()
                        .get("stage")
                        .asText())
                .as("the doubled limit allows another session")
                .isEqualTo("verify");
        assertThat(api.get("/v2/idv/sessions/configs", key).text()).contains("\"name\":\"Real Estate\"");

        assertThat(auditTypes(envelope))
                .containsSubsequence("idv_session_started", "idv_failed", "idv_session_started", "idv_failed")
                .contains("idv_session_limit_reached");
        String details = jdbc.sql(
                        "select details_json from audit_event where envelope_id = ? and type = 'idv_failed' limit 1")
                .param(envelope)
                .query(String.class)
                .single();
        assertThat(details).contains("NAME_MISMATCH", "Real Estate", "sandbox").doesNotContain("Otherperson");
    }

    @Test
    void anApprovedCheckOpensTheDocumentsAndTheSignerSigns() {
        String key = newTenant().sandboxKey();
        UUID envelope = create(key, options(3, true).toString());
        runJobs(envelope);
        String token = invitationTo(envelope, "ines@example.com").token();

        start(token);
        choose(token, "APPROVE");
        runJobs(envelope);

        assertThat(api.get("/v2/signing/" + token, null).status()).isEqualTo(200);
        assertThat(api.get("/sign/" + token, null).status()).isEqualTo(200);
        assertThat(sign(token).status()).isEqualTo(204);
        runJobs(envelope);
        assertThat(api.get("/v2/envelopes/" + envelope + "/status", key)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("COMPLETED");
        assertThat(auditTypes(envelope)).contains("idv_session_started", "idv_passed");

        java.util.Map<String, byte[]> pack = completionPack(key, envelope);
        assertThat(new String(pack.get("evidence.xml"), java.nio.charset.StandardCharsets.UTF_8))
                .as("the evidence names the check, its configuration and outcome")
                .contains("email-link, idv (Real Estate: APPROVED)")
                .contains("idv_passed");
        Api.Response verified = api.send(api.builder("/v2/verify", key)
                .header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(pack.get("contract.pdf"))));
        assertThat(verified.status()).as("%s", verified).isEqualTo(200);
        assertThat(verified.text())
                .as("the signer's certificate names the identity check, its configuration and outcome")
                .contains("\"verified_by\":[\"email-link\",\"idv (Real Estate: APPROVED)\"]");
    }

    @Test
    void withoutDeadendErrorsAFailedCheckIsRecordedAndTheSignerGoesOn() {
        String key = newTenant().sandboxKey();
        UUID envelope = create(key, options(1, false).toString());
        runJobs(envelope);
        String token = invitationTo(envelope, "ines@example.com").token();

        start(token);
        choose(token, "DOCUMENT_REJECTED");
        runJobs(envelope);

        assertThat(api.get("/v2/signing/" + token, null).status()).isEqualTo(200);
        assertThat(auditTypes(envelope)).contains("idv_failed");
    }

    /**
     * Mail scanners and link previewers open links: opening the page (GET, HEAD, again and again)
     * starts no session and records nothing; its button (a POST from the page's own origin) does,
     * once, and a POST from another site is refused.
     */
    @Test
    void openingThePageStartsNothingItsButtonDoes() {
        String key = newTenant().sandboxKey();
        UUID envelope = create(key, options(1, true).toString());
        runJobs(envelope);
        String token = invitationTo(envelope, "ines@example.com").token();
        UUID recipient = jdbc.sql("select id from recipient where envelope_id = ?")
                .param(envelope)
                .query(UUID.class)
                .single();

        for (int i = 0; i < 3; i++) {
            Api.Response page = api.get("/sign/" + token + "/idv", null);
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            assertThat(page.text())
                    .contains("data-state=\"idv-ready\"", "Start identity check", "/sign/" + token + "/idv/start")
                    .contains("This is your last try")
                    .doesNotContain("value=\"APPROVE\"");
        }
        assertThat(api.send(api.builder("/sign/" + token + "/idv", null)
                                .method("HEAD", HttpRequest.BodyPublishers.noBody()))
                        .status())
                .isEqualTo(200);
        assertThat(sessions(recipient)).as("no GET starts a session").isZero();
        assertThat(auditTypes(envelope)).doesNotContain("idv_session_started", "idv_session_limit_reached");

        Api.Response foreign = api.send(api.builder("/sign/" + token + "/idv/start", null)
                .header("Origin", "https://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(foreign.status()).as("%s", foreign).isEqualTo(403);
        assertThat(foreign.json().get("code").asText()).isEqualTo("CROSS_ORIGIN_REQUEST");
        assertThat(sessions(recipient)).isZero();

        Api.Response started = api.send(api.builder("/sign/" + token + "/idv/start", null)
                .header("Origin", "http://127.0.0.1:" + port)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(started.status()).as("%s", started).isEqualTo(302);
        assertThat(started.header("Location")).contains("/sign/" + token + "/idv");
        assertThat(sessions(recipient)).isEqualTo(1);
        assertThat(api.get("/sign/" + token + "/idv", null).text())
                .as("the open session is shown again, not started again")
                .contains("value=\"APPROVE\"");
        start(token);
        assertThat(sessions(recipient))
                .as("a second press resumes the open session")
                .isEqualTo(1);

        choose(token, "NAME_MISMATCH");
        runJobs(envelope);
        Api.Response limit = api.get("/sign/" + token + "/idv", null);
        assertThat(limit.text())
                .as("the limit is shown, and a GET records nothing")
                .contains("data-state=\"idv-limit\"")
                .doesNotContain("Start identity check");
        assertThat(auditTypes(envelope)).doesNotContain("idv_session_limit_reached");
    }

    private int sessions(UUID recipient) {
        return jdbc.sql("select count(*) from idv_session where recipient_id = ?")
                .param(recipient)
                .query(Integer.class)
                .single();
    }

    /** The page's "Start identity check" button. */
    private void start(String token) {
        Api.Response started = api.send(api.builder("/sign/" + token + "/idv/start", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(started.status()).as("%s", started).isEqualTo(302);
    }

    private void choose(String token, String outcome) {
        Api.Response chosen = api.send(api.builder("/sign/" + token + "/idv/sandbox", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("outcome=" + outcome)));
        assertThat(chosen.status()).as("%s", chosen).isEqualTo(302);
    }

    private List<String> auditTypes(UUID envelope) {
        return jdbc.sql("select type from audit_event where envelope_id = ? order by seq")
                .param(envelope)
                .query(String.class)
                .list();
    }

    private static ObjectNode options(int sessionLimit, boolean deadendErrors) {
        ObjectNode root = JSON.createObjectNode().put("name", "Verified lease");
        ObjectNode signer = root.putArray("recipients")
                .addObject()
                .put("name", "Inès  Ibáñez")
                .put("email", "ines@example.com")
                .put("sign_group", 1)
                .put("auth_type", "idv");
        ObjectNode idv = signer.putObject("verification")
                .putObject("idv")
                .put("session_config_name", "Real Estate")
                .put("session_limit", sessionLimit);
        ArrayNode blocks = idv.putArray("blocks_signing");
        if (deadendErrors) {
            blocks.add("deadend_errors");
        }
        signer.putArray("tags")
                .addObject()
                .put("name", "sig")
                .put("type", "signature")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.1);
        return root;
    }
}
