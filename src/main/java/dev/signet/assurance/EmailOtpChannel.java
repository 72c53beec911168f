package dev.signet.assurance;

import dev.signet.notification.Channel;
import dev.signet.notification.EnvelopeMessage;
import dev.signet.notification.Notifications;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** The code by email (templates mail/otp.*), composed and sent like every other mail of the envelope. */
@Component
class EmailOtpChannel implements OtpChannel {

    private final Notifications notifications;

    EmailOtpChannel(Notifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public String queue(OtpRecipient r, String address, String code, Duration validFor) {
        notifications.send(new EnvelopeMessage.OtpEmail(
                r.about(), new EnvelopeMessage.To(r.recipientId(), address, r.name()), code, validFor.toMinutes()));
        return masked(address);
    }

    /** {@code j•••@example.com}: enough for the recipient to know which inbox to look in. */
    static String masked(String email) {
        int at = email.lastIndexOf('@');
        if (at <= 0) {
            return "•••";
        }
        return email.charAt(0) + "•••" + email.substring(at);
    }
}
