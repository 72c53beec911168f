package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Yoti auth ({@code auth_type: sign-auth}) over HTTP on the whole service: accepted for sandbox keys
 * (the sandbox share page stands in for the Yoti app), refused for live keys while no Yoti
 * application is configured, and refused for a witness, each with 422 saying why. The signer sees no
 * document until they shared their own email; another one is refused with a page that says so, and
 * they try again; the receipt and the attributes shared are stated in the evidence.
 */
class YotiShareHttpTest extends SignetIntegrationTest {

    @Test
    void aSandboxSignerSharesTheirEmailBeforeSeeingTheDocumentsAndAnotherEmailIsRefused() {
        String key = newTenant().sandboxKey();
        UUID envelope = create(key, options("full_name").toString());
        runJobs(envelope);
        String token = invitationTo(envelope, "alice@example.com").token();

        Api.Response owed = api.get("/v2/signing/" + token, null);
        assertThat(owed.status()).isEqualTo(403);
        assertThat(owed.json().get("code").asText()).isEqualTo("YOTI_SHARE_REQUIRED");
        Api.Response page = api.get("/sign/" + token, null);
        assertThat(page.status())
                .as("the signing page sends the signer to Yoti first")
                .isEqualTo(302);
        assertThat(page.header("Location")).contains("/sign/" + token + "/yoti");
        Api.Response ready = api.get("/sign/" + token + "/yoti", null);
        assertThat(ready.text())
                .as("opening the page starts nothing")
                .contains("data-state=\"yoti-ready\"", "full_name")
                .doesNotContain("SHARE_EMAIL");

        post("/sign/" + token + "/yoti/start", "");
        assertThat(api.get("/sign/" + token + "/yoti", null).text())
                .contains("data-state=\"yoti-sandbox\"", "value=\"SHARE_EMAIL\"", "value=\"SHARE_OTHER_EMAIL\"");
        Api.Response other = post("/sign/" + token + "/yoti/sandbox", "outcome=SHARE_OTHER_EMAIL");
        assertThat(other.header("Location")).contains("/sign/" + token + "/yoti");
        Api.Response refusal = api.get("/sign/" + token + "/yoti", null);
        assertThat(refusal.text())
                .as("a clear refusal, and a way to try again")
                .contains("id=\"yoti-last\"", "is not the address this invitation was sent to")
                .contains("data-state=\"yoti-ready\"");
        assertThat(api.get("/v2/signing/" + token, null).status())
                .as("still refused")
                .isEqualTo(403);

        post("/sign/" + token + "/yoti/start", "");
        Api.Response shared = post("/sign/" + token + "/yoti/sandbox", "outcome=SHARE_EMAIL");
        assertThat(shared.header("Location")).as("on to the documents").doesNotContain("/yoti");

        assertThat(api.get("/v2/signing/" + token, null).status()).isEqualTo(200);
        assertThat(api.get("/sign/" + token, null).status()).isEqualTo(200);
        assertThat(sign(token).status()).isEqualTo(204);
        runJobs(envelope);
        assertThat(api.get("/v2/envelopes/" + envelope + "/status", key)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("COMPLETED");
        assertThat(auditTypes(envelope))
                .containsSubsequence("yoti_share_started", "yoti_share_email_mismatch", "yoti_share_started")
                .contains("yoti_share_passed");

        String checks = jdbc.sql("select checks_passed from recipient where envelope_id = ?")
                .param(envelope)
                .query(String.class)
                .single();
        assertThat(checks).contains("yoti-share (receipt sandbox-receipt-", "shared email_address full_name)");
        Map<String, byte[]> pack = completionPack(key, envelope);
        assertThat(new String(pack.get("evidence.xml"), StandardCharsets.UTF_8))
                .as("the evidence names the receipt and the attributes shared")
                .contains("yoti-share (receipt sandbox-receipt-")
                .contains("yoti_share_passed")
                .doesNotContain(SandboxOther.EMAIL);
        Api.Response verified = api.send(api.builder("/v2/verify", key)
                .header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(pack.get("contract.pdf"))));
        assertThat(verified.text())
                .as("the signer's certificate names the Yoti share")
                .contains("\"email-link\",\"yoti-share (receipt sandbox-receipt-");
        assertThat(api.get("/v2/envelopes/" + envelope, key).text()).contains("yoti_share (receipt sandbox");
    }

    @Test
    void liveKeysAreRefusedSignAuthWhileNoYotiApplicationIsConfigured() {
        Api.Response live = api.createEnvelope(newTenant().liveKey(), options().toString());
        assertThat(live.status()).as("%s", live).isEqualTo(422);
        assertThat(live.json().get("code").asText()).isEqualTo("ASSURANCE_NOT_AVAILABLE");
        assertThat(live.json().get("errors").get(0).get("field").asText()).isEqualTo("recipients[0].auth_type");
        assertThat(live.json().get("errors").get(0).get("message").asText()).contains("sign-auth", "signet.yoti");
    }

    @Test
    void aWitnessCannotUseSignAuthAndIsRefusedNotIgnored() {
        ObjectNode options = options();
        ObjectNode signer = (ObjectNode) options.get("recipients").get(0);
        signer.put("auth_type", "no-auth");
        signer.putObject("witness")
                .put("auth_type", "sign-auth")
                .putArray("tags")
                .addObject()
                .put("name", "witness_sig")
                .put("type", "signature")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.5)
                .put("y", 0.1);

        Api.Response refused = api.createEnvelope(newTenant().sandboxKey(), options.toString());

        assertThat(refused.status()).as("%s", refused).isEqualTo(422);
        assertThat(refused.text()).contains("recipients[0].witness.auth_type", "a witness cannot use sign-auth");
    }

    private Api.Response post(String path, String form) {
        Api.Response response = api.send(api.builder(path, null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(response.status()).as("%s", response).isEqualTo(302);
        return response;
    }

    private List<String> auditTypes(UUID envelope) {
        return jdbc.sql("select type from audit_event where envelope_id = ? order by seq")
                .param(envelope)
                .query(String.class)
                .list();
    }

    /** The address the sandbox page "shares" when asked for another one. */
    private static final class SandboxOther {
        static final String EMAIL = "someone.else@sandbox.invalid";
    }

    static ObjectNode options(String... attributes) {
        ObjectNode root = JSON.createObjectNode().put("name", "Lease with Yoti auth");
        ObjectNode signer = root.putArray("recipients")
                .addObject()
                .put("name", "Alice Smith")
                .put("email", "alice@example.com")
                .put("sign_group", 1)
                .put("auth_type", "sign-auth");
        if (attributes.length > 0) {
            var list = signer.putArray("yoti_attributes");
            for (String a : attributes) {
                list.add(a);
            }
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
