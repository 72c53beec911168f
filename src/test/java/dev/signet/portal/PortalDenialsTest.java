package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.signet.SignetIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * A denial raised inside a portal controller: the controllers check the role again where the
 * change is made, for a role changed after the chain let the request through. The chain is left
 * out here (the dispatcher alone, with a viewer logged in), which is exactly that case; the answer
 * must be the portal's 403 page, never the API's 500, and nothing may be changed.
 */
class PortalDenialsTest extends SignetIntegrationTest {

    @Autowired
    WebApplicationContext web;

    @Autowired
    PortalUsers users;

    @Autowired
    Passwords passwords;

    @AfterEach
    void logOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aDenialInsideAPortalControllerIsThePortals403PageInThePagesLanguage() throws Exception {
        Tenant tenant = newTenant();
        MockMvc dispatcher = loggedIn(tenant, Role.VIEWER);

        MvcResult result = dispatcher
                .perform(post("/portal/webhooks")
                        .header("Accept-Language", "de")
                        .param("mode", "live")
                        .param("url", "https://hooks.example.com/signet")
                        .param("events", "envelope_completion"))
                .andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(403);
        assertThat(result.getResponse().getContentType()).startsWith(MediaType.TEXT_HTML_VALUE);
        String page = result.getResponse().getContentAsString();
        assertThat(page).contains("<h1>Nicht erlaubt</h1>").contains("lang=\"de\"");
        assertThat(page).doesNotContain("INTERNAL_ERROR").doesNotContain("Exception");
        assertThat(jdbc.sql("select count(*) from webhook_endpoint where organisation_id = ?")
                        .param(tenant.organisationId())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aDenialOfAGetAnswersTheSamePage() throws Exception {
        MockMvc dispatcher = loggedIn(newTenant(), Role.SENDER);

        MvcResult result = dispatcher.perform(get("/portal/organisation/keys")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(403);
        assertThat(result.getResponse().getContentAsString()).contains("<h1>Not allowed</h1>");
    }

    @Test
    void theApiKeepsItsJsonErrorBody() throws Exception {
        MockMvc dispatcher = loggedIn(newTenant(), Role.VIEWER);

        MvcResult result = dispatcher
                .perform(post("/v2/envelopes")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{"))
                .andReturn();

        assertThat(result.getResponse().getContentType()).startsWith(MediaType.APPLICATION_JSON_VALUE);
        assertThat(result.getResponse().getContentAsString())
                .contains("\"code\"")
                .doesNotContain("<html");
    }

    /** The dispatcher without the security chain, as a user of this role of the tenant's organisation. */
    private MockMvc loggedIn(Tenant tenant, Role role) {
        String email = role.key() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        UUID id = users.create(tenant.organisationId(), email, role, passwords.hash("correct horse battery staple"));
        PortalUser user = users.find(id).orElseThrow();
        SecurityContextHolder.getContext().setAuthentication(PortalSecurity.authentication(user));
        return MockMvcBuilders.webAppContextSetup(web).build();
    }
}
