package dev.signet.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signet's signatures as a receiver written from the Standard Webhooks specification checks them. */
class WebhookSignatureTest {

    /** The example of the Standard Webhooks reference libraries (secret, id, timestamp, body and signature). */
    @Test
    void signsTheSpecificationsExampleAsTheSpecificationSays() {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String body = "{\"test\": 2432232314}";
        String header = WebhookSignature.header(
                List.of(secret), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, body.getBytes(StandardCharsets.UTF_8));
        assertThat(header).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aNewSecretIsWhsecAndBase64OfThirtyTwoRandomBytes() {
        String a = WebhookSignature.newSecret();
        assertThat(a).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(a.substring(6))).hasSize(32);
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(a);
    }

    @Test
    void duringARotationEitherSecretVerifiesAndAStrangerDoesNot() {
        String old = WebhookSignature.newSecret();
        String fresh = WebhookSignature.newSecret();
        long now = Instant.now().getEpochSecond();
        String body = "{\"envelope_id\":\"e\"}";
        String header =
                WebhookSignature.header(List.of(fresh, old), "msg_1", now, body.getBytes(StandardCharsets.UTF_8));
        assertThat(header.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        StandardWebhooksReceiver.Delivery d =
                new StandardWebhooksReceiver.Delivery("msg_1", Long.toString(now), header, body, null);
        assertThat(StandardWebhooksReceiver.verify(List.of(old), d, Instant.now()))
                .isEmpty();
        assertThat(StandardWebhooksReceiver.verify(List.of(fresh), d, Instant.now()))
                .isEmpty();
        assertThat(StandardWebhooksReceiver.verify(List.of(WebhookSignature.newSecret()), d, Instant.now()))
                .hasValue("no matching signature");
        StandardWebhooksReceiver.Delivery tampered = new StandardWebhooksReceiver.Delivery(
                "msg_1", Long.toString(now), header, body.replace("e", "f"), null);
        assertThat(StandardWebhooksReceiver.verify(List.of(old, fresh), tampered, Instant.now()))
                .hasValue("no matching signature");
    }

    @Test
    void aReceiverRefusesAGenuineDeliveryPresentedAgainLater() {
        String secret = WebhookSignature.newSecret();
        long then = Instant.now().getEpochSecond();
        String body = "{}";
        StandardWebhooksReceiver.Delivery d = new StandardWebhooksReceiver.Delivery(
                "msg_2",
                Long.toString(then),
                WebhookSignature.header(List.of(secret), "msg_2", then, body.getBytes(StandardCharsets.UTF_8)),
                body,
                null);
        assertThat(StandardWebhooksReceiver.verify(List.of(secret), d, Instant.ofEpochSecond(then + 60)))
                .isEmpty();
        assertThat(StandardWebhooksReceiver.verify(List.of(secret), d, Instant.ofEpochSecond(then + 301)))
                .hasValue("timestamp outside tolerance");
        assertThat(StandardWebhooksReceiver.verify(List.of(secret), d, Instant.ofEpochSecond(then - 301)))
                .hasValue("timestamp outside tolerance");
    }
}
