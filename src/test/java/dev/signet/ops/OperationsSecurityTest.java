package dev.signet.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What an operator reaches (engine REST API, Cockpit, health) and what a stranger does not. */
class OperationsSecurityTest extends SignetIntegrationTest {

    private static final String DEFINITIONS = "/engine-rest/process-definition";
    private static final String COCKPIT_STATISTICS =
            "/camunda/api/cockpit/plugin/base/default/process-definition/statistics";
    private static final String AUTHENTICATED_USER = "/camunda/api/admin/auth/user/default";

    @Autowired
    IdentityService identity;

    /**
     * Camunda answers a wrong password by refusing that user's next logins for a few seconds, even
     * with the right password; the tests that try a wrong one must not slow down the others.
     */
    @AfterEach
    void forgetFailedLogins() {
        identity.unlockUser("admin");
    }

    @Test
    void theEngineRestApiRefusesACallWithoutCredentials() {
        Api.Response response = api.get(DEFINITIONS, null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWithIgnoringCase("Basic");
        assertThat(response.text()).doesNotContain("envelope");
    }

    @Test
    void theEngineRestApiRefusesAWrongPassword() {
        assertThat(basic(DEFINITIONS, "admin", "not-the-password").status()).isEqualTo(401);
        assertThat(basic(DEFINITIONS, "nobody", "test-admin-password").status()).isEqualTo(401);
    }

    @Test
    void theEngineRestApiRefusesASenderApiKey() {
        String key = newTenant().liveKey();
        assertThat(api.get(DEFINITIONS, key).status()).isEqualTo(401);
    }

    @Test
    void theAdminListsTheEnvelopeAndRecipientProcesses() {
        Api.Response response = basic(DEFINITIONS, "admin", "test-admin-password");

        assertThat(response.status()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        response.json().forEach(definition -> keys.add(definition.get("key").asText()));
        assertThat(keys).contains("envelope", "recipient");
    }

    /** Issue 11, point 6: Camunda's default locked a user for good after 10 wrong passwords. */
    @Test
    void twelveWrongPasswordsDelayTheAdminButNeverLockItForGood() {
        for (int i = 0; i < 12; i++) {
            assertThat(basic(DEFINITIONS, "admin", "wrong-" + i).status()).isEqualTo(401);
        }
        assertThat(basic(DEFINITIONS, "admin", "test-admin-password").status())
                .as("still delayed")
                .isEqualTo(401);
        try {
            // Camunda's delay doubles from 3 s and stops at 60 s: a minute later the right password works.
            ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + 61_000));

            assertThat(basic(DEFINITIONS, "admin", "test-admin-password").status())
                    .isEqualTo(200);
        } finally {
            ClockUtil.reset();
        }
    }

    @Test
    void cockpitShowsAnAnonymousVisitorTheLoginAndNoData() {
        Api.Response entry = api.get("/camunda/app/cockpit/", null);
        assertThat(entry.status()).isEqualTo(302);
        assertThat(entry.header("Location")).endsWith("/camunda/app/cockpit/default/");

        Api.Response page = api.get("/camunda/app/cockpit/default/", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).contains("<title>Camunda Cockpit</title>").doesNotContain("envelope");
        // The page is the application's shell; it shows the login form while this says nobody is signed in.
        assertThat(api.get(AUTHENTICATED_USER, null).status()).isEqualTo(404);
    }

    @Test
    void cockpitsApiRefusesAnAnonymousCall() {
        for (String path : List.of(COCKPIT_STATISTICS, "/camunda/api/engine/engine/default/process-definition")) {
            Api.Response response = api.get(path, null);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.text()).as(path).doesNotContain("envelope");
        }
    }

    @Test
    void cockpitRefusesAWrongPassword() throws Exception {
        CockpitSession wrong = new CockpitSession(port);
        assertThat(wrong.login("admin", "not-the-password").statusCode()).isEqualTo(401);
        assertThat(wrong.get(COCKPIT_STATISTICS).statusCode()).isEqualTo(401);
    }

    @Test
    void theAdminSignsInToCockpitAndSeesTheProcesses() throws Exception {
        CockpitSession admin = new CockpitSession(port);
        assertThat(admin.login("admin", "test-admin-password").statusCode()).isEqualTo(200);
        HttpResponse<String> statistics = admin.get(COCKPIT_STATISTICS);
        assertThat(statistics.statusCode()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        JSON.readTree(statistics.body())
                .forEach(definition -> keys.add(definition.get("key").asText()));
        assertThat(keys).contains("envelope", "recipient");
    }

    @Test
    void healthSaysUpAndNothingMoreEvenWhileTheSmtpServerIsDown() {
        assertThat(smtpIsListening())
                .as("nothing listens on the test SMTP port during this test")
                .isFalse();

        Api.Response health = api.get("/actuator/health", null);

        assertThat(health.status()).isEqualTo(200);
        JsonNode body = health.json();
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.size()).as("fields besides status: %s", body).isEqualTo(1);
    }

    @Test
    void actuatorEndpointsBeyondHealthAndInfoAreNotExposed() {
        for (String path : List.of("/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/heapdump")) {
            Api.Response response = api.get(path, null);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.json().get("code").asText()).as(path).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void theLocalMailboxPageExistsOnlyInEmbeddedMode() {
        Api.Response response = api.get("/outbox", null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("code").asText()).isEqualTo("NOT_FOUND");
    }

    /** Mail waits in the outbox while SMTP is away, so an SMTP outage must not take Signet out of service. */
    private static boolean smtpIsListening() {
        String port = System.getenv().getOrDefault("SIGNET_TEST_SMTP_PORT", "3025");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(port)), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Api.Response basic(String path, String user, String password) {
        String credentials =
                Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return api.send(api.builder(path, null)
                .header("Authorization", "Basic " + credentials)
                .GET());
    }

    /** A browser's view of Cockpit: cookies, and the CSRF token the webapp hands out with its pages. */
    private static final class CockpitSession {
        private final CookieManager cookies = new CookieManager();
        private final HttpClient client =
                HttpClient.newBuilder().cookieHandler(cookies).build();
        private final String base;

        CockpitSession(int port) {
            this.base = "http://127.0.0.1:" + port;
        }

        HttpResponse<String> login(String user, String password) throws Exception {
            get("/camunda/app/cockpit/default/");
            String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8);
            return send(request("/camunda/api/admin/auth/user/default/login/cockpit")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(request(path).GET());
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
            cookies.getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .findFirst()
                    .ifPresent(token -> builder.header("X-XSRF-TOKEN", token.getValue()));
            return builder;
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
