package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The signer's witness page over HTTP (reference 4.3): after signing, the signing link leads to it;
 * a plain form names the witness, refuses bad details with the reason on the page, and once saved
 * shows who the witness is, who then has their own invitation.
 */
class WitnessPagesHttpTest extends SignetIntegrationTest {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @Test
    void afterSigningTheSignerIsSentToTheWitnessPageAndNamesTheirWitnessThere() {
        String key = newTenant().sandboxKey();
        UUID envelope = create(key, options("pia.page@example.com").toString());
        runJobs(envelope);
        String token = invitationTo(envelope, "pia.page@example.com").token();
        passOtp(envelope, token);
        Api.Response signed = sign(token);
        assertThat(signed.status()).as("%s", signed).isEqualTo(204);
        runJobs(envelope);

        Api.Response landing = page("/sign/" + token);
        assertThat(landing.status()).isEqualTo(302);
        assertThat(landing.header("Location")).endsWith("/sign/" + token + "/witness?lang=en");
        Api.Response form = page("/sign/" + token + "/witness");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.header("Cache-Control")).contains("no-store");
        assertThat(form.text()).contains("Name your witness", "name=\"email\"");

        Api.Response refused = post(token, Map.of("name", "Walter Watcher", "email", "not an address"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text()).contains("email").contains("Walter Watcher");
        Api.Response saved = post(token, Map.of("name", "Walter Watcher", "email", "walter.page@example.com"));
        assertThat(saved.status()).as("%s", saved).isEqualTo(302);
        assertThat(saved.header("Location")).contains("/sign/" + token + "/witness?saved");
        Api.Response after = page("/sign/" + token + "/witness?saved");
        assertThat(after.text())
                .contains("Saved.")
                .contains("Your witness is Walter Watcher (walter.page@example.com)");
        assertThat(outbox(envelope, "WITNESS_INVITATION"))
                .extracting(Message::address)
                .containsExactly("walter.page@example.com");
        assertThat(outbox(envelope, "WITNESS_NAMED"))
                .extracting(Message::address)
                .containsExactly("pia.page@example.com");
    }

    @Test
    void aNamedWitnessWhoHasNotSignedIsToldWhenTheSenderArchives() {
        String key = newTenant().sandboxKey();
        UUID envelope = create(key, options("ada.archive@example.com").toString());
        runJobs(envelope);
        String token = invitationTo(envelope, "ada.archive@example.com").token();
        passOtp(envelope, token);
        assertThat(sign(token).status()).isEqualTo(204);
        runJobs(envelope);
        Api.Response named = api.postJson(
                "/v2/signing/" + token + "/witness",
                null,
                "{\"name\":\"Will Waiting\",\"email\":\"will.archive@example.com\"}");
        assertThat(named.status()).as("%s", named).isEqualTo(200);

        assertThat(api.patch("/v2/envelopes/" + envelope, key).status()).isEqualTo(204);
        runJobs(envelope);

        assertThat(outbox(envelope, "ARCHIVED"))
                .extracting(Message::address)
                .containsExactly("will.archive@example.com");
    }

    @Test
    void aSignerWithoutAWitnessHasNoWitnessPage() {
        String key = newTenant().sandboxKey();
        ObjectNode options = options("nora.none@example.com");
        ((ObjectNode) options.get("recipients").get(0)).remove("witness");
        UUID envelope = create(key, options.toString());
        runJobs(envelope);
        String token = invitationTo(envelope, "nora.none@example.com").token();

        assertThat(page("/sign/" + token + "/witness").status()).isEqualTo(404);
        Api.Response api = this.api.get("/v2/signing/" + token + "/witness", null);
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.text()).contains("NO_WITNESS");
    }

    private Api.Response page(String path) {
        return api.send(api.builder(path, null).GET());
    }

    private Api.Response post(String token, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return api.send(api.builder("/sign/" + token + "/witness", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private void passOtp(UUID envelope, String token) {
        assertThat(api.postJson("/v2/signing/" + token + "/otp/send", null, "{}")
                        .status())
                .isEqualTo(200);
        Matcher code = CODE.matcher(outbox(envelope, "OTP").get(0).text());
        assertThat(code.find()).isTrue();
        assertThat(api.postJson("/v2/signing/" + token + "/otp/verify", null, "{\"code\":\"" + code.group(1) + "\"}")
                        .status())
                .isEqualTo(200);
    }

    private static ObjectNode options(String email) {
        ObjectNode root = JSON.createObjectNode().put("name", "Witnessed on the page");
        ObjectNode signer = root.putArray("recipients")
                .addObject()
                .put("name", "Pia Page")
                .put("email", email)
                .put("sign_group", 1);
        signer.putArray("tags").add(tag("sig", 0.1));
        ArrayNode witnessTags = signer.putObject("witness").putArray("tags");
        witnessTags.add(tag("witness_sig", 0.5));
        return root;
    }

    private static ObjectNode tag(String name, double y) {
        return JSON.createObjectNode()
                .put("name", name)
                .put("type", "signature")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", y);
    }
}
