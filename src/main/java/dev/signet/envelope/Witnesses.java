package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.signet.envelope.EnvelopeEvents.WitnessCorrected;
import dev.signet.envelope.EnvelopeEvents.WitnessNamed;
import dev.signet.notification.PhoneNumbers;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Witnesses (reference 4.3): a signer whose options carry {@code witness} names, after signing, the
 * person who watched them sign; the sender never does. The WITNESS row exists from create (its
 * tags are fields of the prepared documents); naming fills in the person, correcting replaces them
 * until they have signed.
 */
@Service
class Witnesses {

    /** What a witness is called in outputs, as the reference's notification object shows. */
    static final String ROLE = "Witness";

    private final EnvelopeRepository repository;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    Witnesses(EnvelopeRepository repository, AuditTrail audit, ApplicationEventPublisher events) {
        this.repository = repository;
        this.audit = audit;
        this.events = events;
    }

    /**
     * The witness row made with a witnessed signer: no person yet, the signer's group, link lifetime,
     * time zone and excluded files (a witness sees what the signer saw), their witness tags. Always
     * emailed: the witness's link reaches them only by email, whatever the signer's notices.
     */
    static EnvelopeDraft.RecipientDraft draft(EnvelopeDraft.RecipientDraft signer) {
        return new EnvelopeDraft.RecipientDraft(
                RecipientType.WITNESS,
                "",
                "",
                ROLE,
                "no-auth",
                signer.signGroup(),
                signer.activeForSeconds(),
                signer.timeZone(),
                Set.of("signer_invitation", "envelope_completion"),
                signer.excludedFiles(),
                null,
                null,
                JsonNodeFactory.instance.objectNode(),
                signer.witnessTags(),
                List.of());
    }

    @Transactional(readOnly = true)
    Optional<Envelopes.Witness> of(UUID signerId) {
        return repository
                .witnessOf(signerId)
                .flatMap(repository::recipient)
                .map(w -> new Envelopes.Witness(w, repository.witnessNamed(w.id())));
    }

    /**
     * The signer names their witness, or corrects them: {@code name} and {@code email} required,
     * {@code iso_country_code} with {@code mobile_number} optional (for a code by SMS). Allowed once
     * the signer has signed and until the witness has; announced as {@link WitnessNamed} or
     * {@link WitnessCorrected}, on which the signer's process moves in this transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Recipient name(UUID signerId, JsonNode body) {
        RecipientEdit details = RecipientEdit.parse(body, RecipientType.WITNESS);
        List<FieldError> missing = new ArrayList<>();
        if (details.name() == null || details.name().isBlank()) {
            missing.add(new FieldError("name", "is required"));
        }
        if (details.email() == null) {
            missing.add(new FieldError("email", "is required"));
        }
        if (!missing.isEmpty()) {
            throw ApiException.validation(missing);
        }
        String mobile = details.mobileNumber();
        if (mobile != null) {
            if (PhoneNumbers.normalise(mobile, details.isoCountryCode()) instanceof PhoneNumbers.Valid valid) {
                mobile = valid.e164();
            } else {
                throw ApiException.validation(
                        List.of(new FieldError("mobile_number", "is not a mobile number of that country")));
            }
        }
        Recipient signer = repository.recipient(signerId).orElseThrow(() -> ApiException.notFound("Link"));
        Envelope envelope = repository.lock(signer.envelopeId()).orElseThrow(() -> ApiException.notFound("Link"));
        if (envelope.status() != EnvelopeStatus.ACTIVE) {
            throw ApiException.conflict(
                    "ENVELOPE_NOT_ACTIVE", "This envelope is " + envelope.status() + " and can no longer change");
        }
        UUID witnessId = repository
                .witnessOf(signerId)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND, "NO_WITNESS", "The sender asked for no witness for this signer"));
        if (!repository.recipient(signerId).orElseThrow().signed()) {
            throw ApiException.conflict("NOT_SIGNED_YET", "Name your witness after you have signed");
        }
        if (repository.recipient(witnessId).orElseThrow().signed()) {
            throw ApiException.conflict(
                    "WITNESS_ALREADY_SIGNED", "Your witness has signed; their details can no longer change");
        }
        if (details.email()
                .trim()
                .toLowerCase(Locale.ROOT)
                .equals(signer.email().trim().toLowerCase(Locale.ROOT))) {
            throw ApiException.validation(
                    List.of(new FieldError("email", "a witness is someone else than the signer: give their email")));
        }
        boolean correcting = repository.witnessNamed(witnessId);
        repository.nameWitness(
                witnessId, details.name().strip(), details.email().trim(), details.isoCountryCode(), mobile);
        if (correcting) {
            repository.clearChecksPassed(witnessId);
        }
        audit.record(
                envelope.id(),
                correcting ? "witness_corrected" : "witness_named",
                "recipient:" + signerId,
                Map.of("witness", witnessId.toString()));
        events.publishEvent(
                correcting
                        ? new WitnessCorrected(envelope.id(), signerId, witnessId)
                        : new WitnessNamed(envelope.id(), signerId, witnessId));
        return repository.recipient(witnessId).orElseThrow();
    }

    /** The witness confirmed they saw the signer sign: recorded with their submission, in its transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    void confirmPresence(Recipient witness) {
        repository.confirmPresence(witness.id());
        audit.record(
                witness.envelopeId(),
                "witness_presence_confirmed",
                "recipient:" + witness.id(),
                Map.of("signer", String.valueOf(witness.signerId())));
    }
}
