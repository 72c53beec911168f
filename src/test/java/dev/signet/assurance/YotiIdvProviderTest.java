package dev.signet.assurance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Yoti IDV on Yoti's Java SDK, against the Doc Scan emulation (which checks the SDK's request
 * signing as Yoti does): a live envelope asking for {@code auth_type: idv} is accepted once Yoti is
 * configured; sessions started through {@link IdvService} reach Yoti; approved, document rejected,
 * name mismatch, the session limit and a provider that is down then up each give their verdict.
 */
class YotiIdvProviderTest extends SignetIntegrationTest {

    static final YotiDocScanEmulator YOTI = start();

    @DynamicPropertySource
    static void yoti(DynamicPropertyRegistry registry) {
        registry.add("signet.yoti.sdk-id", () -> YotiDocScanEmulator.SDK_ID);
        registry.add("signet.yoti.key-file", YOTI::keyFile);
        registry.add("signet.yoti.doc-scan-api-url", YOTI::baseUrl);
    }

    private static YotiDocScanEmulator start() {
        try {
            YotiDocScanEmulator emulator = new YotiDocScanEmulator();
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "yoti-emulator-stop"));
            return emulator;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    IdvService idv;

    @BeforeEach
    void forget() {
        YOTI.reset();
    }

    @Test
    void liveKeysMayAskForIdvOnceYotiIsConfiguredAndAnApprovedMatchingNamePasses() {
        Tenant tenant = newTenant();
        Api.Response created = api.createEnvelope(tenant.liveKey(), options(3).toString());
        assertThat(created.status())
                .as("no longer refused as ASSURANCE_NOT_AVAILABLE: %s", created)
                .isEqualTo(202);
        IdvRecipient r = recipient(
                tenant, UUID.fromString(created.json().get("envelope_id").asText()), 3);

        YOTI.nextSession(YotiDocScanEmulator.Outcome.APPROVED, "Ines  IBANEZ");
        IdvService.Started started = (IdvService.Started) idv.start(r);
        assertThat(started.provider()).isEqualTo("yoti");
        assertThat(started.userUrl()).startsWith(YOTI.baseUrl() + "/web/index.html?sessionID=");
        String session = sessionId(started);
        assertThat(YOTI.spec(session).path("user_tracking_id").asText())
                .isEqualTo(r.recipientId().toString());
        assertThat(YOTI.spec(session).path("sdk_config").path("success_url").asText())
                .isEqualTo(r.returnUrl());
        assertThat(YOTI.spec(session).toString())
                .as("a real provider is never told whom to expect")
                .doesNotContain("Ibáñez");

        assertThat(idv.fetch(r)).as("the person has not finished").isEqualTo(IdvVerdict.UNANSWERED);
        YOTI.finish(session);
        assertThat(idv.finished(r.recipientId())).isTrue();
        assertThat(idv.fetch(r)).isEqualTo(IdvVerdict.PASSED);
        assertThat(idv.latest(r.recipientId(), r.config()).orElseThrow().resultJson())
                .contains("\"provider\":\"yoti\"", "ID_DOCUMENT_AUTHENTICITY", "APPROVE");
        assertThat(YOTI.refused())
                .as("every SDK request passed Yoti's signature check")
                .isZero();
    }

    @Test
    void aRejectedDocumentAndAnotherNameFailAndTheSessionLimitHolds() {
        Tenant tenant = newTenant();
        UUID envelope = create(tenant.liveKey(), options(2).toString());
        IdvRecipient r = recipient(tenant, envelope, 2);

        YOTI.nextSession(YotiDocScanEmulator.Outcome.DOCUMENT_REJECTED, "Ines Ibanez");
        String first = sessionId((IdvService.Started) idv.start(r));
        YOTI.finish(first);
        idv.finished(r.recipientId());
        assertThat(idv.fetch(r)).as("deadend_errors").isEqualTo(IdvVerdict.FAILED_BLOCKS);
        assertThat(idv.lastOutcome(r.recipientId())).contains("DOCUMENT_REJECTED");

        YOTI.nextSession(YotiDocScanEmulator.Outcome.APPROVED, "Someone Else");
        String second = sessionId((IdvService.Started) idv.start(r));
        YOTI.finish(second);
        idv.finished(r.recipientId());
        assertThat(idv.fetch(r)).isEqualTo(IdvVerdict.FAILED_BLOCKS);
        assertThat(idv.lastOutcome(r.recipientId())).contains("NAME_MISMATCH");

        assertThat(idv.start(r)).isEqualTo(new IdvService.LimitReached(2));
        assertThat(YOTI.refused()).isZero();
        assertThat(audit(envelope))
                .containsSubsequence("idv_session_started", "idv_failed", "idv_session_started", "idv_failed")
                .contains("idv_session_limit_reached");
    }

    @Test
    void aProviderThatIsDownGivesNoVerdictUntilItIsUpAgain() {
        Tenant tenant = newTenant();
        UUID envelope = create(tenant.liveKey(), options(3).toString());
        IdvRecipient r = recipient(tenant, envelope, 3);

        YOTI.down(1);
        assertThat(idv.start(r)).isInstanceOf(IdvService.ProviderDown.class);
        YOTI.nextSession(YotiDocScanEmulator.Outcome.APPROVED, "INÈS IBÁÑEZ");
        String session = sessionId((IdvService.Started) idv.start(r));
        YOTI.finish(session);
        idv.finished(r.recipientId());
        YOTI.down(1);
        assertThat(idv.fetch(r)).as("down: asked again later").isEqualTo(IdvVerdict.UNANSWERED);
        assertThat(idv.fetch(r))
                .as("up again; the name compared ignoring case and accents")
                .isEqualTo(IdvVerdict.PASSED);
        assertThat(audit(envelope)).contains("idv_provider_unavailable", "idv_passed");
    }

    private IdvRecipient recipient(Tenant tenant, UUID envelope, int limit) {
        UUID recipient = jdbc.sql("select id from recipient where envelope_id = ?")
                .param(envelope)
                .query(UUID.class)
                .single();
        return new IdvRecipient(
                tenant.organisationId(),
                envelope,
                recipient,
                "Inès Ibáñez",
                new IdvConfig("Real Estate", IdvConfig.BEFORE_VIEWING, limit, Set.of(IdvConfig.DEADEND_ERRORS)),
                false,
                "http://localhost:" + port + "/sign/token/idv/done");
    }

    private static String sessionId(IdvService.Started started) {
        String query = URI.create(started.userUrl()).getQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("sessionID=")) {
                return pair.substring("sessionID=".length());
            }
        }
        throw new AssertionError("no sessionID in " + started.userUrl());
    }

    private List<String> audit(UUID envelope) {
        return jdbc.sql("select type from audit_event where envelope_id = ? order by seq")
                .param(envelope)
                .query(String.class)
                .list();
    }

    private static ObjectNode options(int sessionLimit) {
        ObjectNode root = JSON.createObjectNode().put("name", "Verified lease");
        ObjectNode signer = root.putArray("recipients")
                .addObject()
                .put("name", "Inès Ibáñez")
                .put("email", "ines@example.com")
                .put("sign_group", 1)
                .put("auth_type", "idv");
        signer.putObject("verification")
                .putObject("idv")
                .put("session_config_name", "Real Estate")
                .put("session_limit", sessionLimit)
                .putArray("blocks_signing")
                .add("deadend_errors");
        signer.putArray("tags")
                .addObject()
                .put("name", "sig")
                .put("type", "signature")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.1);
        return root;
    }
}
