package dev.signet.assurance;

import java.util.Map;
import java.util.UUID;

/**
 * A step of a signer's assurance (a code sent or checked, an identity session started or judged, a
 * Yoti share) that belongs in the envelope's audit trail. Assurance announces it inside the step's
 * transaction and the envelope, which keeps its own history, appends it there: assurance sits below
 * envelope and never calls it.
 *
 * @param actor who acted: {@code sender}, {@code system}, or {@code recipient:<id>}
 * @param details facts of the step, never a code, a name read from a document, or a shared value
 */
public record AssuranceAudited(UUID envelopeId, String type, String actor, Map<String, ?> details) {}
