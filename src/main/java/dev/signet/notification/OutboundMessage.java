package dev.signet.notification;

import dev.signet.account.Mode;
import java.util.UUID;

/**
 * Something to deliver. {@code kind} names why it is sent (INVITATION, REMINDER, COMPLETION, ARCHIVED…);
 * {@code recipientId} ties delivery results back to a recipient, when there is one.
 */
public record OutboundMessage(
        UUID organisationId,
        Mode mode,
        UUID envelopeId,
        UUID recipientId,
        Channel channel,
        String kind,
        String address,
        String fromName,
        String replyTo,
        String subject,
        String text,
        String html) {

    /** An email to one address, sent with the envelope's own sender name and reply-to. */
    static OutboundMessage email(
            UUID organisationId,
            Mode mode,
            UUID envelopeId,
            UUID recipientId,
            String kind,
            String address,
            String fromName,
            String replyTo,
            MailComposer.Composed mail) {
        return new OutboundMessage(
                organisationId,
                mode,
                envelopeId,
                recipientId,
                Channel.EMAIL,
                kind,
                address,
                fromName,
                replyTo,
                mail.subject(),
                mail.text(),
                mail.html());
    }
}
