package dev.signet.assurance;

import dev.signet.envelope.IdvConfig;
import java.util.UUID;

/**
 * A recipient as identity verification needs them: who they are to compare a verified name with,
 * what was asked, and which provider serves them.
 *
 * @param sandbox sandbox key or embedded mode: the sandbox provider
 * @param returnUrl where the provider sends them back (their signing link's IDV page)
 */
public record IdvRecipient(
        UUID organisationId,
        UUID envelopeId,
        UUID recipientId,
        String name,
        IdvConfig config,
        boolean sandbox,
        String returnUrl) {}
