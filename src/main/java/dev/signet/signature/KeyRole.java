package dev.signet.signature;

import dev.signet.account.Mode;
import java.util.Locale;

/** What Signet uses each of its long-lived keys for; one key per role per {@link Mode}. */
public enum KeyRole {
    /** Signet's certification authority: issues the one-time signer certificates and the CRLs. */
    CA,
    /** Signet's own seal: certification signatures and, later, the evidence XML. */
    SEAL,
    /** The built-in RFC 3161 time-stamping authority. */
    TSA;

    /** The alias this role's entry has in a Signet keystore, e.g. {@code live-ca}. */
    String alias(Mode mode) {
        return mode.dbValue() + "-" + name().toLowerCase(Locale.ROOT);
    }
}
