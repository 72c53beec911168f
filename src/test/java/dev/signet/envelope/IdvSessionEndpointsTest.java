package dev.signet.envelope;

import static dev.signet.envelope.CompletionPackResendApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import dev.signet.signature.Poppler;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender's identity verification endpoints that go beyond the result JSON (reference 1.13,
 * endpoints 16, 18 and 19) and the resource and task webhook events (4.6), with the sandbox
 * provider on the whole service: custom session configurations (checked, listed, private to their
 * key's mode, usable at create by their organisation only), the PDF report of a concluded session
 * in a ZIP (409 while ongoing), its media items, and idv_resource_update and idv_task_completion
 * fired once each at the sandbox's upload step. A Liveness Only session passes without a name.
 */
class IdvSessionEndpointsTest extends SignetIntegrationTest {

    private static final String CONFIGS = "/v2/idv/sessions/configs";

    @TempDir
    Path dir;

    @Test
    void customSessionConfigsAreCheckedListedAndUsableAtCreateByTheirOrganisationOnly() {
        Tenant tenant = newTenant();
        String key = tenant.sandboxKey();

        Api.Response created =
                api.postJson(CONFIGS, key, customConfig("Tenancy checks", false).toString());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.json().get("is_custom").asBoolean()).isTrue();
        JsonNode kept = created.json().get("session_config");
        assertThat(kept.get("requested_checks"))
                .extracting(c -> c.get("type").asText())
                .containsExactly("LIVENESS", "ID_DOCUMENT_AUTHENTICITY", "ID_DOCUMENT_FACE_MATCH");
        assertThat(kept.at("/requested_checks/0/config/liveness_type").asText()).isEqualTo("ZOOM");
        assertThat(kept.at("/requested_checks/1/config/manual_check").asText()).isEqualTo("ALWAYS");
        assertThat(kept.get("client_session_token_ttl").asInt()).isEqualTo(1200);

        assertError(
                api.postJson(CONFIGS, key, customConfig("Tenancy checks", false).toString()),
                409,
                "SESSION_CONFIG_EXISTS");
        assertError(
                api.postJson(CONFIGS, key, customConfig("Real Estate", false).toString()), 422, "VALIDATION_FAILED");

        ObjectNode unsupported = customConfig("Screened", false);
        ObjectNode spec = (ObjectNode) unsupported.get("session_config");
        spec.put("user_tracking_id", "mine");
        ((ArrayNode) spec.get("requested_checks"))
                .addObject()
                .put("type", "WATCHLIST_SCREENING")
                .putObject("config")
                .putArray("categories")
                .add("SANCTIONS");
        Api.Response refused = api.postJson(CONFIGS, key, unsupported.toString());
        assertError(refused, 422, "VALIDATION_FAILED");
        assertThat(fields(refused))
                .as("never accepted and ignored: each field Signet cannot carry out is named")
                .contains("session_config.user_tracking_id", "session_config.requested_checks[3].type");
        ObjectNode noExtraction = customConfig("No text", false);
        ((ObjectNode) noExtraction.get("session_config")).putArray("requested_tasks");
        assertThat(fields(api.postJson(CONFIGS, key, noExtraction.toString())))
                .as("a document check without the name read from it could not be compared")
                .containsExactly("session_config.requested_tasks");

        assertThat(api.postJson(
                                CONFIGS,
                                key,
                                customConfig("Only this key", true).toString())
                        .status())
                .isEqualTo(201);
        JsonNode listed = api.get(CONFIGS, key).json().get("session_configs");
        assertThat(listed)
                .extracting(c -> c.get("name").asText())
                .startsWith("Real Estate")
                .contains("Liveness Only", "Tenancy checks", "Only this key");
        assertThat(listed).allMatch(c -> !c.has("session_config"));
        JsonNode mine = find(listed, "Only this key");
        assertThat(mine.get("is_custom").asBoolean()).isTrue();
        assertThat(mine.get("is_private").asBoolean()).isTrue();
        Api.Response detailed = api.send(api.builder(CONFIGS, key)
                .method("GET", HttpRequest.BodyPublishers.ofString("{\"detailed_session_configs\": true}")));
        assertThat(detailed.status()).as("%s", detailed).isEqualTo(200);
        assertThat(find(detailed.json().get("session_configs"), "Liveness Only")
                        .at("/session_config/requested_checks")
                        .toString())
                .contains("LIVENESS")
                .doesNotContain("ID_DOCUMENT_AUTHENTICITY");
        assertThat(api.get(CONFIGS, tenant.liveKey()).text())
                .as("live keys do not see sandbox configurations")
                .doesNotContain("Tenancy checks");

        UUID envelope = create(key, options("Tenancy checks", null).toString());
        runJobs(envelope);
        assertThat(status(envelope)).isEqualTo("ACTIVE");
        Api.Response stranger = api.createEnvelope(
                newTenant().sandboxKey(), options("Tenancy checks", null).toString());
        assertError(stranger, 422, "VALIDATION_FAILED");
        assertThat(fields(stranger)).contains("recipients[0].verification.idv.session_config_name");

        // The custom configuration is what the sandbox session runs: it reads a document, so the name is compared.
        String token = invitationTo(envelope, "ines@example.com").token();
        start(token);
        choose(token, "NAME_MISMATCH");
        runJobs(envelope);
        assertThat(api.get("/v2/signing/" + token, null).status()).isEqualTo(403);
    }

    @Test
    void aConcludedSandboxSessionHasAReportAndMediaAndFiresItsResourceAndTaskEventsOnce() throws Exception {
        Tenant tenant = newTenant();
        String key = tenant.sandboxKey();
        ObjectNode options = options("Real Estate", "http://127.0.0.1:9/idv-hooks");
        UUID envelope = create(key, options.toString());
        runJobs(envelope);
        String token = invitationTo(envelope, "ines@example.com").token();
        UUID recipient = recipientId(envelope);
        String base = "/v2/idv/recipients/" + recipient + "/sessions/signed/";

        assertError(api.get(base + "pdf", key), 404, "NOT_FOUND");
        start(token);
        assertError(api.get(base + "pdf", key), 409, "IDV_SESSION_ONGOING");
        assertThat(webhooks(envelope)).isEmpty();

        choose(token, "APPROVE");
        List<JsonNode> uploaded = webhooks(envelope);
        assertThat(uploaded)
                .as("the sandbox's choice is the upload step: document and selfie, and the text read")
                .extracting(w -> w.get("subscription_name").asText())
                .containsExactlyInAnyOrder("idv_resource_update", "idv_resource_update", "idv_task_completion");
        runJobs(envelope);
        List<JsonNode> all = webhooks(envelope);
        assertThat(all)
                .extracting(w -> w.get("subscription_name").asText())
                .as("each resource and task once; then the check and the session")
                .containsExactlyInAnyOrder(
                        "idv_resource_update",
                        "idv_resource_update",
                        "idv_task_completion",
                        "idv_check_completion",
                        "idv_session_completion");
        JsonNode task = all.stream()
                .filter(w -> w.get("subscription_name").asText().equals("idv_task_completion"))
                .findFirst()
                .orElseThrow();
        assertThat(task.get("envelope_id").asText()).isEqualTo(envelope.toString());
        assertThat(task.get("recipient_id").asText()).isEqualTo(recipient.toString());
        assertThat(task.get("topic").asText()).isEqualTo("task_completion");
        assertThat(task.get("task_type").asText()).isEqualTo("ID_DOCUMENT_TEXT_DATA_EXTRACTION");
        assertThat(task.get("task_id").asText()).isNotBlank();
        assertThat(all.toString()).as("no name in any event").doesNotContain("Ib");

        JsonNode result = api.get(base + "json", key).json();
        assertThat(result.get("outcome").asText()).isEqualTo("APPROVED");
        List<String> resources = new ArrayList<>();
        result.at("/resources/id_documents")
                .forEach(d -> resources.add(d.get("id").asText()));
        result.at("/resources/liveness_capture")
                .forEach(d -> resources.add(d.get("id").asText()));
        assertThat(all.stream()
                        .filter(w -> w.has("resource_id"))
                        .map(w -> w.get("resource_id").asText()))
                .containsExactlyInAnyOrderElementsOf(resources);

        String fieldsId =
                result.at("/resources/id_documents/0/document_fields/media/id").asText();
        Api.Response fields = api.get(base + "media/" + fieldsId, key);
        assertThat(fields.status()).as("%s", fields).isEqualTo(200);
        assertThat(fields.header("Content-Type")).startsWith("application/json");
        assertThat(fields.json().get("full_name").asText()).isEqualTo("Inès  Ibáñez");
        String frontId = result.at("/resources/id_documents/0/pages/0/media/id").asText();
        Api.Response front = api.get(base + "media/" + frontId, key);
        assertThat(front.header("Content-Type")).isEqualTo("image/png");
        assertThat(new String(front.bytes(), 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertError(api.get(base + "media/" + UUID.randomUUID(), key), 404, "NOT_FOUND");
        assertError(api.get(base + "media/not-a-media-id", key), 404, "NOT_FOUND");
        assertThat(api.get(base + "media/" + frontId, newTenant().sandboxKey()).status())
                .as("another organisation's recipient")
                .isEqualTo(404);

        Api.Response report = api.get(base + "pdf", key);
        assertThat(report.status()).as("%s", report).isEqualTo(200);
        assertThat(report.header("Content-Type")).isEqualTo("application/zip");
        Map<String, byte[]> zip = unzip(report.bytes());
        assertThat(zip).containsOnlyKeys("idv-report-" + recipient + ".pdf");
        String text = Poppler.text(dir, zip.values().iterator().next()).replaceAll("\\s+", " ");
        assertThat(text)
                .contains("Identity verification report", "SANDBOX", envelope.toString())
                .contains("Real Estate", "APPROVED: every check passed")
                .contains("ID_DOCUMENT_AUTHENTICITY DONE APPROVE", "PASSPORT GBR")
                .contains("Name on the document Inès Ibáñez")
                .contains("Name compared yes");
    }

    /**
     * Liveness Only reads no document, so there is no name to compare: an approved liveness check
     * passes (it is what the sender asked to know), and the evidence says no name was compared.
     */
    @Test
    void aLivenessOnlySessionPassesWithoutANameAndSaysNoNameWasCompared() throws Exception {
        Tenant tenant = newTenant();
        UUID envelope =
                create(tenant.sandboxKey(), options("Liveness Only", null).toString());
        runJobs(envelope);
        String token = invitationTo(envelope, "ines@example.com").token();

        start(token);
        choose(token, "APPROVE");
        runJobs(envelope);

        assertThat(api.get("/v2/signing/" + token, null).status())
                .as("deadend_errors, and yet no mismatch")
                .isEqualTo(200);
        assertThat(sign(token).status()).isEqualTo(204);
        String passed = jdbc.sql("select details_json from audit_event where envelope_id = ? and type = 'idv_passed'")
                .param(envelope)
                .query(String.class)
                .single();
        assertThat(passed).contains("\"name_compared\":false", "Liveness Only");
        UUID recipient = recipientId(envelope);
        JsonNode result = api.get("/v2/idv/recipients/" + recipient + "/sessions/signed/json", tenant.sandboxKey())
                .json();
        assertThat(result.at("/resources/id_documents")).isEmpty();
        assertThat(result.at("/resources/liveness_capture")).hasSize(1);
        Map<String, byte[]> zip =
                unzip(api.get("/v2/idv/recipients/" + recipient + "/sessions/signed/pdf", tenant.sandboxKey())
                        .bytes());
        assertThat(Poppler.text(dir, zip.values().iterator().next()).replaceAll("\\s+", " "))
                .contains("not read: this configuration checks liveness only")
                .contains("Name compared no");
        runJobs(envelope);
        assertThat(api.get("/v2/envelopes/" + envelope, tenant.sandboxKey())
                        .json()
                        .at("/details/recipients/0/verified_by")
                        .toString())
                .contains("idv (Liveness Only: APPROVED)");
    }

    private List<JsonNode> webhooks(UUID envelope) {
        return outbox(envelope).stream()
                .filter(m -> m.channel().equals("WEBHOOK"))
                .map(m -> {
                    try {
                        return JSON.readTree(m.text());
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
    }

    private UUID recipientId(UUID envelope) {
        return jdbc.sql("select id from recipient where envelope_id = ?")
                .param(envelope)
                .query(UUID.class)
                .single();
    }

    private static List<String> fields(Api.Response response) {
        List<String> fields = new ArrayList<>();
        response.json().path("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    private static JsonNode find(JsonNode configs, String name) {
        for (JsonNode c : configs) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("No configuration " + name + " in " + configs);
    }

    /** The sandbox IDV page's "Start identity check" button. */
    private void start(String token) {
        Api.Response started = api.send(api.builder("/sign/" + token + "/idv/start", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(started.status()).as("%s", started).isEqualTo(302);
    }

    private void choose(String token, String outcome) {
        Api.Response chosen = api.send(api.builder("/sign/" + token + "/idv/sandbox", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("outcome=" + outcome)));
        assertThat(chosen.status()).as("%s", chosen).isEqualTo(302);
    }

    /** Liveness (ZOOM), the document with a manual check always, a face match and the text read. */
    private static ObjectNode customConfig(String name, boolean isPrivate) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("is_private", isPrivate);
        ObjectNode spec = body.putObject("session_config").put("client_session_token_ttl", 1200);
        ArrayNode checks = spec.putArray("requested_checks");
        checks.addObject()
                .put("type", "LIVENESS")
                .putObject("config")
                .put("liveness_type", "ZOOM")
                .put("max_retries", 3);
        checks.addObject()
                .put("type", "ID_DOCUMENT_AUTHENTICITY")
                .putObject("config")
                .put("manual_check", "ALWAYS");
        checks.addObject()
                .put("type", "ID_DOCUMENT_FACE_MATCH")
                .putObject("config")
                .put("manual_check", "FALLBACK");
        spec.putArray("requested_tasks")
                .addObject()
                .put("type", "ID_DOCUMENT_TEXT_DATA_EXTRACTION")
                .putObject("config")
                .put("manual_check", "FALLBACK");
        spec.putArray("required_documents").addObject().put("type", "ID_DOCUMENT");
        return body;
    }

    private static ObjectNode options(String sessionConfig, String webhooks) {
        ObjectNode root = JSON.createObjectNode().put("name", "Verified lease");
        if (webhooks != null) {
            root.putObject("notifications")
                    .put("destination", webhooks)
                    .putArray("subscriptions")
                    .add("idv_resource_update")
                    .add("idv_task_completion")
                    .add("idv_check_completion")
                    .add("idv_session_completion");
        }
        ObjectNode signer = root.putArray("recipients")
                .addObject()
                .put("name", "Inès  Ibáñez")
                .put("email", "ines@example.com")
                .put("sign_group", 1)
                .put("auth_type", "idv");
        signer.putObject("verification")
                .putObject("idv")
                .put("session_config_name", sessionConfig)
                .put("session_limit", 2)
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
