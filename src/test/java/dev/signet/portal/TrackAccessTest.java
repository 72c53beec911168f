package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import dev.signet.envelope.AuditTrail;
import dev.signet.envelope.EnvelopeStatus;
import dev.signet.envelope.Envelopes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Track pages over real HTTP with a session: the dashboard's search, filters and refusals; the
 * envelope page's route as JSON before and after signing; its actions through the API's services;
 * a viewer who reads and cannot act; CSRF; and another organisation's user, who finds nothing by any
 * of the new URLs.
 */
class TrackAccessTest extends SignetIntegrationTest {

    static final String PASSWORD = "correct horse battery staple";

    @Autowired
    PortalUsers users;

    @Autowired
    Passwords passwords;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    Envelopes envelopes;

    @Autowired
    AuditTrail audit;

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
        assertThat(client.login(email, PASSWORD).status()).isEqualTo(302);
        return client;
    }

    /** An ACTIVE live envelope with two signers in groups 1 and 2; returns its id. */
    UUID active(Org org, String name, String first, String second) {
        UUID id = create(
                org.tenant().liveKey(),
                new Options(name)
                        .signer("Ada First", first, 1)
                        .signer("Bo Second", second, 2)
                        .toString());
        runJobs(id);
        assertThat(status(id)).isEqualTo("ACTIVE");
        return id;
    }

    @Test
    void theDashboardSearchesTitlesAndRecipientsFiltersByStatusAndDateAndRefusesWhatItCannotRun() {
        Org org = org();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        create(
                org.tenant().liveKey(),
                new Options("Lease " + tag)
                        .signer("Carla Quartz", "carla-" + tag + "@example.com", 1)
                        .toString());
        create(
                org.tenant().liveKey(),
                new Options("Invoice " + tag)
                        .signer("Dieter Zweig", "dz-" + tag + "@example.org", 1)
                        .toString());
        create(
                org.tenant().liveKey(),
                new Options("100% " + tag)
                        .signer("Eve", "eve-" + tag + "@example.com", 1)
                        .toString());
        UUID organisation = org.tenant().organisationId();

        assertThat(names(organisation, "lease " + tag)).containsExactly("Lease " + tag);
        assertThat(names(organisation, "ZWEIG")).containsExactly("Invoice " + tag);
        assertThat(names(organisation, "dz-" + tag + "@example.org")).containsExactly("Invoice " + tag);
        assertThat(names(organisation, tag)).hasSize(3);
        // % and _ are the text itself, never a wildcard.
        assertThat(names(organisation, "00% " + tag)).containsExactly("100% " + tag);
        assertThat(names(organisation, "00_ " + tag)).isEmpty();
        OffsetDateTime tomorrow = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1);
        assertThat(envelopes
                        .list(
                                organisation,
                                Mode.LIVE,
                                new Envelopes.ListFilter(Optional.empty(), tomorrow, null, tag),
                                Optional.empty(),
                                10)
                        .items())
                .isEmpty();
        assertThat(envelopes
                        .list(
                                organisation,
                                Mode.LIVE,
                                new Envelopes.ListFilter(Optional.of(EnvelopeStatus.COMPLETE), null, null, tag),
                                Optional.empty(),
                                10)
                        .items())
                .isEmpty();

        PortalClient viewer = as(org.viewer());
        String found = viewer.get("/portal/envelopes?mode=live&q=quartz").body();
        assertThat(found).contains("Lease " + tag).doesNotContain("Invoice " + tag);
        String today = java.time.LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(viewer.get("/portal/envelopes?mode=live&q=" + tag + "&from=" + today + "&to=" + today)
                        .body())
                .contains("Lease " + tag, "Invoice " + tag);
        assertThat(viewer.get("/portal/envelopes?mode=live&q=" + tag + "&to=2020-01-01")
                        .body())
                .contains("No envelope matches")
                .doesNotContain("Lease " + tag);
        PortalClient.Page tooShort = viewer.get("/portal/envelopes?mode=live&q=le");
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.body()).contains("3 to 100 characters").doesNotContain("Lease " + tag);
        assertThat(viewer.get("/portal/envelopes?mode=live&from=2026-13-01").status())
                .isEqualTo(422);
        assertThat(viewer.get("/portal/envelopes?mode=live&from=2026-12-02&to=2026-12-01")
                        .status())
                .isEqualTo(422);

        // Another organisation's search finds none of them.
        assertThat(as(org().admin()).get("/portal/envelopes?mode=live&q=" + tag).body())
                .doesNotContain("Lease " + tag);
    }

    @Test
    void theSearchPagesByKeysetWithItsFilters() {
        Org org = org();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            create(
                    org.tenant().liveKey(),
                    new Options("Paged " + tag + " " + i)
                            .signer("S", "s" + i + "-" + tag + "@example.com", 1)
                            .toString());
        }
        Envelopes.ListFilter filter = new Envelopes.ListFilter(Optional.empty(), null, null, "paged " + tag);
        UUID organisation = org.tenant().organisationId();
        Envelopes.ListPage first = envelopes.list(organisation, Mode.LIVE, filter, Optional.empty(), 2);
        Envelopes.ListPage second = envelopes.list(organisation, Mode.LIVE, filter, Optional.of(first.next()), 2);
        assertThat(first.items())
                .extracting(Envelopes.Listed::name)
                .containsExactly("Paged " + tag + " 2", "Paged " + tag + " 1");
        assertThat(second.items()).extracting(Envelopes.Listed::name).containsExactly("Paged " + tag + " 0");
        assertThat(second.next()).isNull();
    }

    @Test
    void theRouteFollowsTheSignersUntilTheEnvelopeIsComplete() throws Exception {
        Org org = org();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String first = "ada-" + tag + "@example.com";
        String second = "bo-" + tag + "@example.com";
        UUID id = active(org, "Route " + tag, first, second);
        PortalClient viewer = as(org.viewer());

        JsonNode before = route(viewer, id);
        assertThat(before.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(before.get("settled").asBoolean()).isFalse();
        assertThat(texts(before.at("/envelope/current"))).contains("CallActivity_Recipient");
        assertThat(texts(before.at("/recipients/0/current"))).contains("Task_Sign");
        assertThat(before.at("/recipients/1/started").asBoolean()).isFalse();
        assertThat(before.toString()).doesNotContain(first).doesNotContain("Ada");
        PortalClient.Page page = viewer.get("/portal/envelopes/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("Route " + tag, "Ada First", "Bo Second")
                .contains("data-element=\"Task_Sign\"")
                .containsPattern("class=\"shape task current\" data-element=\"Task_Sign\"")
                .contains("Envelope created");
        // In German the route's names are German too: the text list, the diagrams and their titles.
        String german = viewer.get("/portal/envelopes/" + id + "?lang=de").body();
        assertThat(german)
                .contains("Prozess \u201eUmschlag\u201c", "jetzt bei: Unterschreiben", "Umschlag erstellt")
                .contains(">Unterschreiben</tspan>", "Empf\u00e4nger unterschreibt")
                .doesNotContain("Envelope created", "Prepare documents", "Recipient signs", "now at: Sign");

        assertThat(sign(invitationTo(id, first).token()).status()).isEqualTo(204);
        runJobs(id);
        JsonNode middle = route(viewer, id);
        assertThat(middle.get("version").asText())
                .isNotEqualTo(before.get("version").asText());
        assertThat(middle.at("/recipients/0/ended").asBoolean()).isTrue();
        assertThat(texts(middle.at("/recipients/1/current"))).contains("Task_Sign");

        assertThat(sign(invitationTo(id, second).token()).status()).isEqualTo(204);
        runJobs(id);
        JsonNode after = route(viewer, id);
        assertThat(after.get("status").asText()).isEqualTo("COMPLETE");
        assertThat(after.get("settled").asBoolean()).isTrue();
        assertThat(after.at("/envelope/ended").asBoolean()).isTrue();
        String fragment = viewer.get("/portal/envelopes/" + id + "/route").body();
        assertThat(fragment)
                .contains("id=\"route-live\"")
                .containsPattern("class=\"shape end-event done\" data-element=\"EndEvent_Completed\"")
                .contains("Complete");

        // The viewer downloads the pack (reading), as the API gives it.
        PortalClient.Page pack = viewer.get("/portal/envelopes/" + id + "/completed-documents");
        assertThat(pack.status()).isEqualTo(200);
        assertThat(pack.raw().headers().firstValue("Content-Type")).hasValue("application/zip");
    }

    @Test
    void aViewerSeesButCannotActAndEveryActionNeedsTheCsrfToken() {
        Org org = org();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID id = active(org, "Act " + tag, "a-" + tag + "@example.com", "b-" + tag + "@example.com");
        UUID firstSigner = envelopes.recipients(id).get(0).id();

        PortalClient viewer = as(org.viewer());
        String page = viewer.get("/portal/envelopes/" + id).body();
        assertThat(page).doesNotContain("/archive").doesNotContain("/remind").contains("Your role reads envelopes");
        String csrf = viewer.get("/portal/envelopes/" + id).csrf();
        for (String action : actions(id, firstSigner)) {
            PortalClient.Page refused = viewer.post(action, Map.of("_csrf", csrf, "confirm", "yes", "name", "Mallory"));
            assertThat(refused.status()).as(action).isEqualTo(403);
        }
        assertThat(status(id)).isEqualTo("ACTIVE");
        assertThat(envelopes.recipient(firstSigner).orElseThrow().name()).isEqualTo("Ada First");

        PortalClient sender = as(org.sender());
        assertThat(sender.post("/portal/envelopes/" + id + "/archive", Map.of("confirm", "yes"))
                        .status())
                .isEqualTo(403);
        assertThat(sender.post("/portal/envelopes/" + id + "/archive", Map.of("confirm", "yes", "_csrf", "forged"))
                        .status())
                .isEqualTo(403);
        assertThat(status(id)).isEqualTo("ACTIVE");
    }

    @Test
    void theSendersActionsGoThroughTheApisServices() {
        Org org = org();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID id = active(org, "Actions " + tag, "a-" + tag + "@example.com", "b-" + tag + "@example.com");
        UUID firstSigner = envelopes.recipients(id).get(0).id();
        UUID secondSigner = envelopes.recipients(id).get(1).id();
        PortalClient sender = as(org.sender());
        String path = "/portal/envelopes/" + id;

        PortalClient.Page reminded = sender.submit(path, path + "/recipients/" + firstSigner + "/remind", Map.of());
        assertThat(reminded.status()).isEqualTo(302);
        assertThat(reminded.location()).endsWith(path);
        assertThat(sender.get(path).body()).contains("The reminder is on its way.");
        runJobs(id);
        assertThat(outbox(id, "REMINDER")).hasSize(1);

        // The second group is not invited yet: the API's refusal, in the page's words.
        sender.submit(path, path + "/recipients/" + secondSigner + "/remind", Map.of());
        assertThat(sender.get(path).body()).contains("has not been invited yet");

        sender.submit(
                path,
                path + "/recipients/" + firstSigner,
                Map.of("name", "Ada Renamed", "email", "a-" + tag + "@example.com"));
        assertThat(envelopes.recipient(firstSigner).orElseThrow().name()).isEqualTo("Ada Renamed");
        sender.submit(path, path + "/recipients/" + firstSigner, Map.of("name", "Ada", "email", "not an address"));
        assertThat(sender.get(path).body())
                .contains("These details are not accepted")
                .contains("email");
        assertThat(envelopes.recipient(firstSigner).orElseThrow().email()).isEqualTo("a-" + tag + "@example.com");

        sender.submit(path, path + "/extend", Map.of());
        assertThat(sender.get(path).body()).contains("The signing links are valid again from now.");

        sender.submit(path, path + "/delete", Map.of("confirm", "yes"));
        assertThat(sender.get(path).body()).contains("archive it first");
        sender.submit(path, path + "/archive", Map.of());
        assertThat(status(id)).as("not without confirming").isEqualTo("ACTIVE");
        sender.submit(path, path + "/archive", Map.of("confirm", "yes"));
        assertThat(status(id)).isEqualTo("ARCHIVED");
        assertThat(audit.events(id)).anySatisfy(e -> assertThat(e.type()).isEqualTo("envelope_archived"));
        PortalClient.Page deleted = sender.submit(path, path + "/delete", Map.of("confirm", "yes"));
        assertThat(deleted.location()).contains("/portal/envelopes?mode=live");
        assertThat(sender.get(path).status()).isEqualTo(404);
    }

    @Test
    void aUserOfAnotherOrganisationFindsNothingByAnyUrl() {
        Org a = org();
        Org b = org();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID id = active(a, "Secret " + tag, "a-" + tag + "@example.com", "b-" + tag + "@example.com");
        UUID signer = envelopes.recipients(id).get(0).id();
        PortalClient other = as(b.admin());
        for (String url : List.of(
                "/portal/envelopes/" + id,
                "/portal/envelopes/" + id + "/route",
                "/portal/envelopes/" + id + "/route.json",
                "/portal/envelopes/" + id + "/completed-documents",
                "/portal/envelopes/" + UUID.randomUUID(),
                "/portal/envelopes/not-an-id")) {
            PortalClient.Page page = other.get(url);
            assertThat(page.status()).as(url).isEqualTo(404);
            assertThat(page.body()).as(url).doesNotContain("Secret " + tag);
        }
        String csrf = other.get("/portal/envelopes").csrf();
        for (String action : actions(id, signer)) {
            PortalClient.Page page = other.post(action, Map.of("_csrf", csrf, "confirm", "yes", "name", "Mallory"));
            assertThat(page.status()).as(action).isEqualTo(404);
        }
        assertThat(status(id)).isEqualTo("ACTIVE");
        assertThat(envelopes.recipient(signer).orElseThrow().name()).isEqualTo("Ada First");
        assertThat(outbox(id, "REMINDER")).isEmpty();
        assertThat(other.get("/portal/envelopes?mode=live").body()).doesNotContain("Secret " + tag);
    }

    @Test
    void theVerifyPageGivesTheApisReport() {
        Org org = org();
        PortalClient viewer = as(org.viewer());
        PortalClient.Page form = viewer.get("/portal/verify");
        assertThat(form.status()).isEqualTo(200);
        PortalClient.Page report = viewer.multipart(
                "/portal/verify", Map.of("_csrf", form.csrf()), "file", "plain.pdf", dev.signet.Pdfs.pages(1));
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.body()).contains("id=\"report\"").contains("id=\"verdict\"");
        assertThat(viewer.multipart("/portal/verify", Map.of(), "file", "plain.pdf", dev.signet.Pdfs.pages(1))
                        .status())
                .as("without the CSRF token")
                .isEqualTo(403);
        assertThat(viewer.multipart(
                                "/portal/verify",
                                Map.of("_csrf", form.csrf()),
                                "file",
                                "x.pdf",
                                "not a pdf".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(422);
    }

    @Test
    void theVerifyPageTakesAFewChecksAMinuteFromAUser() {
        PortalClient viewer = as(org().viewer());
        PortalClient.Page form = viewer.get("/portal/verify");
        byte[] notAPdf = "not a pdf".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < PortalVerifyPage.CHECKS_PER_MINUTE; i++) {
            assertThat(viewer.multipart("/portal/verify", Map.of("_csrf", form.csrf()), "file", "x.pdf", notAPdf)
                            .status())
                    .as("check %d", i + 1)
                    .isEqualTo(422);
        }
        PortalClient.Page refused =
                viewer.multipart("/portal/verify", Map.of("_csrf", form.csrf()), "file", "x.pdf", notAPdf);
        assertThat(refused.status()).isEqualTo(429);
        PortalClient other = as(org().viewer());
        assertThat(other.multipart(
                                "/portal/verify",
                                Map.of("_csrf", other.get("/portal/verify").csrf()),
                                "file",
                                "x.pdf",
                                notAPdf)
                        .status())
                .as("another user's checks are counted apart")
                .isEqualTo(422);
    }

    private static List<String> actions(UUID id, UUID recipient) {
        String path = "/portal/envelopes/" + id;
        return List.of(
                path + "/recipients/" + recipient + "/remind",
                path + "/recipients/" + recipient,
                path + "/recipients/" + recipient + "/resend-pack",
                path + "/extend",
                path + "/archive",
                path + "/delete");
    }

    private List<String> names(UUID organisation, String text) {
        return envelopes
                .list(
                        organisation,
                        Mode.LIVE,
                        new Envelopes.ListFilter(Optional.empty(), null, null, text),
                        Optional.empty(),
                        10)
                .items()
                .stream()
                .map(Envelopes.Listed::name)
                .toList();
    }

    private static JsonNode route(PortalClient client, UUID id) throws Exception {
        PortalClient.Page json = client.get("/portal/envelopes/" + id + "/route.json");
        assertThat(json.status()).isEqualTo(200);
        return JSON.readTree(json.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
