package dev.signet.workflow;

import dev.signet.envelope.Envelopes;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Public because the models call it through expressions. Collections for the envelope model's multi-instances: {@code ${signGroups.numbers(envelopeId)}}. */
@Component("signGroups")
public class SignGroups {

    private final Envelopes envelopes;

    SignGroups(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    public List<Integer> numbers(String envelopeId) {
        return envelopes.signGroups(UUID.fromString(envelopeId));
    }

    public List<String> signers(String envelopeId, Integer signGroup) {
        return envelopes.signersOfGroup(UUID.fromString(envelopeId), signGroup).stream()
                .map(UUID::toString)
                .toList();
    }
}
