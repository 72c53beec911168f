package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The portal's webhook pages over real HTTP, and the TOTP seed at rest: every user of the
 * organisation reads the endpoints and their logs, only an admin changes them, nobody sees another
 * organisation's endpoint, a secret appears only on the admin's answer to create or rotate, and the
 * rules are the API's.
 */
class PortalWebhooksTest extends SignetIntegrationTest {

    static final String PASSWORD = "correct horse battery staple";
    private static final Pattern SECRET = Pattern.compile("id=\"secret\"[^>]*>(whsec_[A-Za-z0-9+/=]+)<");

    @Autowired
    PortalUsers users;

    @Autowired
    Passwords passwords;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void freshCounts() {
        throttle.clear();
    }

    record Org(Tenant tenant, String admin, String sender, String viewer) {}

    Org org() {
        Tenant tenant = newTenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String hash = passwords.hash(PASSWORD);
        Org org = new Org(
                tenant,
                "admin-" + tag + "@example.com",
                "sender-" + tag + "@example.com",
                "viewer-" + tag + "@example.com");
        users.create(tenant.organisationId(), org.admin(), Role.ADMIN, hash);
        users.create(tenant.organisationId(), org.sender(), Role.SENDER, hash);
        users.create(tenant.organisationId(), org.viewer(), Role.VIEWER, hash);
        return org;
    }

    PortalClient as(String email) {
        PortalClient client = new PortalClient(port);
        PortalClient.Page login = client.login(email, PASSWORD);
        assertThat(login.location()).as(login.body()).endsWith("/portal/envelopes");
        return client;
    }

    record Made(UUID id, String secret) {}

    /** Creates an endpoint through the admin's form; returns it with the secret the answer showed. */
    Made create(PortalClient admin, String url) {
        PortalClient.Page page = admin.submit(
                "/portal/webhooks?mode=live",
                "/portal/webhooks",
                Map.of("mode", "live", "url", url, "description", "Orders", "events", "envelope_completion"));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Matcher secret = SECRET.matcher(page.body());
        assertThat(secret.find()).as(page.body()).isTrue();
        Matcher id = Pattern.compile("/portal/webhooks/([0-9a-f-]{36})/test").matcher(page.body());
        assertThat(id.find()).isTrue();
        return new Made(UUID.fromString(id.group(1)), secret.group(1));
    }

    private String rawSecrets(UUID endpoint) {
        return jdbc.sql("select secret || ' ' || coalesce(previous_secret, '') from webhook_endpoint where id = ?")
                .param(endpoint)
                .query(String.class)
                .single();
    }

    @Test
    void anAdminCreatesAnEndpointAndSeesItsSecretOnceTheDatabaseNever() {
        Org org = org();
        PortalClient admin = as(org.admin());
        Made made = create(admin, "https://hooks.example.com/orders?token=abc123");
        assertThat(made.secret()).startsWith("whsec_");
        assertThat(rawSecrets(made.id()))
                .startsWith("sb1:")
                .doesNotContain(made.secret().substring(6));

        PortalClient.Page list = admin.get("/portal/webhooks?mode=live");
        assertThat(list.body())
                .contains("https://hooks.example.com/orders?token=abc123")
                .doesNotContain("whsec_");
        PortalClient.Page page = admin.get("/portal/webhooks/" + made.id());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("whsec_").contains("envelope_completion");

        PortalClient.Page rotated =
                admin.post("/portal/webhooks/" + made.id() + "/rotate", Map.of("_csrf", page.csrf()));
        assertThat(rotated.status()).isEqualTo(200);
        Matcher fresh = SECRET.matcher(rotated.body());
        assertThat(fresh.find()).isTrue();
        assertThat(fresh.group(1)).isNotEqualTo(made.secret());
        assertThat(rawSecrets(made.id()))
                .doesNotContain(made.secret().substring(6))
                .doesNotContain(fresh.group(1).substring(6));
        assertThat(admin.get("/portal/webhooks/" + made.id()).body()).doesNotContain("whsec_");
    }

