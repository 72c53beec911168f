package dev.signet.signing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.envelope.Envelope;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.envelope.RecipientType;
import dev.signet.notification.EnvelopeMessage;
import dev.signet.notification.Notifications;
import dev.signet.web.ApiException;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The signer's side of a witness (reference 4.3): after signing they name the person who watched
 * them sign, and they may correct them, through the link in the email this sends, until the
 * witness has signed. The rules of who may name whom, and when, are the envelope's.
 */
@Component
class WitnessStep {

    private final SigningLinks links;
    private final Envelopes envelopes;
    private final Invitations invitations;
    private final Notifications notifications;

    WitnessStep(SigningLinks links, Envelopes envelopes, Invitations invitations, Notifications notifications) {
        this.links = links;
        this.envelopes = envelopes;
        this.invitations = invitations;
        this.notifications = notifications;
    }

    /**
     * The signer's witness as the signer may see them. {@code state}: {@code to_name} (the signer
     * has not named them yet), {@code named} (invited; correctable) or {@code signed} (final).
     */
    record WitnessJson(String state, String name, String email, String isoCountryCode, String mobileNumber) {}

    /** Whether the link's holder is a signer whose options ask for a witness; a GET, reads only. */
    @Transactional(readOnly = true)
    boolean hasWitness(String token) {
        return links.find(token)
                .flatMap(record -> envelopes.recipient(record.recipientId()))
                .filter(r -> r.type() == RecipientType.SIGNER)
                .flatMap(r -> envelopes.witnessOf(r.id()))
                .isPresent();
    }

    /** For a witness's link, the name of the signer they witness; empty for anyone else. A GET, reads only. */
    @Transactional(readOnly = true)
    Optional<String> signerWitnessedBy(String token) {
        return links.find(token)
                .flatMap(record -> envelopes.recipient(record.recipientId()))
                .filter(r -> r.type() == RecipientType.WITNESS && r.signerId() != null)
                .flatMap(r -> envelopes.recipient(r.signerId()))
                .map(Recipient::name);
    }

    @Transactional(readOnly = true)
    WitnessJson show(String token) {
        Recipient signer = signerFor(token);
        Envelopes.Witness witness = witnessOf(signer);
        if (!signer.signed()) {
            // Naming is refused until then; the form is not offered either (an embedded signer may open it early).
            throw ApiException.conflict("NOT_SIGNED_YET", "Name your witness after you have signed");
        }
        return json(witness);
    }

    /**
     * Names or corrects the witness; the signer gets an email naming them, with a fresh link of
     * their own to this step, which works as long as a signing link of theirs does.
     */
    @Transactional
    WitnessJson name(String token, JsonNode details) {
        Recipient signer = signerFor(token);
        witnessOf(signer);
        Recipient witness = envelopes.nameWitness(signer.id(), details);
        Envelope envelope = envelopes.envelope(signer.envelopeId()).orElseThrow();
        OffsetDateTime expiresAt = SigningLinks.now().plusSeconds(signer.activeForSeconds());
        String correction = links.issue(signer.id(), expiresAt);
        notifications.send(new EnvelopeMessage.WitnessNamed(
                invitations.about(envelope),
                new EnvelopeMessage.To(signer.id(), signer.email(), signer.name()),
                witness.name(),
                witness.email(),
                links.url(correction) + "/witness",
                expiresAt));
        return json(new Envelopes.Witness(witness, true));
    }

    private Envelopes.Witness witnessOf(Recipient signer) {
        return envelopes
                .witnessOf(signer.id())
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND, "NO_WITNESS", "The sender asked for no witness for this signer"));
    }

    private static WitnessJson json(Envelopes.Witness witness) {
        if (!witness.named()) {
            return new WitnessJson("to_name", null, null, null, null);
        }
        Recipient w = witness.recipient();
        return new WitnessJson(
                w.signed() ? "signed" : "named", w.name(), w.email(), w.isoCountryCode(), w.mobileNumber());
    }

    /** The link's holder, who must be a signer; an unknown or expired link is answered as everywhere. */
    private Recipient signerFor(String token) {
        SigningLinks.TokenRecord record = links.find(token)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND,
                        "LINK_NOT_FOUND",
                        "This signing link is not valid; use the newest link you were sent"));
        if (record.expired()) {
            throw new ApiException(
                    HttpStatus.GONE, "LINK_EXPIRED", "This signing link has expired; ask the sender for a new one");
        }
        return envelopes
                .recipient(record.recipientId())
                .filter(r -> r.type() == RecipientType.SIGNER)
                .orElseThrow(
                        () -> new ApiException(HttpStatus.NOT_FOUND, "NO_WITNESS", "Only a signer names a witness"));
    }
}
