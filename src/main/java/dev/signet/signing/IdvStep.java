package dev.signet.signing;

import dev.signet.SignetProperties;
import dev.signet.assurance.AssuranceFacts;
import dev.signet.assurance.IdvRecipient;
import dev.signet.assurance.IdvService;
import dev.signet.envelope.Envelope;
import dev.signet.envelope.EnvelopeStatus;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.web.ApiException;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The identity verification step of the signing link: whether the documents may be shown yet,
 * starting or resuming a session with the provider, and the signer's return from it, which moves
 * the recipient's process on to fetch the result. The rules of the sessions are {@link IdvService}'s.
 */
@Component
class IdvStep {

    /** Where the signer stands, for the IDV page. */
    sealed interface Stage {}

    /** A session is open (or was just started): send the signer to the provider. */
    record Verify(Recipient recipient, IdvService.Started started, String lastOutcome) implements Stage {}

    /** The result is being fetched (or the provider is being waited for): the page looks again shortly. */
    record Checking() implements Stage {}

    record LimitReached(int limit) implements Stage {}

    record ProviderDown() implements Stage {}

    /**
     * No session is open and one may be started: the page offers a button that starts it (a POST),
     * so that opening the page (a GET, which link previewers do too) starts nothing.
     */
    record Ready(int sessionsLeft, String lastOutcome) implements Stage {}

    /** Nothing to verify now: the signing page. */
    record Done() implements Stage {}

    private final SigningLinks links;
    private final Envelopes envelopes;
    private final IdvService idv;
    private final IdvGate gate;
    private final SignetProperties properties;
    private final ApplicationEventPublisher events;

    IdvStep(
            SigningLinks links,
            Envelopes envelopes,
            IdvService idv,
            IdvGate gate,
            SignetProperties properties,
            ApplicationEventPublisher events) {
        this.links = links;
        this.envelopes = envelopes;
        this.idv = idv;
        this.gate = gate;
        this.properties = properties;
        this.events = events;
    }

    boolean pendingBeforeViewing(java.util.UUID recipientId) {
        return gate.pendingBeforeViewing(recipientId);
    }

    /**
     * Where the signer stands, changing nothing: an open session is shown, none is started. The
     * page's GET; {@link #stage} is its button's POST.
     */
    @Transactional(readOnly = true)
    Stage view(String token) {
        Recipient recipient = activeRecipient(token);
        if (!gate.waitingForSession(recipient.id())) {
            return gate.pendingBeforeViewing(recipient.id()) || waitingAfterSubmit(recipient)
                    ? new Checking()
                    : new Done();
        }
        dev.signet.envelope.IdvConfig config = config(recipient);
        String last = idv.lastOutcome(recipient.id()).orElse(null);
        Optional<IdvService.Start> now = idv.peek(recipient.id(), config);
        if (now.isEmpty()) {
            int left = idv.latest(recipient.id(), config)
                    .map(s -> Math.max(0, s.limit() - s.sessions()))
                    .orElse(config.sessionLimit());
            return new Ready(Math.max(0, left - 1), last);
        }
        return now.get() instanceof IdvService.Started started
                ? new Verify(recipient, started, last)
                : new LimitReached(((IdvService.LimitReached) now.get()).limit());
    }

    /** Starts or resumes the recipient's session, or says why not. */
    @Transactional
    Stage stage(String token) {
        Recipient recipient = activeRecipient(token);
        if (!gate.waitingForSession(recipient.id())) {
            return gate.pendingBeforeViewing(recipient.id()) || waitingAfterSubmit(recipient)
                    ? new Checking()
                    : new Done();
        }
        Envelope envelope = envelopes.envelope(recipient.envelopeId()).orElseThrow();
        String last = idv.lastOutcome(recipient.id()).orElse(null);
        IdvRecipient who = new IdvRecipient(
                envelope.organisationId(),
                envelope.id(),
                recipient.id(),
                recipient.name(),
                config(recipient),
                AssuranceFacts.sandbox(envelope.mode(), properties.embedded()),
                properties.publicUrl() + "/sign/" + token + "/idv/done");
        IdvService.Start start = idv.start(who);
        if (start instanceof IdvService.Started started) {
            return new Verify(recipient, started, last);
        }
        return start instanceof IdvService.LimitReached limit ? new LimitReached(limit.limit()) : new ProviderDown();
    }

    /** The sandbox page's choice; the signer is then back from the "provider". */
    @Transactional
    boolean sandboxChoice(String token, String outcome) {
        Recipient recipient = activeRecipient(token);
        if (!gate.waitingForSession(recipient.id()) || !idv.sandboxChoice(recipient.id(), outcome)) {
            return false;
        }
        events.publishEvent(new SigningEvents.IdvSessionFinished(recipient.envelopeId(), recipient.id()));
        return true;
    }

    /** The provider sent the signer back: the result is to be fetched. */
    @Transactional
    boolean returned(String token) {
        Recipient recipient = activeRecipient(token);
        if (!gate.waitingForSession(recipient.id()) || !idv.finished(recipient.id())) {
            return false;
        }
        events.publishEvent(new SigningEvents.IdvSessionFinished(recipient.envelopeId(), recipient.id()));
        return true;
    }

    /** After submitting, between the return from the provider and its result. */
    private boolean waitingAfterSubmit(Recipient recipient) {
        return envelopes.idvConfig(recipient.id()).isPresent()
                && idv.latest(recipient.id(), config(recipient))
                        .map(s -> !s.concluded())
                        .orElse(false);
    }

    private dev.signet.envelope.IdvConfig config(Recipient recipient) {
        return envelopes
                .idvConfig(recipient.id())
                .orElseThrow(
                        () -> ApiException.conflict("IDV_NOT_REQUIRED", "This link needs no identity verification"));
    }

    private Recipient activeRecipient(String token) {
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
        return recipient;
    }
}
