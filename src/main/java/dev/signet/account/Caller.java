package dev.signet.account;

import java.util.UUID;

/**
 * Who is calling: an organisation, in one mode, through one key.
 *
 * @param apiKeyId the API key the call came with; null when a person acts through the portal, with
 *     a session and no key ({@link #withoutKey})
 */
public record Caller(UUID organisationId, Mode mode, UUID apiKeyId) {

    /** A portal user acting for their organisation in one mode: the same rights as a key of that mode. */
    public static Caller withoutKey(UUID organisationId, Mode mode) {
        return new Caller(organisationId, mode, null);
    }

    public boolean sandbox() {
        return mode == Mode.SANDBOX;
    }
}
