package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A sender's validation pattern is run on the server against the signer's value while the envelope
 * row is locked: it must not be able to make the server backtrack (issue 11, point 4).
 */
class SenderPatternTest extends SignetIntegrationTest {

    private static final String FIELD = "recipients[0].tags[1].validation.regex";

    @Test
    void aPatternWithABackreferenceIsRefusedAtCreateNamingTheField() {
        Api.Response created = api.createEnvelope(
                newTenant().sandboxKey(), options("^(a+)+\\1$").toString());

        assertThat(created.status()).as("%s", created).isEqualTo(422);
        assertThat(created.json().get("errors").findValuesAsText("field")).contains(FIELD);
        assertThat(created.text()).contains("RE2");
    }

    @Test
    void aPatternThatExpandsPastTheBoundIsRefusedBeforeItIsCompiled() {
        Api.Response created = api.createEnvelope(
                newTenant().sandboxKey(), options("((a{1000}){1000}){1000}").toString());

        assertThat(created.status()).as("%s", created).isEqualTo(422);
        assertThat(created.json().get("errors").findValuesAsText("field")).contains(FIELD);
    }

    @Test
    void aPatternLongerThanTheLimitIsRefused() {
        Api.Response created = api.createEnvelope(
                newTenant().sandboxKey(), options("a".repeat(501)).toString());

        assertThat(created.status()).as("%s", created).isEqualTo(422);
        assertThat(created.json().get("errors").findValuesAsText("field")).contains(FIELD);
    }

    @Test
    void aCatastrophicButRe2ValidPatternAgainstTenThousandCharactersIsAnsweredFast() {
        String key = newTenant().sandboxKey();
        // RE2-valid, and polynomial for a backtracking engine: java.util.regex took 74 s for 800 characters
        // with four stars (O(n^4)); five stars and 10,000 characters would run for ever.
        UUID envelope = create(key, options("^a*a*a*a*a*$").toString());
        runJobs(envelope);
        String token = invitationTo(envelope, "pat@example.com").token();

        String value = "a".repeat(9_999) + "!";
        long start = System.nanoTime();
        Api.Response refused = submit(token, value);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(refused.status()).as("%s", refused).isEqualTo(422);
        assertThat(refused.text()).contains("Only letters a");
        assertThat(millis).as("answered in %d ms", millis).isLessThan(3_000);

        Api.Response signed = submit(token, "a".repeat(10_000));
        assertThat(signed.status()).as("%s", signed).isEqualTo(204);
    }

    private Api.Response submit(String token, String value) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("tags").addObject().put("name", "code").put("value", value);
        body.withArray("tags").addObject().put("name", "sig").put("value", "Pat Doe");
        HttpRequest.Builder request = api.builder("/v2/signing/" + token + "/submit", null)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        return api.send(request);
    }

    private static ObjectNode options(String regex) {
        ObjectNode root = JSON.createObjectNode().put("name", "Pattern");
        ObjectNode signer = root.putArray("recipients")
                .addObject()
                .put("name", "Pat Doe")
                .put("email", "pat@example.com")
                .put("sign_group", 1);
        signer.putArray("tags")
                .addObject()
                .put("name", "sig")
                .put("type", "signature")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.1);
        ObjectNode text = signer.withArray("tags")
                .addObject()
                .put("name", "code")
                .put("type", "text_field")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.3);
        text.putObject("validation").put("regex", regex).put("error_message", "Only letters a");
        return root;
    }
}
