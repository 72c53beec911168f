package dev.signet.account;

import java.util.UUID;

/** Who is calling the API: an organisation, in one mode, through one key. */
public record Caller(UUID organisationId, Mode mode, UUID apiKeyId) {

    public boolean sandbox() {
        return mode == Mode.SANDBOX;
    }
}
