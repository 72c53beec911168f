package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Running the organisation from the portal over real HTTP: API keys made, used on the API and
 * revoked; branding and framing origins through the rules of {@code PUT /v2/embedding}; who may do it.
 */
class PortalOrganisationTest extends SignetIntegrationTest {

    static final String PASSWORD = "correct horse battery staple";
    private static final Pattern NEW_KEY = Pattern.compile("id=\"new-key\"[^>]*>(sk_(?:live|sandbox)_[A-Za-z0-9_-]+)<");
    private static final Pattern KEY_ID = Pattern.compile("data-key-id=\"([0-9a-f-]{36})\"");

    @Autowired
    PortalUsers users;

    @Autowired
    Passwords passwords;

    @Autowired
    LoginThrottle throttle;

    @BeforeEach
    void freshCounts() {
        throttle.clear();
    }

    record Org(Tenant tenant, String admin, String sender, String viewer) {}

    Org org() {
        Tenant tenant = newTenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String hash = passwords.hash(PASSWORD);
        String admin = "admin-" + tag + "@example.com";
        String sender = "sender-" + tag + "@example.com";
        String viewer = "viewer-" + tag + "@example.com";
        users.create(tenant.organisationId(), admin, Role.ADMIN, hash);
        users.create(tenant.organisationId(), sender, Role.SENDER, hash);
        users.create(tenant.organisationId(), viewer, Role.VIEWER, hash);
        return new Org(tenant, admin, sender, viewer);
    }

    PortalClient as(String email) {
        PortalClient client = new PortalClient(port);
        PortalClient.Page login = client.login(email, PASSWORD);
        assertThat(login.status()).as(login.body()).isEqualTo(302);
        return client;
    }

    /** Creates a key through the form; returns the key the answer shows. */
    static String createKey(PortalClient admin, String name, String mode) {
        PortalClient.Page made = admin.submit(
                "/portal/organisation/keys", "/portal/organisation/keys", Map.of("name", name, "mode", mode));
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        Matcher m = NEW_KEY.matcher(made.body());
        assertThat(m.find()).as(made.body()).isTrue();
        return m.group(1);
    }

