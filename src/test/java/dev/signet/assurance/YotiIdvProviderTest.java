package dev.signet.assurance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import dev.signet.envelope.IdvConfig;
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

    /**
     * A custom configuration (endpoint 16) is the session Yoti is asked for, field by field; its
     * media items come from Yoti through the media endpoint, which answers 503 while Yoti is down.
     */
    @Test
    void aCustomConfigurationIsTheSessionYotiIsAskedForAndItsMediaComeFromYoti() {
        Tenant tenant = newTenant();
        ObjectNode config = JSON.createObjectNode().put("name", "Zoom and document");
        ObjectNode spec = config.putObject("session_config")
                .put("client_session_token_ttl", 900)
                .put("block_biometric_consent", true);
        var checks = spec.putArray("requested_checks");
        checks.addObject().put("type", "LIVENESS").putObject("config").put("liveness_type", "ZOOM");
        checks.addObject()
                .put("type", "ID_DOCUMENT_AUTHENTICITY")
                .putObject("config")
                .put("manual_check", "ALWAYS");
        checks.addObject()
                .put("type", "ID_DOCUMENT_FACE_MATCH")
                .putObject("config")
                .put("manual_check", "NEVER");
        spec.putArray("requested_tasks")
                .addObject()
                .put("type", "ID_DOCUMENT_TEXT_DATA_EXTRACTION")
                .putObject("config")
                .put("manual_check", "ALWAYS");
        Api.Response created = api.postJson("/v2/idv/sessions/configs", tenant.liveKey(), config.toString());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        UUID envelope = create(tenant.liveKey(), options(3, "Zoom and document").toString());
        IdvRecipient r = recipient(tenant, envelope, 3, "Zoom and document");

        YOTI.nextSession(YotiDocScanEmulator.Outcome.APPROVED, "Ines Ibanez");
        String session = sessionId((IdvService.Started) idv.start(r));
        JsonNode sent = YOTI.spec(session);
        assertThat(sent.get("requested_checks"))
                .extracting(c -> c.get("type").asText())
                .containsExactly("LIVENESS", "ID_DOCUMENT_AUTHENTICITY", "ID_DOCUMENT_FACE_MATCH");
        assertThat(sent.at("/requested_checks/0/config/liveness_type").asText()).isEqualTo("ZOOM");
        assertThat(sent.at("/requested_checks/1/config/manual_check").asText()).isEqualTo("ALWAYS");
        assertThat(sent.at("/requested_checks/2/config/manual_check").asText()).isEqualTo("NEVER");
        assertThat(sent.at("/requested_tasks/0/type").asText()).isEqualTo("ID_DOCUMENT_TEXT_DATA_EXTRACTION");
        assertThat(sent.at("/requested_tasks/0/config/manual_check").asText()).isEqualTo("ALWAYS");
        assertThat(sent.get("client_session_token_ttl").asInt()).isEqualTo(900);
        assertThat(sent.get("block_biometric_consent").asBoolean()).isTrue();
        assertThat(sent.get("user_tracking_id").asText())
                .isEqualTo(r.recipientId().toString());

        YOTI.finish(session);
        idv.finished(r.recipientId());
        assertThat(idv.fetch(r)).isEqualTo(IdvVerdict.PASSED);
        JsonNode result = api.get("/v2/idv/recipients/" + r.recipientId() + "/sessions/signed/json", tenant.liveKey())
                .json();
        String page = result.at("/resources/id_documents/0/pages/0/media/id").asText();
        String fields =
                result.at("/resources/id_documents/0/document_fields/media/id").asText();
        String media = "/v2/idv/recipients/" + r.recipientId() + "/sessions/signed/media/";
        Api.Response image = api.get(media + page, tenant.liveKey());
        assertThat(image.status()).as("%s", image).isEqualTo(200);
        assertThat(image.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(image.bytes()).isEqualTo(YotiDocScanEmulator.PAGE_IMAGE);
        Api.Response read = api.get(media + fields, tenant.liveKey());
        assertThat(read.header("Content-Type")).startsWith("application/json");
        assertThat(read.json().get("full_name").asText()).isEqualTo("Ines Ibanez");
        YOTI.down(1);
        Api.Response down = api.get(media + page, tenant.liveKey());
        assertThat(down.status()).as("%s", down).isEqualTo(503);
        assertThat(down.json().get("code").asText()).isEqualTo("IDV_PROVIDER_UNAVAILABLE");
        assertThat(down.header("Retry-After")).isEqualTo("30");
        assertThat(YOTI.refused()).isZero();
    }

    /** Liveness Only reads no document: Yoti is asked for liveness alone, and the approval passes with no name. */
    @Test
    void aLivenessOnlySessionAsksYotiForLivenessAloneAndPassesWithoutAName() {
        Tenant tenant = newTenant();
        UUID envelope = create(tenant.liveKey(), options(3, "Liveness Only").toString());
        IdvRecipient r = recipient(tenant, envelope, 3, "Liveness Only");

        YOTI.nextSession(YotiDocScanEmulator.Outcome.APPROVED, "Someone Else Entirely");
        String session = sessionId((IdvService.Started) idv.start(r));
        assertThat(YOTI.spec(session).get("requested_checks"))
                .extracting(c -> c.get("type").asText())
                .containsExactly("LIVENESS");
        assertThat(YOTI.spec(session).path("requested_tasks")).isEmpty();
        YOTI.finish(session);
        idv.finished(r.recipientId());
        assertThat(idv.fetch(r)).as("no name read, so none to mismatch").isEqualTo(IdvVerdict.PASSED);
        assertThat(jdbc.sql("select details_json from audit_event where envelope_id = ? and type = 'idv_passed'")
                        .param(envelope)
                        .query(String.class)
                        .single())
                .contains("\"name_compared\":false");
    }

    private IdvRecipient recipient(Tenant tenant, UUID envelope, int limit) {
        return recipient(tenant, envelope, limit, "Real Estate");
    }

    private IdvRecipient recipient(Tenant tenant, UUID envelope, int limit, String sessionConfig) {
        UUID recipient = jdbc.sql("select id from recipient where envelope_id = ?")
                .param(envelope)
                .query(UUID.class)
                .single();
        return new IdvRecipient(
                tenant.organisationId(),
                envelope,
                recipient,
                "Inès Ibáñez",
                new IdvConfig(sessionConfig, IdvConfig.BEFORE_VIEWING, limit, Set.of(IdvConfig.DEADEND_ERRORS)),
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
        return options(sessionLimit, "Real Estate");
    }

    private static ObjectNode options(int sessionLimit, String sessionConfig) {
        ObjectNode root = JSON.createObjectNode().put("name", "Verified lease");
        ObjectNode signer = root.putArray("recipients")
                .addObject()
                .put("name", "Inès Ibáñez")
                .put("email", "ines@example.com")
                .put("sign_group", 1)
                .put("auth_type", "idv");
        signer.putObject("verification")
                .putObject("idv")
                .put("session_config_name", sessionConfig)
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
