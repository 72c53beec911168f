package dev.signet.assurance;

import dev.signet.notification.Channel;
import dev.signet.notification.EnvelopeMessage;
import dev.signet.notification.Notifications;
import dev.signet.notification.PhoneNumbers;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The code by SMS: an outbox row the dispatcher hands to the SMS provider ({@code notification.TwilioSmsClient}),
 * or keeps, for sandbox keys and in embedded mode. The text is short and starts with the code, so
 * phones can offer it for auto-fill.
 */
@Component
class SmsOtpChannel implements OtpChannel {

    private final Notifications notifications;

    SmsOtpChannel(Notifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public String queue(OtpRecipient r, String e164, String code, Duration validFor) {
        notifications.send(new EnvelopeMessage.OtpSms(r.about(), r.recipientId(), e164, code, validFor.toMinutes()));
        return PhoneNumbers.masked(e164);
    }
}