    static String onlyKeyId(PortalClient admin, String name) {
        String body = admin.get("/portal/organisation/keys").body();
        int row = body.indexOf(">" + name + "<");
        assertThat(row).as(body).isPositive();
        Matcher m = KEY_ID.matcher(body.substring(body.lastIndexOf("<tr", row)));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void aKeyMadeInThePortalWorksOnTheApiAndARevokedOneIsRefusedAtOnce() {
        Org org = org();
        PortalClient admin = as(org.admin());
        String name = "CRM " + UUID.randomUUID().toString().substring(0, 6);
        String key = createKey(admin, name, "sandbox");
        assertThat(key).startsWith("sk_sandbox_");

        // Only the hash is kept; the list shows the name, the mode and the prefix, never the key again.
        assertThat(jdbc.sql("select count(*) from api_key where key_hash = ? and name = ?")
                        .params(sha256(key), name)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        PortalClient.Page list = admin.get("/portal/organisation/keys");
        assertThat(list.body())
                .contains(name)
                .contains(key.substring(0, "sk_sandbox_".length() + 4))
                .doesNotContain(key)
                .contains("never");

        assertThat(api.get("/v2/embedding", key).status()).isEqualTo(200);
        assertThat(row(admin.get("/portal/organisation/keys").body(), name))
                .as("the last use is shown")
                .doesNotContain(">never<")
                .contains(" UTC</td>");

        String id = onlyKeyId(admin, name);
        PortalClient.Page revoked =
                admin.submit("/portal/organisation/keys", "/portal/organisation/keys/" + id + "/revoke", Map.of());
        assertThat(revoked.status()).isEqualTo(302);
        assertThat(api.get("/v2/embedding", key).status()).as("refused at once").isEqualTo(401);
        assertThat(admin.get("/portal/organisation/keys").body()).doesNotContain(name);
        // The organisation's other keys are untouched.
        assertThat(api.get("/v2/embedding", org.tenant().sandboxKey()).status()).isEqualTo(200);
    }

    @Test
    void aLiveKeyIsMadeInLiveModeAndABadNameOrModeIsRefused() {
        Org org = org();
        PortalClient admin = as(org.admin());
        String key = createKey(admin, "Live one", "live");
        assertThat(key).startsWith("sk_live_");
        assertThat(api.get("/v2/embedding", key).status()).isEqualTo(200);

        int before = keys(org);
        assertThat(admin.submit(
                                "/portal/organisation/keys",
                                "/portal/organisation/keys",
                                Map.of("name", "  ", "mode", "live"))
                        .status())
                .isEqualTo(422);
        assertThat(admin.submit(
                                "/portal/organisation/keys",
                                "/portal/organisation/keys",
                                Map.of("name", "x".repeat(101), "mode", "live"))
                        .status())
                .isEqualTo(422);
        assertThat(admin.submit(
                                "/portal/organisation/keys",
                                "/portal/organisation/keys",
                                Map.of("name", "Other", "mode", "production"))
                        .status())
                .isEqualTo(422);
        assertThat(keys(org)).isEqualTo(before);
    }

    @Test
    void aSenderOrViewerCannotReachKeysOrBranding() {
        Org org = org();
        String id = onlyKeyId(as(org.admin()), createKeyNamed(org, "Guarded"));
        for (String who : new String[] {org.sender(), org.viewer()}) {
            PortalClient client = as(who);
            assertThat(client.get("/portal/organisation/keys").status()).as(who).isEqualTo(403);
            assertThat(client.get("/portal/organisation/branding").status())
                    .as(who)
                    .isEqualTo(403);
            assertThat(client.get("/portal/envelopes").body()).doesNotContain("/portal/organisation");
            String csrf = client.get("/portal/envelopes").csrf();
            int before = keys(org);
            assertThat(client.post("/portal/organisation/keys", Map.of("name", "mine", "mode", "live", "_csrf", csrf))
                            .status())
                    .as(who)
                    .isEqualTo(403);
            assertThat(keys(org)).isEqualTo(before);
            assertThat(client.post("/portal/organisation/keys/" + id + "/revoke", Map.of("_csrf", csrf))
                            .status())
                    .isEqualTo(403);
            assertThat(client.post("/portal/organisation/name", Map.of("name", "Taken over", "_csrf", csrf))
                            .status())
                    .isEqualTo(403);
            assertThat(client.multipart(
                                    "/portal/organisation/branding",
                                    Map.of("mode", "live", "primary_color", "red", "origins", "", "_csrf", csrf),
                                    "logo",
                                    "logo.png",
                                    png())
                            .status())
                    .isEqualTo(403);
        }
        assertThat(revokedAt(UUID.fromString(id))).isFalse();
        assertThat(accounts.organisation(org.tenant().organisationId())
                        .orElseThrow()
                        .name())
                .isNotEqualTo("Taken over");
        assertThat(jdbc.sql("select count(*) from organisation_embedding where organisation_id = ?")
                        .param(org.tenant().organisationId())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void everyChangeNeedsTheCsrfToken() {
        Org org = org();
        PortalClient admin = as(org.admin());
        String key = createKey(admin, "Kept", "sandbox");
        String id = onlyKeyId(admin, "Kept");
        int before = keys(org);
        assertThat(admin.post("/portal/organisation/keys", Map.of("name", "no token", "mode", "live"))
                        .status())
                .isEqualTo(403);
        assertThat(admin.post("/portal/organisation/keys", Map.of("name", "forged", "mode", "live", "_csrf", "forged"))
                        .status())
                .isEqualTo(403);
        assertThat(keys(org)).isEqualTo(before);
        assertThat(admin.post("/portal/organisation/keys/" + id + "/revoke", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/v2/embedding", key).status()).isEqualTo(200);
        assertThat(admin.post("/portal/organisation/name", Map.of("name", "No token"))
                        .status())
                .isEqualTo(403);
        assertThat(admin.multipart(
                                "/portal/organisation/branding",
                                Map.of("mode", "live", "primary_color", "red", "origins", ""),
                                "logo",
                                "logo.png",
                                png())
                        .status())
                .isEqualTo(403);
        assertThat(accounts.organisation(org.tenant().organisationId())
                        .orElseThrow()
                        .name())
                .isNotEqualTo("No token");
    }

    @Test
    void anotherOrganisationsKeyCannotBeRevokedById() {
        Org a = org();
        Org b = org();
        PortalClient adminA = as(a.admin());
        String keyA = createKey(adminA, "Key of A", "live");
        String idA = onlyKeyId(adminA, "Key of A");

        PortalClient adminB = as(b.admin());
        PortalClient.Page attempt =
                adminB.submit("/portal/organisation/keys", "/portal/organisation/keys/" + idA + "/revoke", Map.of());
        assertThat(attempt.status()).isEqualTo(302);
        assertThat(adminB.get("/portal/organisation/keys").body())
                .contains("Nothing was revoked")
                .doesNotContain(idA);
        assertThat(api.get("/v2/embedding", keyA).status()).isEqualTo(200);
        assertThat(revokedAt(UUID.fromString(idA))).isFalse();
    }

    @Test
    void brandingAndOriginsFollowTheRulesOfTheApiAndShowThere() throws Exception {
        Org org = org();
        PortalClient admin = as(org.admin());
        byte[] logo = png();
        PortalClient.Page saved = admin.multipart(
                "/portal/organisation/branding",
                Map.of(
                        "mode", "sandbox",
                        "primary_color", "#0b5cad",
                        "origins", "https://App.Example.com:443\nhttp://localhost:8080\n",
                        "_csrf",
                                admin.get("/portal/organisation/branding?mode=sandbox")
                                        .csrf()),
                "logo",
                "logo.png",
                logo);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(saved.location()).contains("/portal/organisation/branding?mode=sandbox");

        var settings = JSON.readTree(
                api.get("/v2/embedding", org.tenant().sandboxKey()).bytes());
        assertThat(settings.path("allowed_origins").toString())
                .isEqualTo("[\"https://app.example.com\",\"http://localhost:8080\"]");
        assertThat(settings.path("branding").path("primary_color").asText()).isEqualTo("#0b5cad");
        assertThat(java.util.Base64.getDecoder()
                        .decode(settings.path("branding")
                                .path("logo_options")
                                .path("logo_base64")
                                .asText()))
                .isEqualTo(logo);
        // Live is its own: nothing there yet.
        assertThat(JSON.readTree(
                                api.get("/v2/embedding", org.tenant().liveKey()).bytes())
                        .path("allowed_origins")
                        .size())
                .isZero();

        // The API's rules: plain http is for sandbox on loopback only; no CSS injection; a PNG only.
        String csrf = admin.get("/portal/organisation/branding?mode=live").csrf();
        PortalClient.Page httpLive = admin.multipart(
                "/portal/organisation/branding",
                Map.of("mode", "live", "primary_color", "", "origins", "http://localhost:8080", "_csrf", csrf),
                "logo",
                "",
                new byte[0]);
        assertThat(httpLive.status()).isEqualTo(422);
        assertThat(httpLive.body()).contains("allowed_origins[0]: must be https");
        PortalClient.Page injected = admin.multipart(
                "/portal/organisation/branding",
                Map.of("mode", "sandbox", "primary_color", "red;}body{x:y", "origins", "", "_csrf", csrf),
                "logo",
                "",
                new byte[0]);
        assertThat(injected.status()).isEqualTo(422);
        assertThat(injected.body()).contains("branding.primary_color: must be a CSS colour");
        PortalClient.Page notPng = admin.multipart(
                "/portal/organisation/branding",
                Map.of("mode", "sandbox", "primary_color", "", "origins", "", "_csrf", csrf),
                "logo",
                "logo.png",
                "GIF89a not a png".getBytes(StandardCharsets.US_ASCII));
        assertThat(notPng.status()).isEqualTo(422);
        assertThat(notPng.body()).contains("logo_base64");
        PortalClient.Page tooBig = admin.multipart(
                "/portal/organisation/branding",
                Map.of("mode", "sandbox", "primary_color", "", "origins", "", "_csrf", csrf),
                "logo",
                "logo.png",
                new byte[200 * 1024 + 1]);
        assertThat(tooBig.status()).as(tooBig.body()).isEqualTo(422);
        assertThat(JSON.readTree(
                        api.get("/v2/embedding", org.tenant().sandboxKey()).bytes()))
                .as("nothing saved by a refused form")
                .isEqualTo(settings);

        // Removing the logo keeps the rest.
        PortalClient.Page removed = admin.multipart(
                "/portal/organisation/branding",
                Map.of(
                        "mode", "sandbox",
                        "primary_color", "navy",
                        "origins", "https://app.example.com",
                        "remove_logo", "true",
                        "_csrf", csrf),
                "logo",
                "",
                new byte[0]);
        assertThat(removed.status()).isEqualTo(302);
        var after = JSON.readTree(
                api.get("/v2/embedding", org.tenant().sandboxKey()).bytes());
        assertThat(after.path("branding").has("logo_options")).isFalse();
        assertThat(after.path("branding").path("primary_color").asText()).isEqualTo("navy");

        // The name shows in the portal's header.
        String name = "Renamed " + UUID.randomUUID().toString().substring(0, 6);
        assertThat(admin.submit(
                                "/portal/organisation/branding",
                                "/portal/organisation/name",
                                Map.of("name", "  " + name + " "))
                        .status())
                .isEqualTo(302);
        assertThat(admin.get("/portal/envelopes").body()).contains(">" + name + "<");
        assertThat(admin.submit("/portal/organisation/branding", "/portal/organisation/name", Map.of("name", " "))
                        .status())
                .isEqualTo(302);
        assertThat(accounts.organisation(org.tenant().organisationId())
                        .orElseThrow()
                        .name())
                .isEqualTo(name);
    }

    /** The table row of the key with this name. */
    static String row(String body, String name) {
        int at = body.indexOf(">" + name + "<");
        assertThat(at).as(body).isPositive();
        return body.substring(body.lastIndexOf("<tr", at), body.indexOf("</tr>", at));
    }

    private String createKeyNamed(Org org, String name) {
        createKey(as(org.admin()), name, "sandbox");
        return name;
    }

    private int keys(Org org) {
        return jdbc.sql("select count(*) from api_key where organisation_id = ?")
                .param(org.tenant().organisationId())
                .query(Integer.class)
                .single();
    }

    private boolean revokedAt(UUID keyId) {
        return jdbc.sql("select revoked_at is not null from api_key where id = ?")
                .param(keyId)
                .query(Boolean.class)
                .single();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] png() {
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0x0b5cad);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
