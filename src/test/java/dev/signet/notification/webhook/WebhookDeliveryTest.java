package dev.signet.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import dev.signet.notification.OutboxDispatcher;
import dev.signet.notification.Smtp;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Webhooks end to end: real HTTP to a receiver written from the Standard Webhooks specification,
 * the real PostgreSQL outbox, GreenMail for the email an organisation gets when its endpoint is
 * disabled. The receiver listens on 127.0.0.1, which the test profile's operator trusts by name
 * ({@code signet.webhooks.internal-destinations}); a public-looking name that resolves there is still refused.
 * Time passes by moving a message's next try to now, as the engine clock would.
 */
class WebhookDeliveryTest extends SignetIntegrationTest {

    @RegisterExtension
    static final GreenMailExtension smtp = Smtp.server();

    @Autowired
    WebhookDispatcher dispatcher;

    @Autowired
    OutboxDispatcher mail;

    @Autowired
    Webhooks webhooks;

    @Autowired
    TransactionTemplate tx;

    private final List<StandardWebhooksReceiver> receivers = new ArrayList<>();

    @AfterEach
    void stopReceivers() {
        receivers.forEach(StandardWebhooksReceiver::close);
        dispatcher.resolveWith(InetAddress::getAllByName);
    }

    private StandardWebhooksReceiver receiver(String... secrets) throws Exception {
        StandardWebhooksReceiver r = new StandardWebhooksReceiver(secrets);
        receivers.add(r);
        return r;
    }

    /** Dispatches until nothing more is due now. */
    private void drain() {
        for (int round = 0; round < 100 && dispatcher.dispatchDue() > 0; round++) {
            // next round
        }
    }

