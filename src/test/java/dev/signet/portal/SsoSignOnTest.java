package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Single sign-on over real HTTP against {@link OidcProviderEmulation}: the authorization code flow
 * with PKCE, state and nonce; every way an answer is refused, each with its page and no session; the
 * match of the verified address to a user of that organisation only; and the admin page.
 */
class SsoSignOnTest extends SignetIntegrationTest {

    static final String PASSWORD = "correct horse battery staple";
    static final String CLIENT_SECRET = "emulated client secret";

    static OidcProviderEmulation provider;

    @Autowired
    PortalUsers users;

    @Autowired
    Passwords passwords;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    SsoSettings settings;

    @BeforeAll
    static void startProvider() {
        provider = OidcProviderEmulation.start();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @BeforeEach
    void cleanSlate() {
        throttle.clear();
        provider.fault(OidcProviderEmulation.Fault.NONE);
    }

    /** An organisation with SSO on its own domain, an admin and a sender of that domain. */
    record Org(UUID id, String domain, String clientId, String admin, String sender) {}

    Org org(SsoSettings.UnknownUsers unknown, boolean passwordLogin) {
        Tenant tenant = newTenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String domain = "sso-" + tag + ".example";
        String clientId = "signet-" + tag;
        provider.register(clientId, CLIENT_SECRET);
        String admin = "admin@" + domain;
        String sender = "sender@" + domain;
        users.create(tenant.organisationId(), admin, Role.ADMIN, passwords.hash(PASSWORD));
        users.create(tenant.organisationId(), sender, Role.SENDER, passwords.hash(PASSWORD));
        settings.save(
                tenant.organisationId(),
                provider.issuer,
                "Emulated IdP",
                clientId,
                CLIENT_SECRET,
                List.of(domain),
                passwordLogin,
                unknown);
        return new Org(tenant.organisationId(), domain, clientId, admin, sender);
    }

    Org org() {
        return org(SsoSettings.UnknownUsers.REFUSE, true);
    }

    /** The whole round trip: start at Signet, the provider's authorize endpoint, then Signet's callback. */
    PortalClient.Page signIn(PortalClient browser, UUID organisation) {
        return callback(browser, authorize(browser, organisation).callbackUrl());
    }

    /** Signet's answer to the start, and the callback address the provider's authorize endpoint sends the browser to. */
    record Authorized(PortalClient.Page start, String callbackUrl) {}

    Authorized authorize(PortalClient browser, UUID organisation) {
        assertThat(browser.get("/portal/sso/" + organisation).status()).isEqualTo(200);
        PortalClient.Page start = browser.get("/portal/sso/" + organisation + "/start");
        assertThat(start.status()).as(start.body()).isEqualTo(302);
        assertThat(start.location()).startsWith(provider.issuer + "/authorize?");
        assertThat(start.location())
                .contains("code_challenge_method=S256")
                .contains("code_challenge=")
                .contains("nonce=")
                .contains("state=")
                .contains("scope=openid%20email");
        HttpResponse<String> authorized = plainGet(start.location());
        assertThat(authorized.statusCode()).as(authorized.body()).isEqualTo(302);
        return new Authorized(start, authorized.headers().firstValue("Location").orElseThrow());
    }

    PortalClient.Page callback(PortalClient browser, String callbackUrl) {
        String base = "http://127.0.0.1:" + port;
        assertThat(callbackUrl).startsWith(base + "/portal/sso/callback?");
        return browser.get(callbackUrl.substring(base.length()));
    }

    static HttpResponse<String> plainGet(String url) {
        try {
            return HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String sessionCookie(PortalClient.Page page) {
        return page.raw().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElse("");
    }

    static void assertRefused(PortalClient.Page page, int status, String reason) {
        assertThat(page.status()).as(page.body()).isEqualTo(status);
        assertThat(page.body())
                .contains("data-reason=\"" + reason + "\"")
                .contains("Single sign-on did not work")
                .doesNotContain("Exception")
                .doesNotContain("at dev.signet");
    }

    @Test
    void aSenderSignsInThroughTheProviderIntoANewSessionWithoutBeingAskedForATotpCode() {
        Org org = org();
        UUID sender = users.byEmail(org.sender()).orElseThrow().id();
        users.startTotp(sender, Totp.newSecret());
        users.enableTotp(sender, List.of());
        provider.signInAs(org.sender(), true);

        PortalClient browser = new PortalClient(port);
        PortalClient.Page page = browser.get("/portal/sso/" + org.id());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Sign in with Emulated IdP");
        Authorized authorized = authorize(browser, org.id());
        String anonymousSession = sessionCookie(authorized.start());
        assertThat(anonymousSession)
                .as("the start keeps its state in a session")
                .startsWith("JSESSIONID=");

        PortalClient.Page landed = callback(browser, authorized.callbackUrl());
        assertThat(landed.status()).as(landed.body()).isEqualTo(302);
        assertThat(landed.location()).endsWith("/portal/envelopes");
        assertThat(sessionCookie(landed))
                .as("a new session id after sign-on (fixation)")
                .startsWith("JSESSIONID=")
                .isNotEqualTo(anonymousSession);
        PortalClient.Page envelopes = browser.get("/portal/envelopes");
        assertThat(envelopes.status()).isEqualTo(200);
        assertThat(envelopes.body()).contains(org.sender());
        assertThat(provider.tokenRefusals()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "WRONG_NONCE, 401, NONCE",
        "WRONG_AUDIENCE, 401, AUDIENCE",
        "WRONG_ISSUER, 401, ISSUER",
        "EXPIRED, 401, EXPIRED",
        "BAD_SIGNATURE, 401, SIGNATURE",
        "STATE_MISMATCH, 400, STATE"
    })
    void aFaultyAnswerIsRefusedWithAClearPageAndNoSession(String fault, int status, String reason) {
        Org org = org();
        provider.signInAs(org.sender(), true);
        provider.fault(OidcProviderEmulation.Fault.valueOf(fault));
        PortalClient browser = new PortalClient(port);
        assertRefused(signIn(browser, org.id()), status, reason);
        assertThat(browser.get("/portal/envelopes").status()).isEqualTo(302);
    }

    @Test
    void anAddressTheProviderHasNotVerifiedIsRefused() {
        Org org = org();
        provider.signInAs(org.sender(), false);
        PortalClient browser = new PortalClient(port);
        assertRefused(signIn(browser, org.id()), 401, "EMAIL_UNVERIFIED");
        assertThat(browser.get("/portal/envelopes").status()).isEqualTo(302);
    }

    @Test
    void aUserOfAnotherOrganisationIsNeverLoggedInThroughThisOrganisationsProvider() {
        Org org = org(SsoSettings.UnknownUsers.SENDER, true);
        Tenant other = newTenant();
        String elsewhere = "moved-" + UUID.randomUUID().toString().substring(0, 8) + "@" + org.domain();
        users.create(other.organisationId(), elsewhere, Role.ADMIN, passwords.hash(PASSWORD));
        provider.signInAs(elsewhere, true);
        PortalClient browser = new PortalClient(port);
        assertRefused(signIn(browser, org.id()), 403, "OTHER_ORGANISATION");
        assertThat(browser.get("/portal/envelopes").status()).isEqualTo(302);
        assertThat(users.byEmail(elsewhere).orElseThrow().organisationId()).isEqualTo(other.organisationId());
    }

    @Test
    void anAddressOutsideTheOrganisationsDomainsIsRefused() {
        Org org = org(SsoSettings.UnknownUsers.SENDER, true);
        String outsider = "someone-" + UUID.randomUUID().toString().substring(0, 8) + "@elsewhere.example";
        provider.signInAs(outsider, true);
        assertRefused(signIn(new PortalClient(port), org.id()), 403, "DOMAIN");
        assertThat(users.byEmail(outsider)).isEmpty();
    }

    @Test
    void aDeactivatedUserIsRefused() {
        Org org = org();
        users.deactivate(users.byEmail(org.sender()).orElseThrow().id());
        provider.signInAs(org.sender(), true);
        assertRefused(signIn(new PortalClient(port), org.id()), 403, "DEACTIVATED");
    }

    @Test
    void anUnknownAddressIsRefusedOrMadeTheRoleTheAdminChose() {
        Org refusing = org();
        String newcomer = "new-" + UUID.randomUUID().toString().substring(0, 8) + "@" + refusing.domain();
        provider.signInAs(newcomer, true);
        assertRefused(signIn(new PortalClient(port), refusing.id()), 403, "UNKNOWN_USER");
        assertThat(users.byEmail(newcomer)).isEmpty();

        Org creating = org(SsoSettings.UnknownUsers.VIEWER, true);
        String viewer = "new-" + UUID.randomUUID().toString().substring(0, 8) + "@" + creating.domain();
        provider.signInAs(viewer, true);
        PortalClient browser = new PortalClient(port);
        PortalClient.Page landed = signIn(browser, creating.id());
        assertThat(landed.status()).as(landed.body()).isEqualTo(302);
        PortalUser made = users.byEmail(viewer).orElseThrow();
        assertThat(made.organisationId()).isEqualTo(creating.id());
        assertThat(made.role()).isEqualTo(Role.VIEWER);
        assertThat(made.hasPassword()).isFalse();
        assertThat(browser.get("/portal/send").status())
                .as("a viewer still cannot send")
                .isEqualTo(403);
    }

    @Test
    void aCallbackWorksOnceAndNotInAnotherBrowser() {
        Org org = org();
        provider.signInAs(org.sender(), true);
        PortalClient browser = new PortalClient(port);
        String callback = authorize(browser, org.id()).callbackUrl();

        PortalClient stranger = new PortalClient(port);
        assertRefused(callback(stranger, callback), 400, "STATE");
        assertThat(stranger.get("/portal/envelopes").status()).isEqualTo(302);

        assertThat(callback(browser, callback).status()).isEqualTo(302);
        PortalClient.Page again = callback(browser, callback);
        assertRefused(again, 400, "STATE");
    }

    @Test
    void withPasswordLoginOffSendersUseTheProviderAndAdminsKeepTheirPassword() {
        Org org = org(SsoSettings.UnknownUsers.REFUSE, false);
        PortalClient.Page sender = new PortalClient(port).login(org.sender(), PASSWORD);
        assertThat(sender.status()).isEqualTo(403);
        assertThat(sender.body()).contains("/portal/sso/" + org.id()).contains("not with a password");
        PortalClient.Page wrong = new PortalClient(port).login(org.sender(), "a wrong password here");
        assertThat(wrong.status())
                .as("nothing said before the password is right")
                .isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("/portal/sso/" + org.id());
        PortalClient.Page admin = new PortalClient(port).login(org.admin(), PASSWORD);
        assertThat(admin.status()).isEqualTo(302);
        assertThat(admin.location()).endsWith("/portal/envelopes");
    }

    @Test
    void theEmailsDomainLeadsToItsOrganisationsPage() {
        Org org = org();
        PortalClient browser = new PortalClient(port);
        PortalClient.Page found = browser.submit(
                "/portal/sso",
                "/portal/sso",
                Map.of("email", "Someone@" + org.domain().toUpperCase()));
        assertThat(found.status()).isEqualTo(302);
        assertThat(found.location()).endsWith("/portal/sso/" + org.id());
        PortalClient.Page unknown = browser.submit("/portal/sso", "/portal/sso", Map.of("email", "a@nowhere.example"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("not set up for that address");
        assertRefused(browser.get("/portal/sso/" + UUID.randomUUID()), 404, "NOT_CONFIGURED");
        assertRefused(browser.get("/portal/sso/" + UUID.randomUUID() + "/start"), 404, "NOT_CONFIGURED");
    }

    @Test
    void anAdminSetsUpSsoOnThePageAndTheSecretIsStoredSealed() {
        Tenant tenant = newTenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String domain = "page-" + tag + ".example";
        String admin = "admin@" + domain;
        users.create(tenant.organisationId(), admin, Role.ADMIN, passwords.hash(PASSWORD));
        users.create(tenant.organisationId(), "viewer@" + domain, Role.VIEWER, passwords.hash(PASSWORD));
        PortalClient client = new PortalClient(port);
        assertThat(client.login(admin, PASSWORD).status()).isEqualTo(302);
        String secret = "the secret " + tag;
        Map<String, String> form = Map.of(
                "issuer",
                provider.issuer,
                "client_id",
                "page-" + tag,
                "client_secret",
                secret,
                "domains",
                domain + "\n",
                "unknown_users",
                "sender",
                "password_login",
                "true");

        PortalClient.Page saved = client.submit("/portal/organisation/sso", "/portal/organisation/sso", form);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        SsoSettings.Sso sso = settings.of(tenant.organisationId()).orElseThrow();
        assertThat(sso.issuer()).isEqualTo(provider.issuer);
        assertThat(sso.providerName()).isEqualTo("127.0.0.1");
        assertThat(sso.domains()).containsExactly(domain);
        assertThat(sso.unknownUsers()).isEqualTo(SsoSettings.UnknownUsers.SENDER);
        String stored = jdbc.sql("select client_secret from portal_sso where organisation_id = ?")
                .param(tenant.organisationId())
                .query(String.class)
                .single();
        assertThat(stored).startsWith("sb1:").doesNotContain(secret);
        assertThat(settings.clientSecret(sso)).isEqualTo(secret);
        assertThat(client.get("/portal/organisation/sso").body())
                .contains("/portal/sso/callback")
                .doesNotContain(secret);

        Map<String, String> httpElsewhere = new java.util.HashMap<>(form);
        httpElsewhere.put("issuer", "http://idp.example.com");
        PortalClient.Page refused =
                client.submit("/portal/organisation/sso", "/portal/organisation/sso", httpElsewhere);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("must be an https URL");

        Org other = org();
        Map<String, String> taken = new java.util.HashMap<>(form);
        taken.put("domains", other.domain());
        refused = client.submit("/portal/organisation/sso", "/portal/organisation/sso", taken);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("already leads to another organisation");
        assertThat(settings.of(tenant.organisationId()).orElseThrow().domains()).containsExactly(domain);

        PortalClient viewer = new PortalClient(port);
        assertThat(viewer.login("viewer@" + domain, PASSWORD).status()).isEqualTo(302);
        assertThat(viewer.get("/portal/organisation/sso").status()).isEqualTo(403);
        String csrf = viewer.get("/portal/envelopes").csrf();
        Map<String, String> asViewer = new java.util.HashMap<>(form);
        asViewer.put("_csrf", csrf);
        assertThat(viewer.post("/portal/organisation/sso", asViewer).status()).isEqualTo(403);
        assertThat(client.post("/portal/organisation/sso/remove", Map.of()).status())
                .as("no change without the CSRF token")
                .isEqualTo(403);
        assertThat(settings.of(tenant.organisationId())).isPresent();

        PortalClient.Page removed =
                client.submit("/portal/organisation/sso", "/portal/organisation/sso/remove", Map.of());
        assertThat(removed.status()).isEqualTo(302);
        assertThat(settings.of(tenant.organisationId())).isEmpty();
        assertThat(settings.organisationOfDomain(domain)).isEqualTo(Optional.empty());
    }
}
