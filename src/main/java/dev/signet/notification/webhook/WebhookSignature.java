package dev.signet.notification.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a delivery the way the Standard Webhooks specification describes: HMAC-SHA256 with the
 * secret's bytes (the base64 after {@code whsec_}) over {@code id.timestamp.body}, written
 * {@code v1,<base64>}. During a rotation each active secret signs, space-separated, so a receiver
 * that knows either one accepts the delivery.
 */
final class WebhookSignature {

    static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {}

    /** A new secret: 32 random bytes (the specification asks for 24 to 64). */
    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header's value for this message under every given secret. */
    static String header(List<String> secrets, String webhookId, long timestamp, byte[] body) {
        return secrets.stream()
                .map(secret -> "v1," + sign(secret, webhookId, timestamp, body))
                .collect(Collectors.joining(" "));
    }

    private static String sign(String secret, String webhookId, long timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
