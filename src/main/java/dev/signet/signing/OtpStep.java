package dev.signet.signing;

import dev.signet.assurance.OtpCheckOutcome;
import dev.signet.assurance.OtpChoices;
import dev.signet.assurance.OtpRecipient;
import dev.signet.assurance.OtpSendOutcome;
import dev.signet.assurance.OtpService;
import dev.signet.envelope.Envelope;
import dev.signet.envelope.EnvelopeStatus;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.web.ApiException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one-time password step of the signing link: who asks for a code, whether the documents may be
 * shown yet, and the check that lets the recipient's process move on to Sign. The rules of the
 * code itself (6 digits, 10 minutes, 5 tries, 5 sends an hour) are {@link OtpService}'s.
 */
@Component
class OtpStep {

    private final SigningLinks links;
    private final Envelopes envelopes;
    private final OtpService otps;
    private final OtpGate gate;
    private final ApplicationEventPublisher events;

    OtpStep(SigningLinks links, Envelopes envelopes, OtpService otps, OtpGate gate, ApplicationEventPublisher events) {
        this.links = links;
        this.envelopes = envelopes;
        this.otps = otps;
        this.gate = gate;
        this.events = events;
    }

    boolean pending(Recipient recipient) {
        return gate.pending(recipient.id());
    }

    @Transactional
    OtpSendOutcome send(String token, OtpRecipient.Preference preference, Locale locale) {
        return otps.send(otpRecipient(waitingRecipient(token), preference, locale));
    }

    /** Where the page may offer to send the code, masked; empty when the link has no OTP step now. */
    @Transactional(readOnly = true)
    Optional<OtpChoices> choices(UUID recipientId, Locale locale) {
        return envelopes
                .recipient(recipientId)
                .filter(r -> gate.pending(r.id()))
                .map(r -> otps.choices(otpRecipient(r, OtpRecipient.Preference.ANY, locale)));
    }

    private OtpRecipient otpRecipient(Recipient recipient, OtpRecipient.Preference preference, Locale locale) {
        Envelope envelope = envelopes.envelope(recipient.envelopeId()).orElseThrow(() -> ApiException.notFound("Link"));
        return new OtpRecipient(
                envelope.organisationId(),
                envelope.mode(),
                envelope.id(),
                recipient.id(),
                recipient.name(),
                recipient.email(),
                recipient.mobileNumber(),
                recipient.isoCountryCode(),
                envelope.name(),
                envelopes.senderName(envelope),
                preference,
                locale);
    }

    /**
     * Checks the code; a right one is recorded on the recipient (how they were verified, for their
     * certificate and the evidence) and completes the process's OTP task, in the same transaction.
     */
    @Transactional
    OtpCheckOutcome verify(String token, String entered) {
        Recipient recipient = waitingRecipient(token);
        OtpCheckOutcome outcome = otps.check(recipient.envelopeId(), recipient.id(), entered);
        if (outcome instanceof OtpCheckOutcome.Verified verified) {
            envelopes.checkPassed(
                    recipient.id(), "otp-" + verified.channel().name().toLowerCase(Locale.ROOT));
            events.publishEvent(new SigningEvents.OtpPassed(recipient.envelopeId(), recipient.id()));
        }
        return outcome;
    }

    /** The link's recipient, who must still be at the OTP step of an active envelope. */
    private Recipient waitingRecipient(String token) {
        SigningLinks.TokenRecord record = links.find(token)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND,
                        "LINK_NOT_FOUND",
                        "This signing link is not valid; use the newest link you were sent"));
        if (record.expired()) {
            throw new ApiException(
                    HttpStatus.GONE, "LINK_EXPIRED", "This signing link has expired; ask the sender for a new one");
        }
        Recipient recipient =
                envelopes.recipient(record.recipientId()).orElseThrow(() -> ApiException.notFound("Link"));
        Envelope envelope = envelopes.envelope(recipient.envelopeId()).orElseThrow(() -> ApiException.notFound("Link"));
        if (envelope.status() != EnvelopeStatus.ACTIVE) {
            throw ApiException.conflict(
                    "ENVELOPE_NOT_ACTIVE", "This envelope is " + envelope.status() + " and can no longer be signed");
        }
        if (!gate.pending(recipient.id())) {
            throw ApiException.conflict("OTP_NOT_REQUIRED", "This link needs no one-time password now");
        }
        return recipient;
    }
}
