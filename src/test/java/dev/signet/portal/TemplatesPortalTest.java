package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import dev.signet.template.TemplateFixtures;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The templates pages over real HTTP with a session: a sender imports and sends, a viewer reads
 * but cannot send, import or delete, and another organisation reaches nothing.
 */
class TemplatesPortalTest extends SignetIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";

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

    private PortalClient as(UUID organisation, Role role) {
        String email = role.key() + "-" + UUID.randomUUID() + "@example.com";
        users.create(organisation, email, role, passwords.hash(PASSWORD));
        PortalClient client = new PortalClient(port);
        assertThat(client.login(email, PASSWORD).status()).isEqualTo(302);
        return client;
    }

    @Test
    void aSenderImportsAndSendsAViewerOnlyReads() {
        Tenant source = newTenant();
        String name = "Lease " + UUID.randomUUID().toString().substring(0, 8);
        String sourceId = TemplateFixtures.save(
                        api,
                        source.liveKey(),
                        TemplateFixtures.leaseOptions(name).toString())
                .json()
                .path("template_id")
                .asText();
        byte[] export = api.get("/v2/templates/" + sourceId + "/export", source.liveKey())
                .bytes();

        Tenant tenant = newTenant();
        PortalClient sender = as(tenant.organisationId(), Role.SENDER);
        PortalClient viewer = as(tenant.organisationId(), Role.VIEWER);
        PortalClient.Page imported = sender.multipart(
                "/portal/templates/import",
                Map.of("mode", "live", "_csrf", sender.get("/portal/templates").csrf()),
                "file",
                "lease.json",
                export);
        assertThat(imported.status()).as(imported.body()).isEqualTo(302);
        assertThat(imported.location()).endsWith("/portal/templates?mode=live");
        String id = api.get("/v2/templates", tenant.liveKey())
                .json()
                .path("templates")
                .get(0)
                .path("template_id")
                .asText();

        PortalClient.Page list = viewer.get("/portal/templates?mode=live");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body())
                .contains(name)
                .contains("/portal/templates/" + id + "/export")
                .doesNotContain("/portal/templates/" + id + "/send")
                .doesNotContain("/portal/templates/import");
        assertThat(viewer.get("/portal/templates/" + id + "/export?mode=live").body())
                .isEqualTo(new String(export, StandardCharsets.UTF_8));
        assertThat(viewer.get("/portal/templates/" + id + "/api-request?mode=live")
                        .body())
                .contains("curl -X POST");

        Map<String, String> form = new LinkedHashMap<>();
        form.put("mode", "live");
        form.put("envelope_name", name);
        List<String> roles = List.of("tenant", "landlord", "agent");
        for (int i = 0; i < roles.size(); i++) {
            form.put("name-" + i, "Person " + i);
            form.put("email-" + i, roles.get(i) + "-" + UUID.randomUUID() + "@example.com");
        }
        assertThat(viewer.get("/portal/templates/" + id + "/send?mode=live").status())
                .isEqualTo(403);
        Map<String, String> asViewer = new LinkedHashMap<>(form);
        asViewer.put("_csrf", viewer.get("/portal/templates").csrf());
        assertThat(viewer.post("/portal/templates/" + id + "/send", asViewer).status())
                .isEqualTo(403);
        assertThat(viewer.post(
                                "/portal/templates/" + id + "/delete",
                                Map.of("mode", "live", "_csrf", asViewer.get("_csrf")))
                        .status())
                .isEqualTo(403);
        assertThat(envelopes(tenant)).as("the viewer sent nothing").isZero();

        assertThat(sender.post("/portal/templates/" + id + "/send", form).status())
                .as("no CSRF token")
                .isEqualTo(403);
        Map<String, String> asSender = new LinkedHashMap<>(form);
        asSender.put(
                "_csrf",
                sender.get("/portal/templates/" + id + "/send?mode=live").csrf());
        PortalClient.Page sent = sender.post("/portal/templates/" + id + "/send", asSender);
        assertThat(sent.status()).as(sent.body()).isEqualTo(302);
        assertThat(envelopes(tenant)).isEqualTo(1);
        UUID envelope = jdbc.sql("select id from envelope where organisation_id = ?")
                .param(tenant.organisationId())
                .query(UUID.class)
                .single();
        runJobs(envelope);
        assertThat(status(envelope)).isEqualTo("ACTIVE");
        assertThat(invitationTo(envelope, form.get("email-0")).subject()).contains(name);

        // The people's problems come back on the form, in the API's words.
        asSender.put("email-1", "not an address");
        PortalClient.Page refused = sender.post("/portal/templates/" + id + "/send", asSender);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("recipients[1].email: is not a valid email address");
        assertThat(envelopes(tenant)).isEqualTo(1);

        PortalClient stranger = as(newTenant().organisationId(), Role.ADMIN);
        assertThat(stranger.get("/portal/templates/" + id + "/send?mode=live").status())
                .isEqualTo(404);
        assertThat(stranger.get("/portal/templates/" + id + "/export?mode=live").status())
                .isEqualTo(404);
        assertThat(stranger.get("/portal/templates?mode=live").body()).doesNotContain(name);
    }

    private int envelopes(Tenant tenant) {
        return jdbc.sql("select count(*) from envelope where organisation_id = ?")
                .param(tenant.organisationId())
                .query(Integer.class)
                .single();
    }
}
