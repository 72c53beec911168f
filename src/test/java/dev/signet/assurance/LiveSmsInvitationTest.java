package dev.signet.assurance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.notification.OutboxDispatcher;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * With an SMS provider configured ({@code signet.sms.*}, here the Twilio emulation), a live envelope
 * may ask for SMS invitations: they leave through the outbox to the provider, in E.164. Without one
 * they are refused at create (SMS_NOT_AVAILABLE, CreateEnvelopeValidationSliceTest). Shares its context
 * with the other tests of a configured provider ({@link WithSmsProvider}).
 */
class LiveSmsInvitationTest extends WithSmsProvider {

    @Autowired
    OutboxDispatcher dispatcher;

    @Test
    void aLiveSmsInvitationIsAcceptedAndLeavesThroughTheProvider() {
        Tenant tenant = newTenant();
        Options options = new Options("Texted lease").signer("Ann Adams", "ann-sms@example.com", 1);
        ((ObjectNode) options.json().at("/recipients/0"))
                .put("iso_country_code", "GB")
                .put("mobile_number", "07400 123456")
                .putArray("event_notifications")
                .add("signer_invitation")
                .add("signer_invitation_sms");

        Api.Response created = api.createEnvelope(tenant.liveKey(), options.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        UUID envelope = UUID.fromString(created.json().get("envelope_id").asText());
        runJobs(envelope);
        for (int round = 0; round < 20 && TWILIO.sent().isEmpty(); round++) {
            dispatcher.dispatchDue();
        }

        assertThat(TWILIO.sent()).singleElement().satisfies(message -> {
            assertThat(message.to()).isEqualTo("+447400123456");
            assertThat(message.from()).isEqualTo(FROM);
            assertThat(message.body()).contains("/sign/");
        });
        assertThat(outbox(envelope).stream()
                        .filter(m -> m.channel().equals("SMS"))
                        .map(Message::status))
                .containsExactly("SENT");
    }
}
