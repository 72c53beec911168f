package dev.signet.signature;

import dev.signet.account.Mode;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;

/**
 * The serial numbers Signet's CA has revoked, with when. One-time signer certificates live for
 * minutes and are never revoked in the normal course; the CRL exists so validators find a
 * revocation status for every certificate, and so a seal or TSA certificate can be revoked if its
 * key is ever compromised. Several nodes must agree on it, so a database-backed list belongs here
 * once revocation becomes an operation; until then {@link #NONE}.
 */
@FunctionalInterface
public interface RevocationList {

    RevocationList NONE = mode -> Map.of();

    Map<BigInteger, Instant> revoked(Mode mode);
}
