package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every door is matched on the normalised path: a path parameter, an encoded slash or a dot segment
 * is refused with the error body before any chain or controller sees it (issue 11, point 2).
 */
class CanonicalPathsTest extends SignetIntegrationTest {

    @Test
    void aPathParameterNoLongerSkipsTheApiKey() {
        Api.Response response = api.send(api.builder("/v2;x=y/verify", null)
                .header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofString("%PDF-1.7\n")));

        assertRefused(response);
    }

    @Test
    void aPathParameterNoLongerSkipsTheSigningPagesHeadersAndOriginCheck() {
        assertRefused(api.get("/sign;x=1/some-token", null));
        assertRefused(api.send(api.builder("/sign;x=1/some-token/renew", null)
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody())));
        assertRefused(api.send(api.builder("/v2/signing;x=1/some-token/submit", null)
                .header("Sec-Fetch-Site", "cross-site")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tags\":[]}"))));
    }

    @Test
    void nonCanonicalPathsAreRefusedOnEveryDoorWithTheErrorBody() {
        String key = newTenant().sandboxKey();
        for (String path : List.of(
                "/v2/organisations/envelopes/search;jsessionid=1",
                "/v2/./organisations/envelopes/search",
                "/v2//organisations/envelopes/search",
                "/v2/%2e%2e/v2/organisations/envelopes/search",
                "/v2/x/..;/organisations/envelopes/search",
                "/v2%2Forganisations/envelopes/search",
                "/v2/organisations%5Cenvelopes/search",
                "/v2/organisations/envelopes/search%3Bx",
                "/engine-rest;a=b/process-definition",
                "/camunda;a=b/api/admin/setup/default/user/create",
                "/signing;x/signing.js",
                "/actuator;x/health")) {
            Api.Response response = api.get(path, key);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.header("Content-Type")).as(path).startsWith("application/json");
            assertThat(response.json().path("code").asText()).as(path).isEqualTo("MALFORMED_REQUEST");
        }
    }

    @Test
    void theCanonicalPathStillAnswers() {
        assertThat(api.get("/v2/organisations/envelopes/search", newTenant().sandboxKey())
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
    }

    private static void assertRefused(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json().path("code").asText()).isEqualTo("MALFORMED_REQUEST");
    }
}
