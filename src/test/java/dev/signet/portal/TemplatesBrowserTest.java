package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.signet.Chromium;
import dev.signet.SignetIntegrationTest;
import dev.signet.template.TemplateFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The template round trip in a real headless Chromium: an admin of one organisation downloads a
 * template's export, an admin of another imports it (a changed file first, refused), reads its API
 * request, sends an envelope from it by naming a person per role, and the envelope is ACTIVE with
 * invitations for the first sign group. axe-core checks every state of the templates pages for
 * WCAG 2.0/2.1/2.2 A and AA violations.
 */
class TemplatesBrowserTest extends SignetIntegrationTest {

    private static final Path FILES = Paths.get("target", "template-files");
    private static final String PASSWORD = "admin passphrase for templates";

    @RegisterExtension
    final Chromium chromium = new Chromium();

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

    @Test
    void aTemplateIsExportedImportedIntoAnotherOrganisationAndSentFrom() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "Lease " + tag;
        Tenant source = newTenant();
        assertThat(TemplateFixtures.save(
                                api,
                                source.liveKey(),
                                TemplateFixtures.leaseOptions(name).toString())
                        .status())
                .isEqualTo(201);

        Page owner = loggedIn(source, 1280, 900);
        owner.navigate(base() + "/portal/templates");
        assertThat(owner.locator("#templates").textContent()).contains(name).contains("Tenant, Landlord, Agent");
        Chromium.checked(owner, "portal-templates");
        Download download = owner.waitForDownload(
                () -> owner.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Export the template " + name))
                        .click());
        Files.createDirectories(FILES);
        Path export = FILES.resolve("lease-" + tag + ".json");
        download.saveAs(export);
        ObjectNode file = (ObjectNode) JSON.readTree(export.toFile());
        assertThat(file.path("format").asText()).isEqualTo("signet-template");

        ObjectNode changed = file.deepCopy();
        ((ObjectNode) changed.at("/documents/0")).put("sha256", "0".repeat(64));
        Path tampered = FILES.resolve("tampered-" + tag + ".json");
        Files.writeString(tampered, changed.toString(), StandardCharsets.UTF_8);

        Tenant target = newTenant();
        Page page = loggedIn(target, 1024, 800);
        page.navigate(base() + "/portal/templates");
        assertThat(page.locator("#no-templates").isVisible()).isTrue();
        Chromium.checked(page, "portal-templates-empty");

        page.setInputFiles("#import-file", tampered);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import"))
                .click();
        page.waitForSelector("#problems");
        assertThat(page.locator("#problems").textContent()).contains("documents[0].sha256");
        Chromium.checked(page, "portal-templates-import-refused");

        page.setInputFiles("#import-file", export);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import"))
                .click();
        page.waitForSelector("#notice");
        assertThat(page.locator("#notice").textContent()).contains(name);
        assertThat(page.locator("#templates").textContent()).contains(name);
        Chromium.checked(page, "portal-templates-imported");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("API request of the template " + name))
                .click();
        page.waitForSelector("#api-request");
        assertThat(page.locator("#api-request").textContent())
                .startsWith("curl -X POST 'http://signet.test/v2/envelopes'")
                .contains("<name of Tenant>");
        Chromium.checked(page, "portal-template-api-request");

        page.navigate(base() + "/portal/templates");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Send from the template " + name))
                .click();
        page.waitForSelector("#send");
        Chromium.checked(page, "portal-template-send");
        String envelopeName = "Lease of Flat " + tag;
        page.getByLabel("Envelope name").fill(envelopeName);
        String[] roles = {"tenant", "landlord", "agent"};
        for (int i = 0; i < roles.length; i++) {
            page.locator("#name-" + i).fill("Person " + roles[i]);
            page.locator("#email-" + i).fill(roles[i] + "-" + tag + "@example.com");
        }
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send the envelope"))
                .click();
        page.waitForSelector("#notice");
        assertThat(page.locator("#notice").textContent()).contains(envelopeName);
        Chromium.checked(page, "portal-templates-sent");

        UUID envelope = jdbc.sql("select id from envelope where organisation_id = ?")
                .param(target.organisationId())
                .query(UUID.class)
                .single();
        runJobs(envelope);
        assertThat(status(envelope)).isEqualTo("ACTIVE");
        assertThat(outbox(envelope, "INVITATION").stream().map(Message::address))
                .containsExactly("tenant-" + tag + "@example.com");

        // On a phone the same form, one column.
        page = loggedIn(target, 360, 740);
        page.navigate(base() + "/portal/templates");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Send from the template " + name))
                .click();
        page.waitForSelector("#send");
        Chromium.checked(page, "portal-template-send-phone");
    }

    private Page loggedIn(Tenant tenant, int width, int height) {
        String email = "templates-" + UUID.randomUUID() + "@example.com";
        users.create(tenant.organisationId(), email, Role.ADMIN, passwords.hash(PASSWORD));
        return PortalLogin.logIn(
                chromium.open(Chromium.screen(width, height).setAcceptDownloads(true)), base(), email, PASSWORD);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
