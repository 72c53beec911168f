package dev.signet.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Api;
import dev.signet.account.Mode;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox is written in the transaction of the step that causes a message, or not at all. */
class OutboxTransactionTest extends DispatchTest {

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate tx;

    @Test
    void aStepThatQueuesAMessageAndThenRollsBackSendsNothing() {
        Tenant tenant = newTenant();
        String address = unique("rollback");
        AtomicReference<UUID> queued = new AtomicReference<>();

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                    queued.set(outbox.queue(message(tenant.organisationId(), address)));
                    throw new IllegalStateException("the step fails after queueing");
                }))
                .hasMessage("the step fails after queueing");

        assertThat(queued.get()).isNotNull();
        assertThat(count("select count(*) from outbox_message where id = ?", queued.get()))
                .isZero();
        dispatcher.dispatchDue();
        assertThat(Smtp.receivedBy(smtp, address)).isEmpty();
    }

    @Test
    void theSameMessageQueuedInACommittedStepIsDelivered() {
        // The control for the rollback test: the message and the dispatcher really do reach GreenMail.
        Tenant tenant = newTenant();
        String address = unique("commit");
        tx.executeWithoutResult(status -> outbox.queue(message(tenant.organisationId(), address)));

        dispatcher.dispatchDue();

        assertThat(Smtp.receivedBy(smtp, address)).hasSize(1);
    }

    @Test
    void queueingOutsideATransactionIsRefused() {
        Tenant tenant = newTenant();
        String address = unique("no-tx");

        assertThatThrownBy(() -> outbox.queue(message(tenant.organisationId(), address)))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThat(count("select count(*) from outbox_message where address = ?", address))
                .isZero();
    }

    @Test
    void aCreateRequestThatFailsValidationLeavesNoEnvelopeAndNoMessage() {
        Tenant tenant = newTenant();
        String valid = unique("valid");
        Options options = new Options("Half valid").signer("Val Id", valid, 1).signer("No Email", "not-an-email", 1);

        Api.Response response = api.createEnvelope(tenant.liveKey(), options.toString());

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.json().get("errors"))
                .anySatisfy(e -> assertThat(e.get("field").asText()).contains("email"));
        assertThat(count("select count(*) from envelope where organisation_id = ?", tenant.organisationId()))
                .isZero();
        assertThat(count("select count(*) from outbox_message where organisation_id = ?", tenant.organisationId()))
                .isZero();
        dispatcher.dispatchDue();
        assertThat(Smtp.receivedBy(smtp, valid)).isEmpty();
    }

    private static OutboundMessage message(UUID organisation, String address) {
        return OutboundMessage.email(
                organisation,
                Mode.LIVE,
                null,
                null,
                "TEST",
                address,
                "Signet tests",
                null,
                new MailComposer.Composed("A test message", "Plain text", "<p>HTML</p>"));
    }

    private int count(String sql, Object param) {
        return jdbc.sql(sql).param(param).query(Integer.class).single();
    }
}
