package dev.signet.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Webhook secrets at rest (issue 14): the database holds them sealed, never as they are, and
 * deliveries still verify with a receiver written from the Standard Webhooks specification; rows
 * written in plain before sealing began are sealed at start and keep signing with the same secret.
 * Assertions on the raw rows read them with plain SQL.
 */
class WebhookSecretsAtRestTest extends SignetIntegrationTest {

    @Autowired
    WebhookDispatcher dispatcher;

    @Autowired
    Webhooks webhooks;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ApplicationContext context;

    private final List<StandardWebhooksReceiver> receivers = new ArrayList<>();

    @AfterEach
    void stopReceivers() {
        receivers.forEach(StandardWebhooksReceiver::close);
    }

    private StandardWebhooksReceiver receiver() throws Exception {
        StandardWebhooksReceiver r = new StandardWebhooksReceiver();
        receivers.add(r);
        return r;
    }

    private void drain() {
        for (int round = 0; round < 50 && dispatcher.dispatchDue() > 0; round++) {
            // next round
        }
    }

    private void emit(UUID organisation, UUID envelope, int n) {
        tx.executeWithoutResult(s -> webhooks.emit(new Webhooks.Event(
                organisation,
                Mode.LIVE,
                envelope,
                null,
                List.of(),
                "signer_completion",
                JSON.createObjectNode().put("envelope_id", envelope.toString()).put("n", n))));
    }

