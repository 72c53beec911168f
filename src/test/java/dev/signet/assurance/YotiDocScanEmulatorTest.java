package dev.signet.assurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The emulation refuses what Yoti refuses, so a provider test passing against it means the SDK
 * signed its requests as Yoti requires: a replayed nonce, another SDK id, a body changed after
 * signing and a request without the SDK headers each get 401.
 */
class YotiDocScanEmulatorTest {

    private static final YotiDocScanEmulator YOTI = start();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String BODY = "{\"requested_checks\":[{\"type\":\"LIVENESS\"}]}";

    @AfterAll
    static void stop() {
        YOTI.close();
    }

    @Test
    void aSignedRequestPassesAndEveryTamperingIsRefused() throws Exception {
        String nonce = UUID.randomUUID().toString();
        String path = "/sessions?sdkId=" + YotiDocScanEmulator.SDK_ID + "&nonce=" + nonce + "&timestamp=12345";
        assertThat(post(path, BODY, sign(path, BODY), true)).isEqualTo(201);
        assertThat(post(path, BODY, sign(path, BODY), true))
                .as("nonce used twice")
                .isEqualTo(401);

        String fresh =
                "/sessions?sdkId=" + YotiDocScanEmulator.SDK_ID + "&nonce=" + UUID.randomUUID() + "&timestamp=12345";
        assertThat(post(fresh, BODY.replace("LIVENESS", "ID_DOCUMENT_AUTHENTICITY"), sign(fresh, BODY), true))
                .as("body changed after signing")
                .isEqualTo(401);

        String other = "/sessions?sdkId=another&nonce=" + UUID.randomUUID() + "&timestamp=12345";
        assertThat(post(other, BODY, sign(other, BODY), true))
                .as("unknown SDK id")
                .isEqualTo(401);

        String noHeaders =
                "/sessions?sdkId=" + YotiDocScanEmulator.SDK_ID + "&nonce=" + UUID.randomUUID() + "&timestamp=12345";
        assertThat(post(noHeaders, BODY, sign(noHeaders, BODY), false))
                .as("no X-Yoti-SDK headers")
                .isEqualTo(401);
        assertThat(YOTI.refused()).isEqualTo(4);
        assertThat(YOTI.served()).isEqualTo(1);
    }

    private static int post(String path, String body, String digest, boolean sdkHeaders) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(YOTI.baseUrl() + path))
                .header("Content-Type", "application/json")
                .header("X-Yoti-Auth-Digest", digest)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (sdkHeaders) {
            request.header("X-Yoti-SDK", "Java").header("X-Yoti-SDK-Version", "Java-3.10.0");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String sign(String path, String body) throws Exception {
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(YOTI.keys().getPrivate());
        String message =
                "POST&" + path + "&" + Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
        signer.update(message.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private static YotiDocScanEmulator start() {
        try {
            return new YotiDocScanEmulator();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
