package dev.signet.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who may see what: bearer keys, their mode, their organisation. */
class ApiKeyAuthTest extends SignetIntegrationTest {

    private static final String SEARCH = "/v2/organisations/envelopes/search";

    @Test
    void aRequestWithoutAKeyIsUnauthorised() {
        Api.Response response = api.get(SEARCH, null);

        assertUnauthorised(response, "UNAUTHORIZED");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void malformedAndUnknownKeysAreUnauthorised() {
        Tenant tenant = newTenant();
        String valid = tenant.sandboxKey();
        String lastCharChanged = valid.substring(0, valid.length() - 1) + (valid.endsWith("A") ? "B" : "A");
        for (String authorization : List.of(
                "Bearer",
                "Bearer ",
                "Bearer garbage",
                "Bearer sk_test_" + valid.substring(11),
                "Bearer sk_live_" + "x".repeat(32),
                "Bearer " + lastCharChanged,
                valid,
                "Basic " + valid,
                "Token " + valid)) {
            Api.Response response = api.send(api.builder(SEARCH, null)
                    .header("Authorization", authorization)
                    .GET());

            assertUnauthorised(response, "UNAUTHORIZED");
        }
        assertThat(api.get(SEARCH, valid).status()).isEqualTo(200);
    }

    @Test
    void aRevokedKeyIsUnauthorised() {
        Tenant tenant = newTenant();
        assertThat(api.get(SEARCH, tenant.liveKey()).status()).isEqualTo(200);

        jdbc.sql("update api_key set revoked_at = now() where organisation_id = ? and mode = 'live'")
                .param(tenant.organisationId())
                .update();

        assertUnauthorised(api.get(SEARCH, tenant.liveKey()), "UNAUTHORIZED");
        assertThat(api.get(SEARCH, tenant.sandboxKey()).status()).isEqualTo(200);
    }

    @Test
    void aKeyInTheQueryStringIsRefusedEvenWhenValid() {
        Tenant tenant = newTenant();
        String key = tenant.sandboxKey();

        assertUnauthorised(api.get(SEARCH + "?api_key=" + key, null), "KEY_IN_QUERY");
        assertUnauthorised(api.get(SEARCH + "?limit=5&access_token=" + key, null), "KEY_IN_QUERY");
        // Even beside a valid header: the key has leaked into a URL, and we will not make a habit of it.
        assertUnauthorised(api.get(SEARCH + "?key=" + key, key), "KEY_IN_QUERY");
    }

    @Test
    void anotherOrganisationsEnvelopeIsNotFoundWhateverTheyAsk() {
        Tenant owner = newTenant();
        Tenant stranger = newTenant();
        UUID id = create(
                owner.sandboxKey(),
                new Options("Owner's lease")
                        .signer("Alice", "alice@example.com", 1)
                        .toString());
        runJobs(id);
        UUID recipientId = recipientIds(id).get(0);
        String key = stranger.sandboxKey();

        List<Api.Response> answers = List.of(
                api.get("/v2/envelopes/" + id, key),
                api.get("/v2/envelopes/" + id + "/status", key),
                api.get("/v2/envelopes/" + id + "/completed-documents", key),
                api.patch("/v2/envelopes/" + id, key),
                api.delete("/v2/envelopes/" + id, key),
                api.post("/v2/envelopes/" + id + "/recipients/" + recipientId + "/send-reminder", key),
                api.patchJson("/v2/envelopes/" + id + "/recipients/" + recipientId, key, "{\"name\":\"Mallory\"}"),
                api.postJson("/v2/envelopes/" + id + "/extend-tokens", key, "{}"));

        for (Api.Response answer : answers) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
            assertThat(answer.json().path("code").asText()).isEqualTo("NOT_FOUND");
        }
        assertThat(status(id)).isEqualTo("ACTIVE");
        assertThat(api.get("/v2/envelopes/" + id, owner.sandboxKey())
                        .json()
                        .at("/details/recipients/0/name")
                        .asText())
                .isEqualTo("Alice");
        assertThat(outbox(id, "REMINDER")).isEmpty();
    }