    /** Every value of the row, as text: the secret must be in none of them, nor its key bytes' base64. */
    private String rawRow(String table, String where, Object... params) {
        return jdbc.sql("select * from " + table + " where " + where)
                .params(params)
                .query((rs, n) -> {
                    StringBuilder all = new StringBuilder();
                    for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                        all.append(rs.getString(c)).append('|');
                    }
                    return all.toString();
                })
                .single();
    }

    private static String keyPart(String secret) {
        return secret.substring(WebhookSignature.PREFIX.length());
    }

    @Test
    void theDatabaseNeverHoldsASecretAndDeliveriesStillVerify() throws Exception {
        Tenant tenant = newTenant();
        StandardWebhooksReceiver receiver = receiver();
        JsonNode created = api.postJson(
                        "/v2/webhook-endpoints",
                        tenant.liveKey(),
                        JSON.createObjectNode()
                                .put("url", receiver.url("/sealed"))
                                .toString())
                .json();
        UUID endpoint = UUID.fromString(created.get("id").asText());
        String first = created.get("secret").asText();
        assertThat(rawRow("webhook_endpoint", "id = ?", endpoint))
                .doesNotContain(first)
                .doesNotContain(keyPart(first))
                .contains("|sb1:");

        UUID envelope = UUID.randomUUID();
        receiver.knowSecrets(first);
        emit(tenant.organisationId(), envelope, 1);
        drain();
        assertThat(receiver.accepted()).hasSize(1);

        String second = api.post("/v2/webhook-endpoints/" + endpoint + "/rotate-secret", tenant.liveKey())
                .json()
                .get("secret")
                .asText();
        String row = rawRow("webhook_endpoint", "id = ?", endpoint);
        assertThat(row)
                .doesNotContain(keyPart(first))
                .doesNotContain(keyPart(second))
                .as("both the secret and the previous one sealed")
                .containsPattern("\\|sb1:[^|]+\\|sb1:[^|]+\\|");
        receiver.knowSecrets(first);
        emit(tenant.organisationId(), envelope, 2);
        drain();
        receiver.knowSecrets(second);
        emit(tenant.organisationId(), envelope, 3);
        drain();
        assertThat(receiver.accepted()).hasSize(3);
        assertThat(receiver.accepted().get(2).signature().split(" "))
                .as("the new and the previous secret sign during the overlap")
                .hasSize(2);
        assertThat(receiver.refusals()).isEmpty();

        String envelopeSecret = api.post("/v2/webhook-endpoints/envelope-secret", tenant.liveKey())
                .json()
                .get("secret")
                .asText();
        String rotatedEnvelopeSecret = api.post("/v2/webhook-endpoints/envelope-secret", tenant.liveKey())
                .json()
                .get("secret")
                .asText();
        assertThat(rawRow(
                        "webhook_signing_secret",
                        "organisation_id = ? and mode = ?",
                        tenant.organisationId(),
                        Mode.LIVE.dbValue()))
                .doesNotContain(keyPart(envelopeSecret))
                .doesNotContain(keyPart(rotatedEnvelopeSecret))
                .containsPattern("\\|sb1:[^|]+\\|sb1:[^|]+\\|");
    }

    /** An envelope's own destination, signed with the organisation's envelope secret, also after it is rotated. */
    @Test
    void anEnvelopeDestinationIsSignedWithTheSealedEnvelopeSecret() throws Exception {
        Tenant tenant = newTenant();
        String secret = api.post("/v2/webhook-endpoints/envelope-secret", tenant.sandboxKey())
                .json()
                .get("secret")
                .asText();
        StandardWebhooksReceiver receiver = receiver();
        receiver.knowSecrets(secret);
        UUID envelope = UUID.randomUUID();
        tx.executeWithoutResult(s -> webhooks.emit(new Webhooks.Event(
                tenant.organisationId(),
                Mode.SANDBOX,
                envelope,
                receiver.url("/own"),
                List.of("envelope_completion"),
                "envelope_completion",
                JSON.createObjectNode().put("envelope_id", envelope.toString()))));
        drain();
        assertThat(receiver.accepted()).hasSize(1);
        assertThat(receiver.refusals()).isEmpty();
    }

    /**
     * Rows written before sealing began hold their secrets in plain. They still sign (a read takes a
     * plain value as it is), the start-up sealing seals them, and the same secrets keep signing.
     */
    @Test
    void plainRowsFromBeforeAreSealedAtStartAndKeepTheirSecrets() throws Exception {
        Tenant tenant = newTenant();
        StandardWebhooksReceiver receiver = receiver();
        UUID endpoint = UUID.fromString(api.postJson(
                        "/v2/webhook-endpoints",
                        tenant.liveKey(),
                        JSON.createObjectNode()
                                .put("url", receiver.url("/legacy"))
                                .toString())
                .json()
                .get("id")
                .asText());
        String current = WebhookSignature.newSecret();
        String previous = WebhookSignature.newSecret();
        jdbc.sql("update webhook_endpoint set secret = ?, previous_secret = ?, previous_secret_until = ? where id = ?")
                .params(current, previous, OffsetDateTime.now(ZoneOffset.UTC).plusHours(1), endpoint)
                .update();
        String envelopeSecret = WebhookSignature.newSecret();
        jdbc.sql("insert into webhook_signing_secret (organisation_id, mode, secret, created_at) values (?, ?, ?, ?)")
                .params(tenant.organisationId(), Mode.LIVE.dbValue(), envelopeSecret, OffsetDateTime.now())
                .update();

        UUID envelope = UUID.randomUUID();
        receiver.knowSecrets(previous);
        emit(tenant.organisationId(), envelope, 1);
        drain();
        assertThat(receiver.accepted()).as("a plain row still signs").hasSize(1);

        context.getBean("secretSealing", SmartInitializingSingleton.class).afterSingletonsInstantiated();

        assertThat(rawRow("webhook_endpoint", "id = ?", endpoint))
                .doesNotContain(keyPart(current))
                .doesNotContain(keyPart(previous))
                .containsPattern("\\|sb1:[^|]+\\|sb1:[^|]+\\|");
        assertThat(rawRow(
                        "webhook_signing_secret",
                        "organisation_id = ? and mode = ?",
                        tenant.organisationId(),
                        Mode.LIVE.dbValue()))
                .doesNotContain(keyPart(envelopeSecret))
                .contains("|sb1:");
        for (String secret : List.of(current, previous)) {
            receiver.knowSecrets(secret);
            emit(tenant.organisationId(), envelope, 2);
            drain();
        }
        assertThat(receiver.accepted())
                .as("the same two secrets sign after sealing")
                .hasSize(3);
        assertThat(receiver.accepted().get(2).signature().split(" ")).hasSize(2);

        StandardWebhooksReceiver own = receiver();
        own.knowSecrets(envelopeSecret);
        tx.executeWithoutResult(s -> webhooks.emit(new Webhooks.Event(
                tenant.organisationId(),
                Mode.LIVE,
                envelope,
                own.url("/own"),
                List.of("signer_completion"),
                "signer_completion",
                JSON.createObjectNode().put("envelope_id", envelope.toString()))));
        drain();
        assertThat(own.accepted())
                .as("the sealed envelope secret signs as before")
                .hasSize(1);
        assertThat(receiver.refusals()).isEmpty();
        assertThat(own.refusals()).isEmpty();
    }
}
