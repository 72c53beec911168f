package dev.signet.assurance;

import dev.signet.notification.Channel;
import dev.signet.notification.MailComposer;
import dev.signet.notification.OutboundMessage;
import dev.signet.notification.Outbox;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The code by email (templates mail/otp.*), sent like every other mail of the envelope. */
@Component
class EmailOtpChannel implements OtpChannel {

    static final String KIND = "OTP";

    private final Outbox outbox;
    private final MailComposer composer;

    EmailOtpChannel(Outbox outbox, MailComposer composer) {
        this.outbox = outbox;
        this.composer = composer;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public String queue(OtpRecipient r, String address, String code, Duration validFor) {
        MailComposer.Composed mail = composer.compose(KIND, Map.of("recipientName", r.name(), "envelopeName",
                r.envelopeName(), "code", code, "minutes", validFor.toMinutes()), new Object[] {r.envelopeName()},
                r.locale());
        outbox.queue(OutboundMessage.email(r.organisationId(), r.mode(), r.envelopeId(), r.recipientId(), KIND, address,
                r.senderName(), null, mail));
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
