package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import dev.signet.envelope.EnvelopeStatus;
import dev.signet.envelope.Envelopes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Who reaches what in the portal, over real HTTP with a session cookie: roles, organisations, CSRF,
 * the login throttle and lock, and the single-use password links.
 */
class PortalAccessTest extends SignetIntegrationTest {

    static final String PASSWORD = "correct horse battery staple";

    @Autowired
    PortalUsers users;

    @Autowired
    Passwords passwords;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    Envelopes envelopes;

    @BeforeEach
    void freshCounts() {
        throttle.clear();
    }

    record Org(Tenant tenant, String admin, String sender, String viewer) {}

    /** An organisation with an admin, a sender and a viewer, each with {@link #PASSWORD}. */
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
        assertThat(login.location()).endsWith("/portal/envelopes");
        return client;
    }

    @Test
    void withoutASessionEveryPageLeadsToLogin() {
        PortalClient anonymous = new PortalClient(port);
        for (String path : List.of("/portal", "/portal/envelopes", "/portal/organisation", "/portal/send")) {
            PortalClient.Page page = anonymous.get(path);
            assertThat(page.status()).as(path).isEqualTo(302);
            assertThat(page.location()).as(path).endsWith("/portal/login");
        }
        PortalClient.Page login = anonymous.get("/portal/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.raw().headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
        assertThat(login.raw().headers().firstValue("Cache-Control"))
                .hasValueSatisfying(c -> assertThat(c).contains("no-store"));
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLax() {
        Org org = org();
        PortalClient client = new PortalClient(port);
        String csrf = client.get("/portal/login").csrf();
        PortalClient.Page login =
                client.post("/portal/login", Map.of("email", org.admin(), "password", PASSWORD, "_csrf", csrf));
        List<String> cookies = login.raw().headers().allValues("Set-Cookie");
        assertThat(cookies)
                .anySatisfy(c -> assertThat(c)
                        .startsWith("JSESSIONID=")
                        .containsIgnoringCase("HttpOnly")
                        .containsIgnoringCase("SameSite=Lax"));
    }

    @Test
    void aViewerCannotReachAdminOrSendActions() {
        Org org = org();
        PortalClient viewer = as(org.viewer());
        assertThat(viewer.get("/portal/envelopes").status()).isEqualTo(200);
        assertThat(viewer.get("/portal/envelopes").body())
                .doesNotContain("/portal/organisation")
                .doesNotContain("/portal/send");
        assertThat(viewer.get("/portal/organisation").status()).isEqualTo(403);
        assertThat(viewer.get("/portal/send").status()).isEqualTo(403);
        // Viewers read the templates; sending from one is refused (TemplatesPortalTest).
        assertThat(viewer.get("/portal/templates").status()).isEqualTo(200);

        String csrf = viewer.get("/portal/envelopes").csrf();
        String invited = "by-viewer-" + UUID.randomUUID() + "@example.com";
        PortalClient.Page invite =
                viewer.post("/portal/organisation/users", Map.of("email", invited, "role", "admin", "_csrf", csrf));
        assertThat(invite.status()).isEqualTo(403);
        assertThat(users.byEmail(invited)).isEmpty();

        UUID sender = users.byEmail(org.sender()).orElseThrow().id();
        assertThat(viewer.post("/portal/organisation/users/" + sender + "/role", Map.of("role", "admin", "_csrf", csrf))
                        .status())
                .isEqualTo(403);
        assertThat(users.find(sender).orElseThrow().role()).isEqualTo(Role.SENDER);

        // A sender sends but does not run the organisation.
        PortalClient sender2 = as(org.sender());
        assertThat(sender2.get("/portal/send").status()).isEqualTo(200);
        assertThat(sender2.get("/portal/organisation").status()).isEqualTo(403);
    }

    @Test
    void aUserOfOneOrganisationNeverSeesAnothersEnvelopesOrUsers() {
        Org a = org();
        Org b = org();
        String nameA = "Contract of A " + UUID.randomUUID().toString().substring(0, 6);
        create(
                a.tenant().liveKey(),
                new Options(nameA)
                        .signer("Signer", "s-" + UUID.randomUUID() + "@example.com", 1)
                        .toString());

        assertThat(as(a.viewer()).get("/portal/envelopes?mode=live").body()).contains(nameA);
        PortalClient adminB = as(b.admin());
        assertThat(adminB.get("/portal/envelopes?mode=live").body()).doesNotContain(nameA);
        assertThat(adminB.get("/portal/envelopes?mode=sandbox").body()).doesNotContain(nameA);
        assertThat(adminB.get("/portal/organisation").body())
                .doesNotContain(a.sender())
                .contains(b.sender());

        // B's admin names A's sender by id: nothing changes.
        UUID senderOfA = users.byEmail(a.sender()).orElseThrow().id();
        String csrf = adminB.get("/portal/organisation").csrf();
        adminB.post("/portal/organisation/users/" + senderOfA + "/role", Map.of("role", "viewer", "_csrf", csrf));
        adminB.post("/portal/organisation/users/" + senderOfA + "/deactivate", Map.of("_csrf", csrf));
        PortalUser after = users.find(senderOfA).orElseThrow();
        assertThat(after.role()).isEqualTo(Role.SENDER);
        assertThat(after.active()).isTrue();
    }

    @Test
    void everyStateChangeNeedsTheCsrfToken() {
        Org org = org();
        PortalClient anonymous = new PortalClient(port);
        anonymous.get("/portal/login");
        assertThat(anonymous
                        .post("/portal/login", Map.of("email", org.admin(), "password", PASSWORD))
                        .status())
                .isEqualTo(403);

        PortalClient admin = as(org.admin());
        String invited = "no-csrf-" + UUID.randomUUID() + "@example.com";
        assertThat(admin.post("/portal/organisation/users", Map.of("email", invited, "role", "sender"))
                        .status())
                .isEqualTo(403);
        assertThat(admin.post(
                                "/portal/organisation/users",
                                Map.of("email", invited, "role", "sender", "_csrf", "forged"))
                        .status())
                .isEqualTo(403);
        assertThat(users.byEmail(invited)).isEmpty();
        assertThat(admin.post("/portal/logout", Map.of()).status()).isEqualTo(403);
        assertThat(admin.get("/portal/envelopes").status())
                .as("still logged in")
                .isEqualTo(200);

        PortalClient.Page loggedOut = admin.post(
                "/portal/logout", Map.of("_csrf", admin.get("/portal/envelopes").csrf()));
        assertThat(loggedOut.status()).isEqualTo(302);
        assertThat(admin.get("/portal/envelopes").status()).isEqualTo(302);
    }

    @Test
    void fiveWrongPasswordsInARowLockTheAccount() {
        Org org = org();
        PortalClient client = new PortalClient(port);
        for (int i = 0; i < PortalAccess.LOCK_AFTER; i++) {
            assertThat(client.login(org.sender(), "wrong password " + i).status())
                    .isEqualTo(401);
        }
        PortalClient.Page locked = client.login(org.sender(), PASSWORD);
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.body()).contains("locked for 15 minutes");
        // The same answer as for an address with no account: the page does not say which it was.
        PortalClient.Page unknown = client.login("nobody-" + UUID.randomUUID() + "@example.com", PASSWORD);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(error(unknown.body())).isEqualTo(error(locked.body()));
        // Another user of the organisation is not affected.
        assertThat(client.login(org.viewer(), PASSWORD).status()).isEqualTo(302);
    }

    @Test
    void loginsAreThrottledPerAccountAndPerClient() {
        Org org = org();
        PortalClient client = new PortalClient(port);
        String email = "throttled-" + UUID.randomUUID() + "@example.com";
        for (int i = 0; i < LoginThrottle.PER_ACCOUNT; i++) {
            assertThat(client.login(email, "guess " + i).status()).isEqualTo(401);
        }
        PortalClient.Page throttled = client.login(email, "guess");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.raw().headers().firstValue("Retry-After")).isPresent();

        // Other addresses from the same client: the client's own count runs out at PER_CLIENT attempts.
        int before = LoginThrottle.PER_ACCOUNT + 1;
        for (int i = before; i < LoginThrottle.PER_CLIENT; i++) {
            assertThat(client.login("other-" + i + "-" + UUID.randomUUID() + "@example.com", "guess")
                            .status())
                    .isEqualTo(401);
        }
        assertThat(client.login(org.admin(), PASSWORD).status())
                .as("even the right password")
                .isEqualTo(429);
        assertThat(users.credentials(users.byEmail(org.admin()).orElseThrow().id())
                        .orElseThrow()
                        .failedLogins())
                .isZero();
    }

    @Test
    void aResetLinkWorksOnceAndTheAnswerIsTheSameForUnknownAddresses() {
        Org org = org();
        PortalClient client = new PortalClient(port);
        PortalClient.Page known = client.submit("/portal/forgot", "/portal/forgot", Map.of("email", org.sender()));
        String unknownAddress = "nobody-" + UUID.randomUUID() + "@example.com";
        PortalClient.Page unknown = client.submit("/portal/forgot", "/portal/forgot", Map.of("email", unknownAddress));
        assertThat(known.status()).isEqualTo(unknown.status()).isEqualTo(200);
        assertThat(sentence(known.body(), "sent"))
                .isEqualTo(sentence(unknown.body(), "sent"))
                .isNotEmpty();
        assertThat(mailsTo(unknownAddress)).isEmpty();

        List<String> mails = mailsTo(org.sender());
        assertThat(mails).hasSize(1);
        Matcher link = Pattern.compile("http://signet\\.test/portal/password/([A-Za-z0-9_-]+)")
                .matcher(mails.get(0));
        assertThat(link.find()).isTrue();
        String token = link.group(1);
        assertThat(jdbc.sql("select count(*) from portal_token where token_hash = ?")
                        .param(dev.signet.account.Secrets.sha256Hex(token))
                        .query(Integer.class)
                        .single())
                .as("only the hash is kept")
                .isEqualTo(1);

        String path = "/portal/password/" + token;
        assertThat(client.get(path).status()).isEqualTo(200);
        PortalClient.Page tooShort = client.submit(path, path, Map.of("password", "short", "confirmation", "short"));
        assertThat(tooShort.status()).isEqualTo(422);
        String fresh = "a brand new passphrase";
        PortalClient.Page set = client.submit(path, path, Map.of("password", fresh, "confirmation", fresh));
        assertThat(set.status()).isEqualTo(302);
        assertThat(set.location()).contains("/portal/login?passwordSet");

        assertThat(client.get(path).status()).isEqualTo(410);
        String csrf = client.get("/portal/login").csrf();
        PortalClient.Page again = client.post(
                path, Map.of("password", "another passphrase!", "confirmation", "another passphrase!", "_csrf", csrf));
        assertThat(again.status()).isEqualTo(410);

        assertThat(new PortalClient(port).login(org.sender(), PASSWORD).status())
                .isEqualTo(401);
        assertThat(new PortalClient(port).login(org.sender(), fresh).status()).isEqualTo(302);
    }

    @Test
    void anExpiredLinkIsRefused() {
        Org org = org();
        UUID sender = users.byEmail(org.sender()).orElseThrow().id();
        String token = users.issueToken(sender, PortalUsers.Purpose.RESET, java.time.Duration.ofSeconds(-1));
        assertThat(new PortalClient(port).get("/portal/password/" + token).status())
                .isEqualTo(410);
        assertThat(users.redeem(token)).isEmpty();
    }

    @Test
    void aDeactivatedUsersSessionEndsAndARoleChangeAppliesAtOnce() {
        Org org = org();
        PortalClient sender = as(org.sender());
        PortalClient viewer = as(org.viewer());
        PortalClient admin = as(org.admin());
        UUID senderId = users.byEmail(org.sender()).orElseThrow().id();
        UUID viewerId = users.byEmail(org.viewer()).orElseThrow().id();

        String csrf = admin.get("/portal/organisation").csrf();
        assertThat(admin.post(
                                "/portal/organisation/users/" + viewerId + "/role",
                                Map.of("role", "sender", "_csrf", csrf))
                        .status())
                .isEqualTo(302);
        assertThat(viewer.get("/portal/send").status()).isEqualTo(200);

        assertThat(admin.post("/portal/organisation/users/" + senderId + "/deactivate", Map.of("_csrf", csrf))
                        .status())
                .isEqualTo(302);
        assertThat(sender.get("/portal/envelopes").status()).isEqualTo(302);
        assertThat(new PortalClient(port).login(org.sender(), PASSWORD).status())
                .isEqualTo(401);

        // An admin cannot demote or deactivate themselves (the organisation would be left without one).
        UUID adminId = users.byEmail(org.admin()).orElseThrow().id();
        admin.post("/portal/organisation/users/" + adminId + "/role", Map.of("role", "viewer", "_csrf", csrf));
        admin.post("/portal/organisation/users/" + adminId + "/deactivate", Map.of("_csrf", csrf));
        assertThat(users.find(adminId).orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(users.find(adminId).orElseThrow().active()).isTrue();
    }

    @Test
    void theEnvelopeListPagesByKeysetAndFiltersByStatus() {
        Org org = org();
        List<UUID> created = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create(
                    org.tenant().liveKey(),
                    new Options("Listed " + i)
                            .signer("S", "s" + i + "-" + UUID.randomUUID() + "@example.com", 1)
                            .toString()));
        }
        UUID organisation = org.tenant().organisationId();
        Envelopes.ListPage first = envelopes.list(organisation, Mode.LIVE, Optional.empty(), Optional.empty(), 2);
        Envelopes.ListPage second =
                envelopes.list(organisation, Mode.LIVE, Optional.empty(), Optional.of(first.next()), 2);
        Envelopes.ListPage third =
                envelopes.list(organisation, Mode.LIVE, Optional.empty(), Optional.of(second.next()), 2);
        List<UUID> seen = new java.util.ArrayList<>();
        for (Envelopes.ListPage page : List.of(first, second, third)) {
            page.items().forEach(e -> seen.add(e.id()));
        }
        assertThat(third.next()).isNull();
        List<UUID> newestFirst = new java.util.ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(first.items().get(0).signers()).isEqualTo(1);
        assertThat(first.items().get(0).signed()).isZero();
        assertThat(envelopes
                        .list(organisation, Mode.SANDBOX, Optional.empty(), Optional.empty(), 10)
                        .items())
                .isEmpty();
        assertThat(envelopes
                        .list(organisation, Mode.LIVE, Optional.of(EnvelopeStatus.COMPLETE), Optional.empty(), 10)
                        .items())
                .isEmpty();
        assertThat(envelopes
                        .list(organisation, Mode.LIVE, Optional.of(EnvelopeStatus.QUEUED), Optional.empty(), 10)
                        .items())
                .hasSize(5);

        // The page shows the same, and its next link leads on.
        PortalClient viewer = as(org.viewer());
        String page = viewer.get("/portal/envelopes?mode=live&status=QUEUED").body();
        assertThat(page).contains("Listed 4").contains("Listed 0").contains("0 of 1");
        assertThat(viewer.get("/portal/envelopes?mode=live&status=COMPLETE").body())
                .doesNotContain("Listed 4")
                .contains("No envelopes here yet");
    }

    @Test
    void withTotpALoginNeedsACodeEachCodeWorksOnceAndRecoveryCodesToo() {
        Org org = org();
        PortalClient sender = as(org.sender());
        PortalClient.Page start = sender.post(
                "/portal/account/totp/start",
                Map.of("_csrf", sender.get("/portal/account").csrf()));
        assertThat(start.status()).isEqualTo(302);
        PortalClient.Page enrol = sender.get("/portal/account");
        String secret = sentence(enrol.body(), "totp-secret");
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(sentence(enrol.body(), "totp-uri"))
                .startsWith("otpauth://totp/Signet%3A")
                .contains("secret=" + secret);
        byte[] key = Totp.unbase32(secret);
        long now = Totp.step(java.time.Instant.now());

        PortalClient.Page wrong = sender.post(
                "/portal/account/totp/confirm",
                Map.of("code", "000000".equals(Totp.code(key, now, 6)) ? "111111" : "000000", "_csrf", enrol.csrf()));
        assertThat(wrong.status()).isEqualTo(422);
        PortalClient.Page confirmed = sender.post(
                "/portal/account/totp/confirm", Map.of("code", Totp.code(key, now, 6), "_csrf", enrol.csrf()));
        assertThat(confirmed.status()).isEqualTo(200);
        Matcher codes =
                Pattern.compile("<li><code>([A-Za-z0-9_-]+)</code></li>").matcher(confirmed.body());
        List<String> recovery = new java.util.ArrayList<>();
        while (codes.find()) {
            recovery.add(codes.group(1));
        }
        assertThat(recovery).hasSize(PortalAccess.RECOVERY_CODES);
        assertThat(jdbc.sql("select count(*) from portal_recovery_code where code_hash = ?")
                        .param(dev.signet.account.Secrets.sha256Hex(recovery.get(0)))
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);

        // The password alone no longer logs in: the session waits for the code and reaches no page.
        PortalClient next = new PortalClient(port);
        PortalClient.Page password = next.login(org.sender(), PASSWORD);
        assertThat(password.status()).isEqualTo(302);
        assertThat(password.location()).endsWith("/portal/login/code");
        assertThat(next.get("/portal/envelopes").status()).isEqualTo(302);
        PortalClient.Page codePage = next.get("/portal/login/code");
        assertThat(codePage.status()).isEqualTo(200);
        // The code used to confirm is spent; the next step's code (clocks a little apart) is accepted once.
        assertThat(next.post("/portal/login/code", Map.of("code", Totp.code(key, now, 6), "_csrf", codePage.csrf()))
                        .status())
                .isEqualTo(401);
        PortalClient.Page in =
                next.post("/portal/login/code", Map.of("code", Totp.code(key, now + 1, 6), "_csrf", codePage.csrf()));
        assertThat(in.status()).isEqualTo(302);
        assertThat(in.location()).endsWith("/portal/envelopes");
        assertThat(next.get("/portal/envelopes").status()).isEqualTo(200);

        PortalClient third = new PortalClient(port);
        third.login(org.sender(), PASSWORD);
        assertThat(third.post(
                                "/portal/login/code",
                                Map.of(
                                        "code",
                                        Totp.code(key, now + 1, 6),
                                        "_csrf",
                                        third.get("/portal/login/code").csrf()))
                        .status())
                .as("the same code again")
                .isEqualTo(401);
        PortalClient.Page byRecovery = third.post(
                "/portal/login/code",
                Map.of(
                        "code",
                        recovery.get(0),
                        "_csrf",
                        third.get("/portal/login/code").csrf()));
        assertThat(byRecovery.status()).isEqualTo(302);
        assertThat(third.get("/portal/envelopes").status()).isEqualTo(200);

        PortalClient fourth = new PortalClient(port);
        fourth.login(org.sender(), PASSWORD);
        assertThat(fourth.post(
                                "/portal/login/code",
                                Map.of(
                                        "code",
                                        recovery.get(0),
                                        "_csrf",
                                        fourth.get("/portal/login/code").csrf()))
                        .status())
                .as("a recovery code works once")
                .isEqualTo(401);
        // Without the password first there is no code page to post to.
        PortalClient stranger = new PortalClient(port);
        assertThat(stranger.get("/portal/login/code").location()).endsWith("/portal/login");
    }

    private List<String> mailsTo(String address) {
        return jdbc.sql("select body_text from outbox_message where address = ? order by created_at")
                .param(address)
                .query(String.class)
                .list();
    }

    private static String error(String body) {
        return sentence(body, "error");
    }

    private static String sentence(String body, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(body);
        return m.find() ? m.group(1) : "";
    }
}
