package dev.signet.signing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.account.Caller;
import dev.signet.envelope.Envelope;
import dev.signet.envelope.EnvelopeStatus;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.envelope.RecipientType;
import dev.signet.signing.SigningEvents.LinkRenewed;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Extends signing links (reference: {@code POST /v2/envelopes/{id}/extend-tokens}): the named tokens
 * (or, with none named, every unsigned signer's) are valid for the recipient's
 * {@code active_for_seconds} again, from now. The API and the sender portal both come here.
 *
 * <p>A sender's action that lives in {@code signing} on purpose: everything it reads and changes
 * past "may this caller see this ACTIVE envelope, and who signs it" is signing's own (tokens, their
 * expiry, the {@code LinkRenewed} event that moves the recipient's process). In {@code envelope} it
 * would have to call {@code signing} back (a cycle) or ask for tokens through an event that returns
 * an answer. Here it asks the envelope's door and changes only its own rows.
 */
@Service
public class LinkExtensions {

    private final Envelopes envelopes;
    private final SigningLinks links;
    private final ApplicationEventPublisher events;

    LinkExtensions(Envelopes envelopes, SigningLinks links, ApplicationEventPublisher events) {
        this.envelopes = envelopes;
        this.links = links;
        this.events = events;
    }

    /** One extended link: its token when the caller named it (null otherwise), whose it is, until when. */
    public record Extended(String token, UUID recipientId, OffsetDateTime expiresAt) {}

    /**
     * Extends the links {@code body}'s {@code recipient_tokens} names, or every unsigned signer's that
     * has one when it names none ({@code body} may be null). 404 when the caller may not see the
     * envelope, 409 unless it is ACTIVE, 422 for a token of another envelope or of a signer who signed.
     */
    @Transactional
    public List<Extended> extend(Caller caller, UUID envelopeId, JsonNode body) {
        Envelope envelope = envelopes.visible(caller, envelopeId);
        if (envelope.status() != EnvelopeStatus.ACTIVE) {
            throw ApiException.conflict(
                    "ENVELOPE_NOT_ACTIVE", "Links can be extended only while the envelope is ACTIVE");
        }
        Map<UUID, String> targets = targets(envelope, body);
        List<Extended> result = new ArrayList<>();
        targets.forEach((recipientId, token) -> {
            Recipient recipient = envelopes.recipient(recipientId).orElseThrow();
            OffsetDateTime expiresAt = SigningLinks.now().plusSeconds(recipient.activeForSeconds());
            links.extend(recipientId, expiresAt);
            events.publishEvent(new LinkRenewed(envelope.id(), recipientId));
            result.add(new Extended(token, recipientId, expiresAt));
        });
        return result;
    }

    private Map<UUID, String> targets(Envelope envelope, JsonNode body) {
        Map<UUID, String> targets = new LinkedHashMap<>();
        JsonNode tokens = body == null ? null : body.get("recipient_tokens");
        if (tokens != null && !tokens.isArray()) {
            throw ApiException.validation(List.of(new FieldError("recipient_tokens", "must be an array of tokens")));
        }
        List<FieldError> errors = new ArrayList<>();
        if (tokens != null && !tokens.isEmpty()) {
            for (int i = 0; i < tokens.size(); i++) {
                String token = tokens.get(i).asText();
                var record = links.find(token)
                        .flatMap(t -> envelopes.recipient(t.recipientId()))
                        .filter(r -> r.envelopeId().equals(envelope.id()));
                if (record.isEmpty()) {
                    errors.add(new FieldError("recipient_tokens[" + i + "]", "is not a token of this envelope"));
                } else if (record.get().signed()) {
                    errors.add(new FieldError("recipient_tokens[" + i + "]", "belongs to a recipient who has signed"));
                } else {
                    targets.put(record.get().id(), token);
                }
            }
        } else {
            for (Recipient r : envelopes.recipients(envelope.id())) {
                if (r.type() == RecipientType.SIGNER
                        && !r.signed()
                        && links.expiresAt(r.id()).isPresent()) {
                    targets.put(r.id(), null);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return targets;
    }
}
