package dev.signet.notification;

import dev.signet.notification.EnvelopeMessage.About;
import dev.signet.notification.EnvelopeMessage.To;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every message about an envelope is composed here: callers say what happened and to whom
 * ({@link EnvelopeMessage}), this picks the template and subject, renders them and queues the result
 * in the {@link Outbox}.
 */
@Service
public class Notifications {

    private static final DateTimeFormatter EXPIRY =
            DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH);

    /** The outbox kind of a one-time password, by email or SMS. */
    public static final String OTP = "OTP";

    private final MailComposer mail;
    private final Outbox outbox;
    private final MessageSource texts;

    Notifications(MailComposer mail, Outbox outbox, MessageSource texts) {
        this.mail = mail;
        this.outbox = outbox;
        this.texts = texts;
    }

    /**
     * Composes the message and queues it in the caller's transaction, so a step that rolls back
     * sends nothing.
     * @return the outbox row's id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID send(EnvelopeMessage message) {
        return outbox.queue(compose(message));
    }

    /**
     * An email about a person's own account rather than an envelope (a portal invitation, a password
     * reset): template {@code mail/<kind>.html|txt}, subject {@code mail.<kind>.subject} with the
     * organisation's name as {0}. Live, so it is delivered wherever live mail is; queued in the
     * caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID sendAccountEmail(
            UUID organisationId,
            String organisationName,
            String kind,
            String address,
            Map<String, Object> facts,
            Locale locale) {
        Map<String, Object> model = new HashMap<>(facts);
        model.put("organisationName", organisationName);
        MailComposer.Composed composed = mail.compose(kind, model, new Object[] {organisationName}, locale);
        return outbox.queue(OutboundMessage.email(
                organisationId,
                dev.signet.account.Mode.LIVE,
                null,
                null,
                kind,
                address,
                organisationName,
                null,
                composed));
    }

    OutboundMessage compose(EnvelopeMessage message) {
        About about = message.about();
        if (message instanceof EnvelopeMessage.InvitationSms sms) {
            String text = about.senderName() + " asks you to sign \"" + about.envelopeName() + "\": " + sms.link();
            return new OutboundMessage(
                    about.organisationId(),
                    about.mode(),
                    about.envelopeId(),
                    sms.recipientId(),
                    Channel.SMS,
                    "INVITATION",
                    sms.mobileNumber(),
                    null,
                    null,
                    null,
                    text,
                    null);
        }
        if (message instanceof EnvelopeMessage.OtpSms sms) {
            String text = texts.getMessage(
                    "otp.sms.text", new Object[] {sms.code(), about.envelopeName(), sms.minutes()}, about.locale());
            return new OutboundMessage(
                    about.organisationId(),
                    about.mode(),
                    about.envelopeId(),
                    sms.recipientId(),
                    Channel.SMS,
                    OTP,
                    sms.e164(),
                    null,
                    null,
                    null,
                    text,
                    null);
        }
        Map<String, Object> facts = new HashMap<>();
        if (message instanceof EnvelopeMessage.OtpEmail m) {
            facts.put("code", m.code());
            facts.put("minutes", m.minutes());
            return email(about, OTP, m.to(), facts);
        }
        if (message instanceof EnvelopeMessage.Invitation m) {
            facts.put("message", m.message());
            facts.put("link", m.link());
            facts.put("expiresAt", EXPIRY.format(m.expiresAt()));
            return email(about, "INVITATION", m.to(), facts);
        }
        if (message instanceof EnvelopeMessage.WitnessInvitation m) {
            facts.put("signerName", m.signerName());
            facts.put("link", m.link());
            facts.put("expiresAt", EXPIRY.format(m.expiresAt()));
            return email(about, "WITNESS_INVITATION", m.to(), facts);
        }
        if (message instanceof EnvelopeMessage.WitnessNamed m) {
            facts.put("witnessName", m.witnessName());
            facts.put("witnessEmail", m.witnessEmail());
            facts.put("link", m.link());
            facts.put("expiresAt", EXPIRY.format(m.expiresAt()));
            return email(about, "WITNESS_NAMED", m.to(), facts);
        }
        if (message instanceof EnvelopeMessage.Reminder m) {
            facts.put("link", m.link());
            facts.put("expiresAt", EXPIRY.format(m.expiresAt()));
            return email(about, "REMINDER", m.to(), facts);
        }
        if (message instanceof EnvelopeMessage.Declined m) {
            facts.put("declinerName", m.declinerName());
            facts.put("reason", m.reason());
            return email(about, "DECLINED", m.to(), facts);
        }
        if (message instanceof EnvelopeMessage.Completion m) {
            facts.put("packAttached", m.packAttached());
            return email(about, "COMPLETION", m.to(), facts);
        }
        if (message instanceof EnvelopeMessage.CompletionToSender m) {
            facts.put("packAttached", m.packAttached());
            facts.put("envelopeId", about.envelopeId().toString());
            return email(about, "COMPLETION_SENDER", m.to(), facts);
        }
        if (message instanceof EnvelopeMessage.Archived m) {
            return email(about, "ARCHIVED", m.to(), facts);
        }
        throw new IllegalArgumentException(
                "No composition for " + message.getClass().getSimpleName());
    }

    /** An email of {@code kind}, sent under the envelope's sender name and reply-to. */
    private OutboundMessage email(About about, String kind, To to, Map<String, Object> facts) {
        Map<String, Object> model = new HashMap<>(facts);
        model.put("envelopeName", about.envelopeName());
        model.put("recipientName", to.name());
        model.put("senderName", about.senderName());
        MailComposer.Composed composed =
                mail.compose(kind, model, new Object[] {about.envelopeName(), about.senderName()}, about.locale());
        return OutboundMessage.email(
                about.organisationId(),
                about.mode(),
                about.envelopeId(),
                to.recipientId(),
                kind,
                to.address(),
                about.senderName(),
                about.replyTo(),
                composed);
    }
}