    @Test
    void theApisRulesApply() {
        Org org = org();
        PortalClient admin = as(org.admin());
        PortalClient.Page refused = admin.submit(
                "/portal/webhooks",
                "/portal/webhooks",
                Map.of("mode", "live", "url", "http://10.1.2.3/hook", "events", "no_such_event"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body())
                .contains("must be an https URL")
                .contains("subscriptions[0]: is not a known event")
                .doesNotContain("whsec_");
        assertThat(jdbc.sql("select count(*) from webhook_endpoint where organisation_id = ?")
                        .param(org.tenant().organisationId())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void sendersAndViewersReadTheEndpointsButChangeNothingAndSeeNoSecret() {
        Org org = org();
        Made made = create(as(org.admin()), "https://hooks.example.com/orders?token=abc123");
        String before = rawSecrets(made.id());

        for (String email : List.of(org.viewer(), org.sender())) {
            PortalClient user = as(email);
            PortalClient.Page list = user.get("/portal/webhooks?mode=live");
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.body())
                    .as("the URL without the query, which may hold a token")
                    .contains("https://hooks.example.com/orders?…")
                    .doesNotContain("abc123")
                    .doesNotContain("id=\"create-endpoint\"");
            PortalClient.Page page = user.get("/portal/webhooks/" + made.id());
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body())
                    .doesNotContain("whsec_")
                    .doesNotContain("abc123")
                    .doesNotContain("/rotate")
                    .doesNotContain("/delete");
            String csrf = page.csrf();
            for (String action : List.of("rotate", "test", "disable", "delete", "replay")) {
                assertThat(user.post(
                                        "/portal/webhooks/" + made.id() + "/" + action,
                                        Map.of("_csrf", csrf, "webhook_id", "msg_x"))
                                .status())
                        .as("%s by %s", action, email)
                        .isEqualTo(403);
            }
            assertThat(user.post("/portal/webhooks", Map.of("_csrf", csrf, "mode", "live", "url", "https://x.example"))
                            .status())
                    .isEqualTo(403);
        }
        assertThat(rawSecrets(made.id())).as("not rotated").isEqualTo(before);
        assertThat(jdbc.sql("select status || ' ' || count(*) from webhook_endpoint where organisation_id = ?"
                                + " and deleted_at is null group by status")
                        .param(org.tenant().organisationId())
                        .query(String.class)
                        .list())
                .containsExactly("ENABLED 1");
        assertThat(jdbc.sql("select count(*) from webhook_message where endpoint_id = ?")
                        .param(made.id())
                        .query(Integer.class)
                        .single())
                .as("no test event queued")
                .isZero();
    }

    @Test
    void anotherOrganisationsEndpointIsNotFoundByAnyAddress() {
        Org owner = org();
        Made made = create(as(owner.admin()), "https://hooks.example.com/theirs");
        String before = rawSecrets(made.id());
        Org other = org();
        PortalClient stranger = as(other.admin());

        assertThat(stranger.get("/portal/webhooks?mode=live").body()).doesNotContain("hooks.example.com/theirs");
        PortalClient.Page page = stranger.get("/portal/webhooks/" + made.id());
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).doesNotContain("hooks.example.com/theirs");
        String csrf = page.csrf();
        for (String action : List.of("rotate", "test", "disable", "delete", "replay")) {
            PortalClient.Page answer = stranger.post(
                    "/portal/webhooks/" + made.id() + "/" + action, Map.of("_csrf", csrf, "webhook_id", "msg_x"));
            assertThat(answer.status()).as(action).isEqualTo(404);
            assertThat(answer.body()).doesNotContain("whsec_");
        }
        assertThat(rawSecrets(made.id())).isEqualTo(before);
        assertThat(jdbc.sql("select status from webhook_endpoint where id = ? and deleted_at is null")
                        .param(made.id())
                        .query(String.class)
                        .single())
                .isEqualTo("ENABLED");
    }

