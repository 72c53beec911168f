package dev.signet.assurance;

import dev.signet.notification.Channel;
import dev.signet.notification.OutboundMessage;
import dev.signet.notification.Outbox;
import java.time.Duration;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The code by SMS: an outbox row the dispatcher hands to the SMS provider ({@link TwilioSmsClient}),
 * or keeps, for sandbox keys and in embedded mode. The text is short and starts with the code, so
 * phones can offer it for auto-fill.
 */
@Component
class SmsOtpChannel implements OtpChannel {

    private final Outbox outbox;
    private final MessageSource messages;

    SmsOtpChannel(Outbox outbox, MessageSource messages) {
        this.outbox = outbox;
        this.messages = messages;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public String queue(OtpRecipient r, String e164, String code, Duration validFor) {
        String text = messages.getMessage("otp.sms.text", new Object[] {code, r.envelopeName(), validFor.toMinutes()},
                r.locale());
        outbox.queue(new OutboundMessage(r.organisationId(), r.mode(), r.envelopeId(), r.recipientId(), Channel.SMS,
                EmailOtpChannel.KIND, e164, null, null, null, text, null));
        return PhoneNumbers.masked(e164);
    }
}