    /** Lets time pass for an endpoint: every pending message of it is due now. */
    private void makeDue(UUID endpointId) {
        jdbc.sql("""
                update outbox_message set next_attempt_at = ? where status = 'PENDING'
                  and id in (select outbox_id from webhook_message where endpoint_id = ?)""")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), endpointId)
                .update();
    }

    private record Created(UUID id, String secret) {}

    private Created endpoint(String key, String url, String... subscriptions) {
        ObjectNode body = JSON.createObjectNode().put("url", url).put("description", "test receiver");
        if (subscriptions.length > 0) {
            var array = body.putArray("subscriptions");
            for (String s : subscriptions) {
                array.add(s);
            }
        }
        Api.Response response = api.postJson("/v2/webhook-endpoints", key, body.toString());
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return new Created(
                UUID.fromString(response.json().get("id").asText()),
                response.json().get("secret").asText());
    }

    /** Registers an endpoint at the receiver's path and tells the receiver the secret it was given. */
    private Created registered(String key, StandardWebhooksReceiver receiver, String path, String... subscriptions) {
        Created created = endpoint(key, receiver.url(path), subscriptions);
        receiver.knowSecrets(created.secret());
        return created;
    }

    /** A receiver that knows the organisation's secret for destinations named by an envelope. */
    private StandardWebhooksReceiver envelopeReceiver(Tenant tenant) throws Exception {
        String secret = api.post("/v2/webhook-endpoints/envelope-secret", tenant.sandboxKey())
                .json()
                .get("secret")
                .asText();
        return receiver(secret);
    }

    /** The envelope's own destination for these events. */
    private static void notifyAt(Options options, String destination, String... subscriptions) {
        var array = options.json()
                .putObject("notifications")
                .put("destination", destination)
                .putArray("subscriptions");
        for (String s : subscriptions) {
            array.add(s);
        }
    }

    private void emit(UUID organisation, Mode mode, UUID envelope, String event, int n) {
        tx.executeWithoutResult(s -> webhooks.emit(new Webhooks.Event(
                organisation,
                mode,
                envelope,
                null,
                List.of(),
                event,
                JSON.createObjectNode().put("envelope_id", envelope.toString()).put("n", n))));
    }

    private List<JsonNode> deliveries(String key, UUID endpoint) {
        List<JsonNode> list = new ArrayList<>();
        api.get("/v2/webhook-endpoints/" + endpoint + "/deliveries", key)
                .json()
                .path("deliveries")
                .forEach(list::add);
        return list;
    }

    @Test
    void anEnvelopeCreatedWithNotificationsSendsItsEventsInOrderToItsDestination() throws Exception {
        Tenant tenant = newTenant();
        StandardWebhooksReceiver receiver = envelopeReceiver(tenant);
        Options options = new Options("Webhook lease").signer("Alice Archer", "alice-wh@example.com", 1);
        notifyAt(
                options,
                receiver.url("/signet/hooks"),
                "envelope_ready",
                "envelope_created",
                "signer_completion",
                "envelope_completion");
        UUID envelope = create(tenant.sandboxKey(), options.toString());
        runJobs(envelope);
        drain();
        assertThat(receiver.accepted())
                .extracting(StandardWebhooksReceiver.Delivery::event)
                .containsExactly("envelope_ready", "envelope_created");
        JsonNode ready = receiver.accepted().get(0).json();
        assertThat(ready.get("envelope_id").asText()).isEqualTo(envelope.toString());
        assertThat(ready.get("envelope_name").asText()).isEqualTo("Webhook lease");
        assertThat(ready.get("recipients").get(0).get("Email").asText()).isEqualTo("alice-wh@example.com");
        assertThat(ready.get("recipients").get(0).has("Token")).isTrue();
        assertThat(receiver.accepted().get(0).userAgent()).startsWith("Signet-Webhooks/");

        assertThat(sign(invitationTo(envelope, "alice-wh@example.com").token()).status())
                .isEqualTo(204);
        runJobs(envelope);
        assertThat(status(envelope)).isEqualTo("COMPLETE");
        drain();

        assertThat(receiver.refusals()).isEmpty();
        assertThat(receiver.accepted())
                .extracting(StandardWebhooksReceiver.Delivery::event)
                .containsExactly("envelope_ready", "envelope_created", "signer_completion", "envelope_completion");
        JsonNode signer = receiver.accepted().get(2).json();
        assertThat(signer.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(signer.at("/details/recipients/0/sign_status").asText()).isEqualTo("SIGNED");
        JsonNode done = receiver.accepted().get(3).json();
        assertThat(done.get("status").asText()).isEqualTo("COMPLETE");
        assertThat(done.get("subscription_name").asText()).isEqualTo("envelope_completion");
        assertThat(done.at("/platform/type").asText()).isEqualTo("API");
        assertThat(done.get("marked_for_deletion").asBoolean(true)).isFalse();
        assertThat(done.at("/details/completed_at").isTextual()).isTrue();
        assertThat(done.at("/details/files/0/name").asText()).isEqualTo("contract.pdf");
        JsonNode alice = done.at("/details/recipients/0");
        assertThat(alice.get("email").asText()).isEqualTo("alice-wh@example.com");
        assertThat(alice.get("type").asText()).isEqualTo("SIGNER");
        assertThat(alice.at("/tags/0/value").asText()).isEqualTo("Alice Archer");
        assertThat(receiver.accepted())
                .extracting(StandardWebhooksReceiver.Delivery::id)
                .doesNotHaveDuplicates();
    }

    @Test
    void anEnvelopeWithoutADestinationUsesTheOrganisationsEndpointsForTheEventsTheyChose() throws Exception {
        Tenant tenant = newTenant();
        StandardWebhooksReceiver all = receiver();
        StandardWebhooksReceiver completions = receiver();
        Created everything = registered(tenant.liveKey(), all, "/all");
        registered(tenant.liveKey(), completions, "/done", "envelope_completion");
        assertThat(api.get("/v2/webhook-endpoints/" + everything.id(), tenant.liveKey())
                        .json()
                        .has("secret"))
                .isFalse();

        UUID envelope = create(
                tenant.liveKey(),
                new Options("Defaults")
                        .signer("Bea Brown", "bea-wh@example.com", 1)
                        .toString());
        runJobs(envelope);
        assertThat(sign(invitationTo(envelope, "bea-wh@example.com").token()).status())
                .isEqualTo(204);
        runJobs(envelope);
        drain();

        assertThat(all.accepted())
                .extracting(StandardWebhooksReceiver.Delivery::event)
                .containsExactly("envelope_ready", "envelope_created", "signer_completion", "envelope_completion");
        assertThat(completions.accepted())
                .extracting(StandardWebhooksReceiver.Delivery::event)
                .containsExactly("envelope_completion");
        // Another organisation's endpoints hear nothing of it.
        assertThat(api.get(
                                "/v2/webhook-endpoints/" + everything.id(),
                                newTenant().liveKey())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void failedTriesAreRetriedLaterInOrderAndEachIsLogged() throws Exception {
        Tenant tenant = newTenant();
        StandardWebhooksReceiver receiver = receiver();
        Created endpoint = registered(tenant.liveKey(), receiver, "/flaky");
        UUID envelope = UUID.randomUUID();
        for (int n = 1; n <= 3; n++) {
            emit(tenant.organisationId(), Mode.LIVE, envelope, "signer_completion", n);
        }
        receiver.failNext(1, 500);
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC);
        drain();
        // The first failed; the two behind it wait for it, however due they are.
        assertThat(receiver.requests()).isEqualTo(1);
        OffsetDateTime next =
                jdbc.sql("""
                        select next_attempt_at from outbox_message where status = 'PENDING' and attempts = 1
                          and id in (select outbox_id from webhook_message where endpoint_id = ?)""").param(endpoint.id()).query(OffsetDateTime.class).single();
        assertThat(next)
                .isBetween(
                        before.plusSeconds(23),
                        OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(37));

        receiver.delay(Duration.ofMillis(1500));
        makeDue(endpoint.id());
        drain();
        assertThat(receiver.accepted()).isEmpty();
        receiver.delay(Duration.ZERO);
        makeDue(endpoint.id());
        drain();
        assertThat(receiver.accepted())
                .extracting(d -> d.json().get("n").asInt())
                .containsExactly(1, 2, 3);
        assertThat(receiver.accepted().get(0).id()).isNotNull();

        List<JsonNode> log = deliveries(tenant.liveKey(), endpoint.id());
        assertThat(log).hasSize(5);
        JsonNode first = log.get(log.size() - 1);
        assertThat(first.get("status_code").asInt()).isEqualTo(500);
        assertThat(first.get("error").asText()).isEqualTo("HTTP 500");
        assertThat(first.get("attempt").asInt()).isEqualTo(1);
        assertThat(first.has("latency_ms")).isTrue();
        JsonNode timedOut = log.get(log.size() - 2);
        assertThat(timedOut.has("status_code")).isFalse();
        assertThat(timedOut.get("error").asText()).isEqualTo("Timed out");
        assertThat(timedOut.get("latency_ms").asLong()).isBetween(900L, 1500L);
        assertThat(log.get(0).get("status_code").asInt()).isEqualTo(204);
    }

    /** Receivers that hang until the time-out are tried side by side, each holding up only itself. */
    @Test
    void hangingReceiversAreTriedSideBySideNotOneAfterTheOther() throws Exception {
        Tenant tenant = newTenant();
        List<Created> slow = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StandardWebhooksReceiver receiver = receiver();
            receiver.delay(Duration.ofMillis(1500));
            slow.add(endpoint(tenant.liveKey(), receiver.url("/slow" + i)));
        }
        StandardWebhooksReceiver fast = receiver();
        Created quick = registered(tenant.liveKey(), fast, "/fast");
        emit(tenant.organisationId(), Mode.LIVE, UUID.randomUUID(), "envelope_completion", 1);
        long start = System.nanoTime();
        drain();
        long took = (System.nanoTime() - start) / 1_000_000;
        assertThat(fast.accepted()).hasSize(1);
        for (Created endpoint : slow) {
            assertThat(deliveries(tenant.liveKey(), endpoint.id()))
                    .singleElement()
                    .satisfies(d -> assertThat(d.get("error").asText()).isEqualTo("Timed out"));
        }
        // One after the other, three time-outs of a second each would take three seconds at least.
        assertThat(took).isLessThan(2500);
    }

    /** The acceptance case: a receiver down for 10 minutes, then up, gets every event once, in order per envelope. */
    @Test
    void aReceiverDownForTenMinutesGetsEveryEventOnceInOrderPerEnvelope() throws Exception {
        Tenant tenant = newTenant();
        StandardWebhooksReceiver receiver = receiver();
        Created endpoint = registered(tenant.liveKey(), receiver, "/down");
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        for (int n = 1; n <= 4; n++) {
            emit(tenant.organisationId(), Mode.LIVE, a, "signer_completion", n);
            emit(tenant.organisationId(), Mode.LIVE, b, "signer_completion", n);
        }
        receiver.failNext(Integer.MAX_VALUE, 503);
        // Ten minutes of retries: the back-off's first delays are 30 s, 1 min, 5 min.
        for (int minute = 0; minute < 4; minute++) {
            makeDue(endpoint.id());
            drain();
        }
        assertThat(receiver.accepted()).isEmpty();
        assertThat(receiver.requests()).isEqualTo(8);
        receiver.failNext(0, 503);
        for (int round = 0; round < 3; round++) {
            makeDue(endpoint.id());
            drain();
        }
        List<StandardWebhooksReceiver.Delivery> got = receiver.accepted();
        assertThat(got).hasSize(8);
        assertThat(got).extracting(StandardWebhooksReceiver.Delivery::id).doesNotHaveDuplicates();
        assertThat(got.stream()
                        .filter(d -> d.json().get("envelope_id").asText().equals(a.toString()))
                        .map(d -> d.json().get("n").asInt()))
                .containsExactly(1, 2, 3, 4);
        assertThat(got.stream()
                        .filter(d -> d.json().get("envelope_id").asText().equals(b.toString()))
                        .map(d -> d.json().get("n").asInt()))
                .containsExactly(1, 2, 3, 4);
    }

    @Test
    void anEndpointFailingForDaysIsDisabledTheOrganisationIsToldAndEnablingItDeliversTheBacklog() throws Exception {
        String notify = "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        UUID org = accounts.createOrganisation("Failing Org", notify);
        String key = accounts.createApiKey(org, Mode.LIVE);
        StandardWebhooksReceiver receiver = receiver();
        Created endpoint = registered(key, receiver, "/broken");
        UUID envelope = UUID.randomUUID();
        emit(org, Mode.LIVE, envelope, "envelope_completion", 1);
        receiver.failNext(Integer.MAX_VALUE, 500);
        drain();
        assertThat(api.get("/v2/webhook-endpoints/" + endpoint.id(), key)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("ENABLED");
        // Every try has failed for six days.
        jdbc.sql("update webhook_endpoint set failing_since = ? where id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusDays(6), endpoint.id())
                .update();
        makeDue(endpoint.id());
        drain();

        JsonNode disabled =
                api.get("/v2/webhook-endpoints/" + endpoint.id(), key).json();
        assertThat(disabled.get("status").asText()).isEqualTo("DISABLED");
        assertThat(disabled.get("disabled_reason").asText()).isEqualTo("Every delivery failed for 5 days");
        for (int round = 0; round < 100 && mail.dispatchDue() > 0; round++) {
            // deliver the email
        }
        List<MimeMessage> told = Smtp.receivedBy(smtp, notify);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).getSubject())
                .contains("disabled a webhook endpoint")
                .contains(receiver.url("/broken"));
        assertThat(Smtp.part(told.get(0), "text/plain"))
                .hasValueSatisfying(
                        t -> assertThat(t).contains(endpoint.id().toString()).contains("\"status\": \"ENABLED\""));

        // Disabled: nothing is tried, the message waits.
        emit(org, Mode.LIVE, envelope, "envelope_completion", 2);
        receiver.failNext(0, 500);
        int before = receiver.requests();
        makeDue(endpoint.id());
        drain();
        assertThat(receiver.requests()).isEqualTo(before);

        Api.Response enabled = api.patchJson("/v2/webhook-endpoints/" + endpoint.id(), key, "{\"status\":\"ENABLED\"}");
        assertThat(enabled.status()).isEqualTo(200);
        makeDue(endpoint.id());
        drain();
        assertThat(receiver.accepted())
                .extracting(d -> d.json().get("n").asInt())
                .containsExactly(1, 2);
    }

    @Test
    void oneMessageOrEverythingSinceATimeCanBeReplayedWithItsOwnId() throws Exception {
        Tenant tenant = newTenant();
        StandardWebhooksReceiver receiver = receiver();
        Created endpoint = registered(tenant.liveKey(), receiver, "/replay");
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1);
        UUID envelope = UUID.randomUUID();
        emit(tenant.organisationId(), Mode.LIVE, envelope, "signer_completion", 1);
        emit(tenant.organisationId(), Mode.LIVE, envelope, "envelope_completion", 2);
        drain();
        assertThat(receiver.accepted()).hasSize(2);
        StandardWebhooksReceiver.Delivery first = receiver.accepted().get(0);

        Thread.sleep(1100);
        Api.Response one = api.postJson(
                "/v2/webhook-endpoints/" + endpoint.id() + "/replay",
                tenant.liveKey(),
                "{\"webhook_id\":\"" + first.id() + "\"}");
        assertThat(one.status()).isEqualTo(202);
        assertThat(one.json().get("replayed").asInt()).isEqualTo(1);
        drain();
        StandardWebhooksReceiver.Delivery again = receiver.accepted().get(2);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(Long.parseLong(again.timestamp())).isGreaterThan(Long.parseLong(first.timestamp()));

        Api.Response since = api.postJson(
                "/v2/webhook-endpoints/" + endpoint.id() + "/replay",
                tenant.liveKey(),
                "{\"since\":\"" + start + "\"}");
        assertThat(since.json().get("replayed").asInt()).isEqualTo(2);
        drain();
        assertThat(receiver.accepted())
                .extracting(d -> d.json().get("n").asInt())
                .containsExactly(1, 2, 1, 1, 2);
        assertThat(api.postJson(
                                "/v2/webhook-endpoints/" + endpoint.id() + "/replay",
                                tenant.liveKey(),
                                "{\"webhook_id\":\"msg_unknown\"}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void duringARotationBothSecretsSignAndAfterItOnlyTheNewOne() throws Exception {
        Tenant tenant = newTenant();
        StandardWebhooksReceiver receiver = receiver();
        Created endpoint = endpoint(tenant.liveKey(), receiver.url("/rotate"));
        String old = endpoint.secret();
        JsonNode rotated = api.post("/v2/webhook-endpoints/" + endpoint.id() + "/rotate-secret", tenant.liveKey())
                .json();
        String fresh = rotated.get("secret").asText();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
        assertThat(OffsetDateTime.parse(
                        rotated.get("previous_secret_expires_at").asText()))
                .isAfter(OffsetDateTime.now().plusHours(23));

        UUID envelope = UUID.randomUUID();
        receiver.knowSecrets(old);
        emit(tenant.organisationId(), Mode.LIVE, envelope, "signer_completion", 1);
        drain();
        receiver.knowSecrets(fresh);
        emit(tenant.organisationId(), Mode.LIVE, envelope, "signer_completion", 2);
        drain();
        assertThat(receiver.accepted()).hasSize(2);
        assertThat(receiver.accepted().get(0).signature().split(" ")).hasSize(2);

        jdbc.sql("update webhook_endpoint set previous_secret_until = ? where id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), endpoint.id())
                .update();
        receiver.knowSecrets(old);
        emit(tenant.organisationId(), Mode.LIVE, envelope, "signer_completion", 3);
        drain();
        assertThat(receiver.refusals()).containsExactly("no matching signature");
        receiver.knowSecrets(fresh);
        makeDue(endpoint.id());
        drain();
        assertThat(receiver.accepted()).hasSize(3);
        assertThat(receiver.accepted().get(2).signature().split(" ")).hasSize(1);
    }

    /** A destination that passed every check when it was registered, whose name now resolves to loopback. */
    @Test
    void aNameThatResolvesToLoopbackWhenItIsSentIsRefusedInLiveMode() throws Exception {
        Tenant tenant = newTenant();
        StandardWebhooksReceiver receiver = receiver();
        Created endpoint = endpoint(tenant.liveKey(), "https://hooks.example.com:" + receiver.port() + "/rebind");
        receiver.knowSecrets(endpoint.secret());
        dispatcher.resolveWith(host -> {
            if (host.equals("hooks.example.com")) {
                return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            }
            throw new UnknownHostException(host);
        });
        emit(tenant.organisationId(), Mode.LIVE, UUID.randomUUID(), "envelope_completion", 1);
        drain();
        assertThat(receiver.requests()).isZero();
        JsonNode attempt = deliveries(tenant.liveKey(), endpoint.id()).get(0);
        assertThat(attempt.get("error").asText()).contains("private, loopback, link-local or metadata");
        assertThat(attempt.has("status_code")).isFalse();
        // And at registration, what the URL itself says is refused at once.
        for (String url : Set.of(
                "http://hooks.example.com/x",
                "https://169.254.169.254/latest",
                "https://localhost/x",
                "https://10.0.0.1/x")) {
            Api.Response refused = api.postJson(
                    "/v2/webhook-endpoints",
                    tenant.liveKey(),
                    JSON.createObjectNode().put("url", url).toString());
            assertThat(refused.status()).as(url).isEqualTo(422);
            assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("url");
        }
    }

    @Test
    void anEnvelopeThatFailsPreparationSendsUploadErrors() throws Exception {
        Tenant tenant = newTenant();
        StandardWebhooksReceiver receiver = envelopeReceiver(tenant);
        Options options = new Options("Broken").signer("Cy Cole", "cy-wh@example.com", 1);
        ((ObjectNode) options.json().at("/recipients/0/tags/0")).put("page_number", 9);
        notifyAt(options, receiver.url("/errors"), "upload_errors", "envelope_ready");
        Api.Response created = api.createEnvelope(tenant.sandboxKey(), options.toString());
        assertThat(created.status())
                .as("a tag on a missing page is found when the document is prepared: " + created)
                .isEqualTo(202);
        UUID envelope = UUID.fromString(created.json().get("envelope_id").asText());
        runJobs(envelope);
        drain();
        assertThat(status(envelope)).isEqualTo("ERRORED");
        assertThat(receiver.accepted())
                .extracting(StandardWebhooksReceiver.Delivery::event)
                .containsExactly("upload_errors");
        JsonNode body = receiver.accepted().get(0).json();
        assertThat(body.get("status").asText()).isEqualTo("ERRORED");
        assertThat(body.at("/details/errors/0/file_name").asText()).isEqualTo("contract.pdf");
        assertThat(body.at("/details/errors/0/code").asText()).isNotBlank();
    }

    @Test
    void aTagOnAFileNotUploadedIsAcceptedThenSendsUploadErrors() throws Exception {
        Tenant tenant = newTenant();
        StandardWebhooksReceiver receiver = envelopeReceiver(tenant);
        Options options = new Options("No annex").signer("Cy Cole", "cy-annex@example.com", 1);
        ((ObjectNode) options.json().at("/recipients/0/tags/0")).put("file_name", "annex.pdf");
        notifyAt(options, receiver.url("/errors"), "upload_errors");

        Api.Response created = api.createEnvelope(tenant.sandboxKey(), options.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        UUID envelope = UUID.fromString(created.json().get("envelope_id").asText());
        runJobs(envelope);
        drain();

        assertThat(status(envelope)).isEqualTo("ERRORED");
        assertThat(receiver.accepted())
                .extracting(StandardWebhooksReceiver.Delivery::event)
                .containsExactly("upload_errors");
        JsonNode body = receiver.accepted().get(0).json();
        assertThat(body.at("/details/errors/0/file_name").asText()).isEqualTo("annex.pdf");
        assertThat(body.at("/details/errors/0/code").asText()).isEqualTo("NO_FILE_FOR_TAG_ERROR");
    }

    @Test
    void aSandboxKeyFiresAnyEventOfItsEnvelopeOnDemandAndALiveKeyCannot() throws Exception {
        Tenant tenant = newTenant();
        StandardWebhooksReceiver receiver = envelopeReceiver(tenant);
        Options options = new Options("On demand").signer("Di Dunn", "di-demand@example.com", 1);
        notifyAt(options, receiver.url("/demand"), "envelope_completion", "idv_session_completion");
        UUID envelope = create(tenant.sandboxKey(), options.toString());
        runJobs(envelope);
        drain();
        assertThat(receiver.accepted()).isEmpty();

        Api.Response completion =
                api.post("/v2/sandbox/envelopes/" + envelope + "/webhooks/envelope_completion", tenant.sandboxKey());
        Api.Response idv =
                api.post("/v2/sandbox/envelopes/" + envelope + "/webhooks/idv_session_completion", tenant.sandboxKey());
        Api.Response unsubscribed =
                api.post("/v2/sandbox/envelopes/" + envelope + "/webhooks/signer_completion", tenant.sandboxKey());
        Api.Response unknown =
                api.post("/v2/sandbox/envelopes/" + envelope + "/webhooks/envelope_exploded", tenant.sandboxKey());
        Api.Response live =
                api.post("/v2/sandbox/envelopes/" + envelope + "/webhooks/envelope_completion", tenant.liveKey());
        Api.Response stranger = api.post(
                "/v2/sandbox/envelopes/" + envelope + "/webhooks/envelope_completion",
                newTenant().sandboxKey());
        drain();

        assertThat(completion.status()).as(completion.toString()).isEqualTo(202);
        assertThat(idv.status()).as(idv.toString()).isEqualTo(202);
        assertThat(unsubscribed.status()).as(unsubscribed.toString()).isEqualTo(409);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(live.status()).isEqualTo(403);
        assertThat(live.json().get("code").asText()).isEqualTo("SANDBOX_ONLY");
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(receiver.accepted())
                .extracting(StandardWebhooksReceiver.Delivery::event)
                .containsExactly("envelope_completion", "idv_session_completion");
        JsonNode body = receiver.accepted().get(0).json();
        assertThat(body.get("envelope_id").asText()).isEqualTo(envelope.toString());
        assertThat(body.at("/details/recipients/0/email").asText()).isEqualTo("di-demand@example.com");
    }
}
