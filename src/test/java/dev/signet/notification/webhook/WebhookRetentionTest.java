package dev.signet.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Delivered webhooks are erased after their retention; what is still to be sent stays. */
class WebhookRetentionTest extends SignetIntegrationTest {

    @Autowired
    WebhookDispatcher dispatcher;

    @Autowired
    WebhookRetention retention;

    @Autowired
    Webhooks webhooks;

    @Autowired
    TransactionTemplate tx;

    private int rows(String table, String column, UUID endpoint) {
        return jdbc.sql("select count(*) from " + table + " where " + column + " = ?")
                .param(endpoint)
                .query(Integer.class)
                .single();
    }

    private int outboxRows(UUID envelope) {
        return jdbc.sql("select count(*) from outbox_message where envelope_id = ? and channel = 'WEBHOOK'")
                .param(envelope)
                .query(Integer.class)
                .single();
    }

    @Test
    void aDeliveredWebhookIsErasedAfterItsRetentionAndAPendingOneStays() throws Exception {
        Tenant tenant = newTenant();
        try (StandardWebhooksReceiver receiver = new StandardWebhooksReceiver()) {
            ObjectNode body = JSON.createObjectNode().put("url", receiver.url("/hooks"));
            Api.Response created = api.postJson("/v2/webhook-endpoints", tenant.sandboxKey(), body.toString());
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            UUID endpoint = UUID.fromString(created.json().get("id").asText());
            receiver.knowSecrets(created.json().get("secret").asText());
            UUID delivered = UUID.randomUUID();
            UUID later = UUID.randomUUID();
            emit(tenant, delivered);
            for (int round = 0; round < 10 && dispatcher.dispatchDue() > 0; round++) {
                // until nothing is due
            }
            emit(tenant, later);
            assertThat(receiver.accepted()).hasSize(1);
            assertThat(rows("webhook_attempt", "endpoint_id", endpoint)).isEqualTo(1);

            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            assertThat(retention.purgeDeliveredBefore(now.minusDays(30)))
                    .as("delivered moments ago: kept")
                    .isZero();
            jdbc.sql("update outbox_message set sent_at = ? where envelope_id = ?")
                    .params(now.minusDays(31), delivered)
                    .update();
            assertThat(retention.purgeDeliveredBefore(now.minusDays(30))).isEqualTo(1);

            assertThat(outboxRows(delivered)).isZero();
            assertThat(rows("webhook_attempt", "endpoint_id", endpoint)).isZero();
            assertThat(outboxRows(later)).as("not sent yet: kept").isEqualTo(1);
            assertThat(rows("webhook_message", "endpoint_id", endpoint)).isEqualTo(1);
        }
    }

    private void emit(Tenant tenant, UUID envelope) {
        tx.executeWithoutResult(s -> webhooks.emit(new Webhooks.Event(
                tenant.organisationId(),
                Mode.SANDBOX,
                envelope,
                null,
                List.of(),
                "envelope_completion",
                JSON.createObjectNode().put("envelope_id", envelope.toString()))));
    }
}
