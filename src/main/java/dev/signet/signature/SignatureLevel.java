package dev.signet.signature;

/**
 * The PAdES baseline levels (ETSI EN 319 142-1), named as EU DSS names them.
 *
 * <p>Signet applies {@link #B_T} to every signature when it is made (the timestamp proves the
 * signature existed while the one-time certificate was valid, which lives for minutes) and lifts
 * the whole document to {@link #B_LTA} when it seals it.
 */
public enum SignatureLevel {
    /** A CAdES-detached signature with the signing certificate bound in a signed attribute. */
    B_B,
    /** B-B plus a signature timestamp from a trusted TSA. */
    B_T,
    /** B-T plus the certificates and revocation data to validate it, in the document's DSS dictionary. */
    B_LT,
    /** B-LT plus a document timestamp over that validation data, so it can be renewed before algorithms age. */
    B_LTA
}
