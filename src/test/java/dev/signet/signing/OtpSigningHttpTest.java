package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The one-time-password step over HTTP, on the whole service: the signer sees nothing until the code from the
 * (sandbox) outbox checks out, then signs, and the envelope completes.
 */
class OtpSigningHttpTest extends SignetIntegrationTest {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @Test
    void aSignerEntersTheCodeBeforeSeeingTheDocumentsThenSignsAndTheEnvelopeCompletes() {
        String key = newTenant().sandboxKey();
        // has_envelope_otps is accepted now that the signing page asks for the code.
        UUID envelope = create(key, options().put("has_envelope_otps", true).toString());
        runJobs(envelope);
        assertThat(verifiedBy(key, envelope)).as("nothing passed yet").isEmpty();
        String token = invitationTo(envelope, "olive@example.com").token();

        Api.Response page = api.get("/sign/" + token, null);
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        assertThat(page.text())
                .contains("Confirm it is you", "Text message to +44 ", "Email to o•••@example.com")
                .contains("autocomplete=\"one-time-code\"", "inputmode=\"numeric\"")
                .as("the page names no document before the code")
                .doesNotContain("contract.pdf");
        assertThat(api.get("/sign/" + token + "?lang=de", null).text())
                .contains("Bestätigen Sie, dass Sie es sind", "SMS an +44 ", "Code senden");

        Api.Response details = api.get("/v2/signing/" + token, null);
        assertThat(details.status()).as("%s", details).isEqualTo(403);
        assertThat(details.text()).contains("OTP_REQUIRED");
        UUID documentId = UUID.fromString(jdbc.sql("select id from document where envelope_id = ? limit 1")
                .param(envelope)
                .query(String.class)
                .single());
        Api.Response document = api.get("/v2/signing/" + token + "/documents/" + documentId, null);
        assertThat(document.status()).as("%s", document).isEqualTo(403);
        Api.Response earlySubmit = api.postJson("/v2/signing/" + token + "/submit", null, "{\"tags\":[]}");
        assertThat(earlySubmit.status()).as("%s", earlySubmit).isEqualTo(403);
        Api.Response noCodeYet = verify(token, "123456");
        assertThat(noCodeYet.status()).isEqualTo(422);
        assertThat(noCodeYet.text()).contains("OTP_NO_CODE");

        Api.Response sent = api.postJson("/v2/signing/" + token + "/otp/send", null, "{}");
        assertThat(sent.status()).as("%s", sent).isEqualTo(200);
        assertThat(sent.json().get("channel").asText()).isEqualTo("SMS");
        assertThat(sent.json().get("message").asText()).startsWith("We sent a 6-digit code to");
        List<Message> otps = outbox(envelope, "OTP");
        assertThat(otps).hasSize(1);
        String code = codeIn(otps.get(0));
        String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);

        Api.Response refused = verify(token, wrong);
        assertThat(refused.status()).as("%s", refused).isEqualTo(422);
        assertThat(refused.text()).contains("OTP_WRONG_CODE").contains("4 tries left");
        assertThat(api.get("/v2/signing/" + token, null).status())
                .as("still closed")
                .isEqualTo(403);

        Api.Response passed = verify(token, code);
        assertThat(passed.status()).as("%s", passed).isEqualTo(200);
        assertThat(passed.json().get("status").asText()).isEqualTo("VERIFIED");
        assertThat(api.get("/v2/signing/" + token, null).status()).isEqualTo(200);
        assertThat(api.get("/v2/signing/" + token + "/documents/" + documentId, null)
                        .status())
                .isEqualTo(200);
        Api.Response again = verify(token, code);
        assertThat(again.status()).as("the step is passed: %s", again).isEqualTo(409);
        assertThat(jdbc.sql(
                                "select count(*) from audit_event where envelope_id = ? and type in ('otp_sent', 'otp_failed', 'otp_passed')")
                        .param(envelope)
                        .query(Integer.class)
                        .single())
                .isEqualTo(3);

        Api.Response signed = sign(token);
        assertThat(signed.status()).as("%s", signed).isEqualTo(204);
        runJobs(envelope);
        assertThat(api.get("/v2/envelopes/" + envelope + "/status", key)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("COMPLETED");
        assertThat(verifiedBy(key, envelope)).containsExactly("email_link", "otp_sms");
    }

    /** GET envelope's verified_by of the envelope's one signer. */
    private List<String> verifiedBy(String key, UUID envelope) {
        JsonNode signer = api.get("/v2/envelopes/" + envelope, key)
                .json()
                .get("details")
                .get("recipients")
                .get(0);
        List<String> checks = new java.util.ArrayList<>();
        signer.get("verified_by").forEach(c -> checks.add(c.asText()));
        return checks;
    }

    private Api.Response verify(String token, String code) {
        return api.postJson("/v2/signing/" + token + "/otp/verify", null, "{\"code\":\"" + code + "\"}");
    }

    private static String codeIn(Message otp) {
        Matcher m = CODE.matcher(otp.text());
        assertThat(m.find()).as("a code in %s", otp.text()).isTrue();
        return m.group(1);
    }

    private static ObjectNode options() {
        ObjectNode root = JSON.createObjectNode().put("name", "With a code");
        ObjectNode signer = root.putArray("recipients")
                .addObject()
                .put("name", "Olive Otp")
                .put("email", "olive@example.com")
                .put("sign_group", 1)
                .put("iso_country_code", "GB")
                .put("mobile_number", "7999999999");
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
