package dev.signet.assurance;

import dev.signet.SignetProperties;
import dev.signet.account.Mode;
import dev.signet.envelope.AuditTrail;
import dev.signet.notification.Channel;
import dev.signet.notification.PhoneNumbers;
import dev.signet.notification.SmsProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One-time passwords for recipients (reference 4.2; the numbers are design/api.md's): 6 digits,
 * valid 10 minutes, single use, 5 tries per code, at most 5 codes per recipient an hour. A new code
 * ends the previous one. Codes are stored only as keyed hashes ({@link OtpCodes}) and leave through
 * the outbox, by SMS when the recipient has a mobile number and SMS can be delivered, by email
 * otherwise. Each send, failure, pass and lock-out is an audit event of the envelope (never the code).
 */
@Service
public class OtpService {

    static final Duration VALID_FOR = Duration.ofMinutes(10);
    static final int MAX_TRIES = 5;
    static final int MAX_SENDS = 5;
    static final Duration SEND_WINDOW = Duration.ofHours(1);

    private final OtpStore store;
    private final OtpCodes codes;
    private final Map<Channel, OtpChannel> channels = new EnumMap<>(Channel.class);
    private final SignetProperties properties;
    private final SmsProperties sms;
    private final AuditTrail audit;
    private final Clock clock;

    @Autowired
    OtpService(
            OtpStore store,
            OtpCodes codes,
            List<OtpChannel> channels,
            SignetProperties properties,
            SmsProperties sms,
            AuditTrail audit) {
        this(store, codes, channels, properties, sms, audit, Clock.systemUTC());
    }

    /** With a clock of the caller's: tests move time instead of waiting for it. */
    OtpService(
            OtpStore store,
            OtpCodes codes,
            List<OtpChannel> channels,
            SignetProperties properties,
            SmsProperties sms,
            AuditTrail audit,
            Clock clock) {
        this.store = store;
        this.codes = codes;
        channels.forEach(c -> this.channels.put(c.channel(), c));
        this.properties = properties;
        this.sms = sms;
        this.audit = audit;
        this.clock = clock;
    }

    /** Sends the recipient a new code, unless a rule says no; the outcome says which. */
    @Transactional
    public OtpSendOutcome send(OtpRecipient recipient) {
        store.lockEnvelope(recipient.envelopeId());
        Instant now = clock.instant();
        List<Instant> recent = store.sentSince(recipient.recipientId(), now.minus(SEND_WINDOW));
        if (recent.size() >= MAX_SENDS) {
            Instant retryAt = recent.get(recent.size() - MAX_SENDS).plus(SEND_WINDOW);
            boolean lastCodeWorks = store.newest(recipient.recipientId())
                    .filter(row -> row.usedAt() == null && row.attempts() < MAX_TRIES && now.isBefore(row.expiresAt()))
                    .isPresent();
            return refused(recipient, new OtpSendOutcome.RateLimited(retryAt, lastCodeWorks));
        }
        Routing routing = route(recipient);
        if (routing instanceof Refusal refusal) {
            return refused(recipient, refusal.outcome());
        }
        Route route = (Route) routing;
        UUID id = UUID.randomUUID();
        String code = codes.newCode();
        store.supersedeOpen(recipient.recipientId(), now);
        store.insert(
                id, recipient.recipientId(), route.channel().name(), codes.hash(id, code), now, now.plus(VALID_FOR));
        String shown = channels.get(route.channel()).queue(recipient, route.address(), code, VALID_FOR);
        audit.record(
                recipient.envelopeId(),
                "otp_sent",
                actor(recipient.recipientId()),
                Map.of("channel", route.channel().name()));
        return new OtpSendOutcome.Sent(route.channel(), shown, now.plus(VALID_FOR), MAX_SENDS - recent.size() - 1);
    }

    /**
     * Checks what the recipient entered against their newest code. A try is taken before the
     * comparison, so requests at once get no more than {@value #MAX_TRIES} comparisons per code.
     */
    @Transactional
    public OtpCheckOutcome check(UUID envelopeId, UUID recipientId, String entered) {
        Optional<OtpStore.Row> newest = store.newest(recipientId);
        if (newest.isEmpty()) {
            return new OtpCheckOutcome.NoCode();
        }
        OtpStore.Row row = newest.get();
        Instant now = clock.instant();
        if (row.usedAt() != null) {
            return new OtpCheckOutcome.AlreadyUsed();
        }
        if (row.attempts() >= MAX_TRIES) {
            return new OtpCheckOutcome.TooManyTries();
        }
        if (!now.isBefore(row.expiresAt())) {
            return new OtpCheckOutcome.Expired();
        }
        Optional<String> code = OtpCodes.entered(entered);
        if (code.isEmpty()) {
            return new OtpCheckOutcome.Malformed();
        }
        OptionalInt tries = store.takeTry(row.id(), MAX_TRIES);
        if (tries.isEmpty()) {
            return again(recipientId);
        }
        int triesLeft = MAX_TRIES - tries.getAsInt();
        if (codes.matches(row.id(), code.get(), row.codeHash())) {
            if (!store.markUsed(row.id(), now)) {
                return again(recipientId);
            }
            audit.record(envelopeId, "otp_passed", actor(recipientId), Map.of("channel", row.channel()));
            return new OtpCheckOutcome.Verified(Channel.valueOf(row.channel()), now);
        }
        if (triesLeft <= 0) {
            audit.record(envelopeId, "otp_locked", actor(recipientId), Map.of("tries", MAX_TRIES));
            return new OtpCheckOutcome.TooManyTries();
        }
        audit.record(envelopeId, "otp_failed", actor(recipientId), Map.of("tries_left", triesLeft));
        return new OtpCheckOutcome.WrongCode(triesLeft);
    }

    /** Another request changed the code between our read and our update: say what it is now. */
    private OtpCheckOutcome again(UUID recipientId) {
        OtpStore.Row row = store.newest(recipientId).orElseThrow();
        return row.usedAt() != null ? new OtpCheckOutcome.AlreadyUsed() : new OtpCheckOutcome.TooManyTries();
    }

    private sealed interface Routing permits Route, Refusal {}

    private record Route(Channel channel, String address) implements Routing {}

    private record Refusal(OtpSendOutcome outcome) implements Routing {}

    /**
     * The channels the signing page offers this recipient, SMS first when it can deliver. Sends
     * nothing and records nothing: the page shows it before the recipient asks for a code.
     */
    public OtpChoices choices(OtpRecipient r) {
        List<OtpChoices.Choice> choices = new ArrayList<>();
        String smsProblem = null;
        if (!r.hasMobileNumber()) {
            smsProblem = "NO_NUMBER";
        } else if (PhoneNumbers.normalise(r.mobileNumber(), r.isoCountryCode()) instanceof PhoneNumbers.Valid valid) {
            if (smsCanLeave(r.mode())) {
                choices.add(new OtpChoices.Choice(Channel.SMS, PhoneNumbers.masked(valid.e164())));
            } else {
                smsProblem = new OtpSendOutcome.SmsNotAvailable().code();
            }
        } else {
            smsProblem = "INVALID_MOBILE_NUMBER";
        }
        if (r.email() != null && !r.email().isBlank()) {
            choices.add(new OtpChoices.Choice(Channel.EMAIL, EmailOtpChannel.masked(r.email())));
        }
        return new OtpChoices(choices, smsProblem);
    }

    /** SMS when asked for or when there is a mobile number and SMS can be delivered; email otherwise. */
    private Routing route(OtpRecipient r) {
        boolean smsWanted = r.preference() == OtpRecipient.Preference.SMS
                || (r.preference() == OtpRecipient.Preference.ANY && r.hasMobileNumber());
        if (!smsWanted) {
            return new Route(Channel.EMAIL, r.email());
        }
        PhoneNumbers.Result number = PhoneNumbers.normalise(r.mobileNumber(), r.isoCountryCode());
        if (number instanceof PhoneNumbers.Invalid invalid) {
            return new Refusal(new OtpSendOutcome.InvalidNumber(invalid.problem(), invalid.message()));
        }
        if (!smsCanLeave(r.mode())) {
            return r.preference() == OtpRecipient.Preference.SMS
                    ? new Refusal(new OtpSendOutcome.SmsNotAvailable())
                    : new Route(Channel.EMAIL, r.email());
        }
        return new Route(Channel.SMS, ((PhoneNumbers.Valid) number).e164());
    }

    /** Sandbox SMS and all SMS in embedded mode are kept in the outbox, so they need no provider. */
    boolean smsCanLeave(Mode mode) {
        boolean kept = mode == Mode.SANDBOX || !properties.mail().deliver();
        return kept || sms.configured();
    }

    private OtpSendOutcome refused(OtpRecipient r, OtpSendOutcome outcome) {
        audit.record(r.envelopeId(), "otp_not_sent", actor(r.recipientId()), Map.of("reason", outcome.code()));
        return outcome;
    }

    private static String actor(UUID recipientId) {
        return "recipient:" + recipientId;
    }
}
