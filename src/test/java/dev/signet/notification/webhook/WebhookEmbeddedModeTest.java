package dev.signet.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.EmbeddedModeTest;
import dev.signet.SignetIntegrationTest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Webhooks in the zero set-up mode, as a new user meets them: H2, the poller running by itself, and
 * a receiver on the user's own machine over plain http, which embedded mode allows. Nothing is
 * driven by hand: the test waits for the deliveries, as a user's receiver would. It shares the
 * embedded-mode context of {@link EmbeddedModeTest} with the other tests of that mode.
 */
class WebhookEmbeddedModeTest extends EmbeddedModeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Pattern TOKEN = Pattern.compile("/sign/([A-Za-z0-9_-]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLocalReceiverGetsEveryEventOfAnEnvelopeSignedAndCanHaveOneReplayed() throws Exception {
        Api api = new Api(port);
        String secret = api.post("/v2/webhook-endpoints/envelope-secret", KEY)
                .json()
                .get("secret")
                .asText();
        try (StandardWebhooksReceiver receiver = new StandardWebhooksReceiver(secret)) {
            SignetIntegrationTest.Options options =
                    new SignetIntegrationTest.Options("Embedded hooks").signer("Dee Dunn", "dee@example.com", 1);
            options.json()
                    .putObject("notifications")
                    .put("destination", receiver.url("/hooks"))
                    .putArray("subscriptions")
                    .add("envelope_ready")
                    .add("signer_completion")
                    .add("envelope_completion");
            Api.Response created = api.createEnvelope(KEY, options.toString());
            assertThat(created.status()).as("%s", created).isEqualTo(202);
            String envelope = created.json().get("envelope_id").asText();

            await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 1);
            sign(api, invitationToken(api, envelope));
            await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 3);
            assertThat(receiver.refusals()).isEmpty();
            assertThat(receiver.accepted())
                    .extracting(StandardWebhooksReceiver.Delivery::event)
                    .containsExactly("envelope_ready", "signer_completion", "envelope_completion");

            JsonNode endpoints = api.get("/v2/webhook-endpoints", KEY).json().get("endpoints");
            assertThat(endpoints).hasSize(1);
            String endpoint = endpoints.get(0).get("id").asText();
            assertThat(endpoints.get(0).get("source").asText()).isEqualTo("ENVELOPE");
            assertThat(api.get("/v2/webhook-endpoints/" + endpoint + "/deliveries", KEY)
                            .json()
                            .get("deliveries"))
                    .hasSize(3)
                    .allMatch(d -> d.get("status_code").asInt() == 204);
            String first = receiver.accepted().get(0).id();
            Api.Response replay = api.postJson(
                    "/v2/webhook-endpoints/" + endpoint + "/replay", KEY, "{\"webhook_id\":\"" + first + "\"}");
            assertThat(replay.status()).as("%s", replay).isEqualTo(202);
            await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 4);
            assertThat(receiver.accepted().get(3).id()).isEqualTo(first);
        }
    }

    private static String invitationToken(Api api, String envelope) {
        return await().atMost(PATIENCE)
                .until(
                        () -> {
                            for (JsonNode m : api.get("/v2/sandbox/outbox?envelope_id=" + envelope, KEY)
                                    .json()
                                    .get("messages")) {
                                if (m.get("kind").asText().equals("INVITATION")
                                        && m.get("status").asText().equals("KEPT")) {
                                    Matcher matcher =
                                            TOKEN.matcher(m.get("text").asText());
                                    if (matcher.find()) {
                                        return matcher.group(1);
                                    }
                                }
                            }
                            return null;
                        },
                        token -> token != null);
    }

    private static void sign(Api api, String token) {
        JsonNode view = api.get("/v2/signing/" + token, null).json();
        ObjectNode body = JSON.createObjectNode();
        view.get("tags")
                .forEach(t -> body.withArray("tags")
                        .addObject()
                        .put("name", t.get("name").asText())
                        .put("value", view.get("recipient").get("name").asText()));
        assertThat(api.postJson("/v2/signing/" + token + "/submit", null, body.toString())
                        .status())
                .isEqualTo(204);
    }
}
