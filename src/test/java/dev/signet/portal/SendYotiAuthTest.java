package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Pdfs;
import dev.signet.assurance.WithYoti;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Send page where a Yoti application serves the organisation's mode (live here, Yoti emulated):
 * Yoti auth is offered as the API honours it, and an envelope that asks for it is made with it.
 * Where no Yoti application is configured, {@link SendAccessTest} shows it unavailable and refused.
 */
class SendYotiAuthTest extends WithYoti {

    static final String PASSWORD = "correct horse battery staple";

    @Autowired
    PortalUsers users;

    @Autowired
    Passwords passwords;

    @Autowired
    LoginThrottle throttle;

    @Test
    void yotiAuthIsOfferedWhereTheApiHonoursItAndTheEnvelopeAsksForIt() throws Exception {
        throttle.clear();
        Tenant tenant = newTenant();
        String sender = "sender-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        users.create(tenant.organisationId(), sender, Role.SENDER, passwords.hash(PASSWORD));
        PortalClient client = new PortalClient(port);
        assertThat(client.login(sender, PASSWORD).status()).isEqualTo(302);

        PortalClient.Page page = client.get("/portal/send");
        assertThat(page.body())
                .contains("<option value=\"sign-auth\">Yoti auth (the signer shares their email address")
                .doesNotContain("Yoti auth (not available)")
                .doesNotContain("no Yoti application for this mode");

        String email = "ann-" + UUID.randomUUID() + "@example.com";
        String options = """
                {"name": "Yoti auth from the portal", "recipients": [
                  {"name": "Ann Share", "email": "%s", "auth_type": "sign-auth",
                   "tags": [{"type": "signature", "file_name": "lease.pdf", "page_number": 1, "x": 0.1, "y": 0.7}]}]}""".formatted(email);
        PortalClient.Page sent = client.multipart(
                "/portal/send", SendAccessTest.fields(options, page.csrf()), "file", "lease.pdf", Pdfs.pages(1));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        UUID id = UUID.fromString(JSON.readTree(sent.body()).get("envelope_id").asText());
        assertThat(jdbc.sql("select auth_type from recipient where envelope_id = ? and email = ?")
                        .param(id)
                        .param(email)
                        .query(String.class)
                        .single())
                .isEqualTo("sign-auth");
    }
}