    @Test
    void everyChangeNeedsTheCsrfToken() {
        Org org = org();
        PortalClient admin = as(org.admin());
        Made made = create(admin, "https://hooks.example.com/csrf");
        for (String action : List.of("rotate", "test", "disable", "delete")) {
            assertThat(admin.post("/portal/webhooks/" + made.id() + "/" + action, Map.of())
                            .status())
                    .as(action)
                    .isEqualTo(403);
        }
        assertThat(admin.post("/portal/webhooks", Map.of("mode", "live", "url", "https://x.example.com"))
                        .status())
                .isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from webhook_endpoint where organisation_id = ? and deleted_at is null")
                        .param(org.tenant().organisationId())
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void anAdminDisablesEnablesAndDeletesAnEndpoint() {
        Org org = org();
        PortalClient admin = as(org.admin());
        Made made = create(admin, "https://hooks.example.com/lifecycle");
        String page = "/portal/webhooks/" + made.id();

        assertThat(admin.submit(page, page + "/disable", Map.of()).location()).endsWith(page);
        assertThat(admin.get(page).body()).contains("Disabled in the portal").contains("/enable");
        assertThat(admin.submit(page, page + "/enable", Map.of()).location()).endsWith(page);
        assertThat(admin.get(page).body()).contains("/disable");
        PortalClient.Page deleted = admin.submit(page, page + "/delete", Map.of());
        assertThat(deleted.location()).contains("/portal/webhooks?mode=live");
        assertThat(admin.get(page).status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from webhook_endpoint where id = ? and secret is not null")
                        .param(made.id())
                        .query(Integer.class)
                        .single())
                .as("a deleted endpoint keeps no secret")
                .isZero();
    }

    /** The TOTP seed is sealed in its row, and a plain one from before sealing began is sealed at start. */
    @Test
    void theTotpSeedIsSealedAtRestAndLoginWithACodeStillWorks() {
        Org org = org();
        PortalClient sender = as(org.sender());
        sender.post(
                "/portal/account/totp/start",
                Map.of("_csrf", sender.get("/portal/account").csrf()));
        PortalClient.Page enrol = sender.get("/portal/account");
        Matcher shown =
                Pattern.compile("id=\"totp-secret\"[^>]*>([A-Z2-7]{32})<").matcher(enrol.body());
        assertThat(shown.find()).isTrue();
        String seed = shown.group(1);
        UUID id = users.byEmail(org.sender()).orElseThrow().id();
        assertThat(rawSeed(id)).startsWith("sb1:").doesNotContain(seed);
        byte[] key = Totp.unbase32(seed);
        long now = Totp.step(Instant.now());
        assertThat(sender.post(
                                "/portal/account/totp/confirm",
                                Map.of("code", Totp.code(key, now, 6), "_csrf", enrol.csrf()))
                        .status())
                .isEqualTo(200);
        assertThat(rawSeed(id)).doesNotContain(seed);
        assertThat(loginWithCode(org.sender(), Totp.code(key, now + 1, 6)))
                .as("a code works against the sealed seed")
                .isEqualTo(302);

        // A seed stored in plain before sealing began: it still works, the start seals it, it still works.
        String legacy = Totp.newSecret();
        byte[] legacyKey = Totp.unbase32(legacy);
        jdbc.sql("update portal_user set totp_secret = ?, totp_last_step = null where id = ?")
                .params(legacy, id)
                .update();
        long step = Totp.step(Instant.now());
        assertThat(loginWithCode(org.sender(), Totp.code(legacyKey, step, 6))).isEqualTo(302);
        context.getBean("secretSealing", SmartInitializingSingleton.class).afterSingletonsInstantiated();
        assertThat(rawSeed(id)).startsWith("sb1:").doesNotContain(legacy);
        assertThat(loginWithCode(org.sender(), Totp.code(legacyKey, step + 1, 6)))
                .isEqualTo(302);
    }

    private String rawSeed(UUID user) {
        return jdbc.sql("select totp_secret from portal_user where id = ?")
                .param(user)
                .query(String.class)
                .single();
    }

    private int loginWithCode(String email, String code) {
        PortalClient client = new PortalClient(port);
        assertThat(client.login(email, PASSWORD).location()).endsWith("/portal/login/code");
        return client.post(
                        "/portal/login/code",
                        Map.of(
                                "code",
                                code,
                                "_csrf",
                                client.get("/portal/login/code").csrf()))
                .status();
    }
}
