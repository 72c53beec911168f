package dev.signet.notification;

import dev.signet.SignetProperties;
import dev.signet.account.Mode;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers due outbox rows. A row is claimed with a short lease before it is sent, so several
 * Signet nodes can run dispatchers on one database without sending a message twice; a failed
 * attempt is retried with exponential back-off until {@code signet.outbox.max-attempts}.
 * Sandbox messages, and every message in embedded mode, are kept rather than sent: the outbox
 * is their mailbox.
 */
@Component
public class OutboxDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    /** A signing link's path, {@code /sign/<token>}, as signing links are written into messages. */
    private static final Pattern SIGNING_LINK = Pattern.compile("/sign/[A-Za-z0-9_-]+");
    /** A portal link that sets a password (invitation, reset), {@code /portal/password/<token>}. */
    private static final Pattern PASSWORD_LINK = Pattern.compile("/portal/password/[A-Za-z0-9_-]+");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ObjectProvider<JavaMailSender> mailSender;
    private final ApplicationEventPublisher events;
    private final SignetProperties properties;
    private final ObjectProvider<MessageAttachments> attachments;
    private final ObjectProvider<SmsSender> smsSender;

    OutboxDispatcher(
            JdbcClient jdbc,
            TransactionTemplate tx,
            ObjectProvider<JavaMailSender> mailSender,
            ApplicationEventPublisher events,
            SignetProperties properties,
            ObjectProvider<MessageAttachments> attachments,
            ObjectProvider<SmsSender> smsSender) {
        this.attachments = attachments;
        this.smsSender = smsSender;
        this.jdbc = jdbc;
        this.tx = tx;
        this.mailSender = mailSender;
        this.events = events;
        this.properties = properties;
    }

    private record Due(
            UUID id,
            String mode,
            UUID envelopeId,
            UUID recipientId,
            String channel,
            String kind,
            String address,
            String fromName,
            String replyTo,
            String subject,
            String text,
            String html,
            int attempts) {}

    @Scheduled(fixedDelayString = "${signet.outbox.poll-interval:1s}")
    void poll() {
        if (properties.outbox().schedule()) {
            // A full batch means more is waiting: go on, for at most one poll interval, so the
            // outbox keeps up with more than batch-size messages a second (two invitations per
            // envelope at 100 envelopes/s) instead of falling further behind every second.
            long deadline =
                    System.nanoTime() + properties.outbox().pollInterval().toNanos();
            while (dispatchDue() >= properties.outbox().batchSize() && System.nanoTime() < deadline) {
                // next batch
            }
        }
    }

    /** Delivers what is due now; returns how many messages it handled. */
    public int dispatchDue() {
        Map<Boolean, List<Due>> kept = findDue().stream().collect(Collectors.partitioningBy(this::kept));
        int handled = keep(kept.get(true));
        for (Due due : kept.get(false)) {
            if (claim(due)) {
                deliver(due);
                handled++;
            }
        }
        return handled;
    }

    private List<Due> findDue() {
        OffsetDateTime now = now();
        return jdbc.sql("""
                        select id, mode, envelope_id, recipient_id, channel, kind, address, from_name, reply_to, subject, body_text, body_html, attempts
                        from outbox_message
                        where status = 'PENDING' and next_attempt_at <= ? and (claimed_until is null or claimed_until < ?)
                          and channel <> 'WEBHOOK'
                        order by next_attempt_at limit ?""")
                .params(now, now, properties.outbox().batchSize())
                .query((rs, n) -> new Due(
                        rs.getObject("id", UUID.class),
                        rs.getString("mode"),
                        rs.getObject("envelope_id", UUID.class),
                        rs.getObject("recipient_id", UUID.class),
                        rs.getString("channel"),
                        rs.getString("kind"),
                        rs.getString("address"),
                        rs.getString("from_name"),
                        rs.getString("reply_to"),
                        rs.getString("subject"),
                        rs.getString("body_text"),
                        rs.getString("body_html"),
                        rs.getInt("attempts")))
                .list();
    }

    /**
     * Takes the row for this attempt only if no one has tried it since we read it: another
     * dispatcher that just failed to send it has released the lease but counted the attempt, and
     * the back-off it set must hold.
     */
    private boolean claim(Due due) {
        OffsetDateTime now = now();
        return jdbc.sql("""
                        update outbox_message set claimed_until = ?
                        where id = ? and status = 'PENDING' and attempts = ? and (claimed_until is null or claimed_until < ?)""")
                        .params(now.plus(properties.outbox().lease()), due.id(), due.attempts(), now)
                        .update()
                == 1;
    }

    /** Sandbox mail, and all mail when delivery is off, stays in the outbox: it is the mailbox. */
    private boolean kept(Due due) {
        return !properties.mail().deliver() || Mode.fromDb(due.mode()) == Mode.SANDBOX;
    }

    /**
     * Marks kept messages as handled, each in one conditional update: nothing leaves, so no lease is
     * needed, only the same guard as a claim (still pending, not attempted since we read it). A
     * batch is one transaction, one commit instead of one a message; as nothing is sent, a batch
     * that fails leaves every message pending, to be kept at the next poll.
     *
     * @return how many of them this dispatcher marked
     */
    private int keep(List<Due> kept) {
        if (kept.isEmpty()) {
            return 0;
        }
        Integer marked = tx.execute(status -> {
            OffsetDateTime now = now();
            int mine = 0;
            for (Due due : kept) {
                if (jdbc.sql("""
                                update outbox_message set status = 'KEPT', attempts = attempts + 1, last_error = null,
                                  claimed_until = null, sent_at = ?
                                where id = ? and status = 'PENDING' and attempts = ? and (claimed_until is null or claimed_until < ?)""").params(now, due.id(), due.attempts(), now).update() == 1) {
                    recorded(due, "KEPT");
                    mine++;
                }
            }
            return mine;
        });
        return marked == null ? 0 : marked;
    }

    private void deliver(Due due) {
        Optional<String> failure = send(due);
        tx.executeWithoutResult(status -> {
            if (failure.isEmpty()) {
                record(due, "SENT", null, null);
            } else if (due.attempts() + 1 >= properties.outbox().maxAttempts()) {
                record(due, "FAILED", failure.get(), null);
            } else {
                record(due, "PENDING", failure.get(), now().plus(backoff(due.attempts() + 1)));
            }
        });
    }

    private void record(Due due, String status, String error, OffsetDateTime nextAttempt) {
        boolean done = !"PENDING".equals(status);
        boolean liveSent = "SENT".equals(status);
        boolean failed = "FAILED".equals(status);
        jdbc.sql("""
                update outbox_message set status = ?, attempts = attempts + 1, last_error = ?, claimed_until = null,
                  next_attempt_at = coalesce(?, next_attempt_at), sent_at = ?,
                  body_text = case when ? then null when ? then ? else body_text end,
                  body_html = case when ? then null when ? then ? else body_html end
                where id = ?""")
                // A delivered live message carries a signing link: once it has left, we keep no copy of it.
                // One that failed for good stays readable for whoever looks into why, without a usable link.
                .params(
                        status,
                        error,
                        nextAttempt,
                        done ? now() : null,
                        liveSent,
                        failed,
                        withoutSigningLinks(due.text()),
                        liveSent,
                        failed,
                        withoutSigningLinks(due.html()),
                        due.id())
                .update();
        recorded(due, status);
    }

    /**
     * The body with every signing link's token cut out. The token itself stays valid: the recipient
     * may still be reached another way (a new invitation after the sender corrects the address, a
     * reminder, a renewed link), and only the copy we keep must not be a way in.
     */
    static String withoutSigningLinks(String body) {
        if (body == null) {
            return null;
        }
        String withoutSigning = SIGNING_LINK.matcher(body).replaceAll("/sign/[link removed: delivery failed]");
        return PASSWORD_LINK.matcher(withoutSigning).replaceAll("/portal/password/[link removed: delivery failed]");
    }

    /** Tells the recipient's row how delivery went: once it is final, and after the first failed try. */
    private void recorded(Due due, String status) {
        boolean done = !"PENDING".equals(status);
        if (due.recipientId() != null && (done || due.attempts() == 0)) {
            // A kept (sandbox) message never left: of the reference's values (QUEUED, SENT, DELIVERED,
            // BOUNCED) only QUEUED says so; SENT would tell the integrator a mail reached a server.
            String recipientStatus = switch (status) {
                case "KEPT" -> "QUEUED";
                case "SENT" -> "SENT";
                case "FAILED" -> "FAILED";
                default -> "RETRYING";
            };
            events.publishEvent(new DeliveryRecorded(
                    due.recipientId(), Channel.valueOf(due.channel()), due.kind(), recipientStatus));
        }
    }

    private Optional<String> send(Due due) {
        if ("SMS".equals(due.channel())) {
            return sendSms(due);
        }
        if (!"EMAIL".equals(due.channel())) {
            return Optional.of("No " + due.channel() + " provider is configured");
        }
        JavaMailSender sender = mailSender.getIfAvailable();
        if (sender == null) {
            return Optional.of("No SMTP server is configured");
        }
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            InternetAddress from = new InternetAddress(properties.mail().from());
            if (due.fromName() != null) {
                from.setPersonal(due.fromName(), "UTF-8");
            }
            helper.setFrom(from);
            if (due.replyTo() != null) {
                helper.setReplyTo(due.replyTo());
            }
            helper.setTo(due.address());
            helper.setSubject(due.subject());
            helper.setText(due.text(), due.html());
            MessageAttachments files = attachments.getIfAvailable();
            if (files != null && due.envelopeId() != null) {
                for (MessageAttachments.Attachment file : files.forMessage(due.envelopeId(), due.kind())) {
                    helper.addAttachment(file.fileName(), new ByteArrayResource(file.content()), file.contentType());
                }
            }
            message.setHeader("X-Signet-Message-Id", due.id().toString());
            // Delivery is at least once: a node that dies after the SMTP server took a message but
            // before the row says SENT leaves it to be sent again. Both copies then carry the same
            // Message-ID, which mail systems and clients treat as one message. (JavaMailSender keeps
            // an explicit Message-ID instead of generating one.)
            message.setHeader("Message-ID", messageId(due.id(), from));
            sender.send(message);
            return Optional.empty();
        } catch (Exception e) {
            // The message text is deliberately not logged: it holds an address and a signing link.
            log.warn(
                    "Delivery of outbox message {} failed (attempt {}): {}",
                    due.id(),
                    due.attempts() + 1,
                    e.getClass().getSimpleName());
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Optional.of(reason.length() > 900 ? reason.substring(0, 900) : reason);
        }
    }

    /** A refused number is not retried by the provider's client; the outbox's own back-off still applies. */
    private Optional<String> sendSms(Due due) {
        SmsSender sms = smsSender.getIfAvailable();
        if (sms == null || !sms.configured()) {
            return Optional.of("No SMS provider is configured");
        }
        try {
            sms.send(due.address(), due.text());
            return Optional.empty();
        } catch (SmsSender.NotSent e) {
            // Neither the number nor the text is logged: the text may hold a one-time password.
            log.warn(
                    "SMS of outbox message {} not sent (attempt {}, permanent: {})",
                    due.id(),
                    due.attempts() + 1,
                    e.permanent());
            return Optional.of(e.getMessage());
        }
    }

    static String messageId(UUID outboxId, InternetAddress from) {
        String address = from.getAddress();
        return "<" + outboxId + "@" + address.substring(address.indexOf('@') + 1) + ">";
    }

    private Duration backoff(int attempt) {
        Duration delay = properties.outbox().firstRetry().multipliedBy(1L << Math.min(attempt - 1, 16));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