    @Test
    void sandboxAndLiveKeysOfOneOrganisationDoNotSeeEachOthersEnvelopes() {
        Tenant tenant = newTenant();
        UUID sandboxEnvelope = create(
                tenant.sandboxKey(),
                new Options("Sandbox").signer("A", "a@example.com", 1).toString());
        UUID liveEnvelope = create(
                tenant.liveKey(),
                new Options("Live").signer("B", "b@example.com", 1).toString());

        assertThat(api.get("/v2/envelopes/" + liveEnvelope, tenant.sandboxKey()).status())
                .isEqualTo(404);
        assertThat(api.get("/v2/envelopes/" + sandboxEnvelope, tenant.liveKey()).status())
                .isEqualTo(404);
        assertThat(api.patch("/v2/envelopes/" + liveEnvelope, tenant.sandboxKey())
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/v2/envelopes/" + sandboxEnvelope, tenant.sandboxKey())
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/v2/envelopes/" + liveEnvelope, tenant.liveKey()).status())
                .isEqualTo(200);
        assertThat(status(liveEnvelope)).isEqualTo("QUEUED");
    }

    @Test
    void theSandboxOutboxIsForSandboxKeysAndShowsOnlyTheirOwnMessages() {
        Tenant tenant = newTenant();
        Tenant other = newTenant();
        UUID own = create(
                tenant.sandboxKey(),
                new Options("Own").signer("Alice", "alice@example.com", 1).toString());
        UUID foreign = create(
                other.sandboxKey(),
                new Options("Foreign").signer("Zed", "zed@example.com", 1).toString());
        UUID live = create(
                tenant.liveKey(),
                new Options("Live").signer("Lee", "lee@example.com", 1).toString());
        runJobs(own);
        runJobs(foreign);
        runJobs(live);

        Api.Response refused = api.get("/v2/sandbox/outbox", tenant.liveKey());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("code").asText()).isEqualTo("SANDBOX_ONLY");

        Api.Response listed = api.get("/v2/sandbox/outbox", tenant.sandboxKey());
        assertThat(listed.status()).isEqualTo(200);
        List<String> envelopes = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        listed.json().path("messages").forEach(m -> {
            envelopes.add(m.path("envelope_id").asText());
            addresses.add(m.path("to").asText());
        });
        assertThat(envelopes).containsOnly(own.toString());
        assertThat(addresses).contains("alice@example.com").doesNotContain("zed@example.com", "lee@example.com");
    }

    @Test
    void searchAndFindReturnOnlyTheCallersOwnModeAndOrganisation() {
        Tenant tenant = newTenant();
        Tenant other = newTenant();
        UUID ownSandbox = create(
                tenant.sandboxKey(),
                new Options("Own sandbox").signer("A", "a@example.com", 1).toString());
        UUID ownLive = create(
                tenant.liveKey(),
                new Options("Own live").signer("A", "a@example.com", 1).toString());
        UUID foreign = create(
                other.sandboxKey(),
                new Options("Foreign").signer("A", "a@example.com", 1).toString());

        assertThat(searchIds(tenant.sandboxKey())).containsExactly(ownSandbox.toString());
        assertThat(searchIds(tenant.liveKey())).containsExactly(ownLive.toString());
        assertThat(searchIds(other.sandboxKey())).containsExactly(foreign.toString());
        assertThat(api.get(SEARCH, tenant.sandboxKey()).json().path("total").asInt())
                .isEqualTo(1);

        String allThree = "{\"envelope_ids\":[\"" + ownSandbox + "\",\"" + ownLive + "\",\"" + foreign + "\"]}";
        assertThat(ids(api.postJson("/v2/organisations/envelopes/find", tenant.sandboxKey(), allThree)
                        .json()))
                .containsExactly(ownSandbox.toString());
        assertThat(ids(api.postJson("/v2/organisations/envelopes/find", tenant.liveKey(), allThree)
                        .json()))
                .containsExactly(ownLive.toString());
    }

    private List<String> searchIds(String key) {
        return ids(api.get(SEARCH, key).json());
    }

    private static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.path("envelopes").forEach(e -> ids.add(e.path("envelope_id").asText()));
        return ids;
    }

    private List<UUID> recipientIds(UUID envelopeId) {
        return jdbc.sql("select id from recipient where envelope_id = ? order by position")
                .param(envelopeId)
                .query(UUID.class)
                .list();
    }

    private static void assertUnauthorised(Api.Response response, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.json().path("code").asText()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
    }
}
