package dev.signet.signature;

import dev.signet.account.Mode;

/**
 * Where a hierarchy's CA publishes, as written into every certificate it issues: its CRL (the CRL
 * distribution point) and its own certificate (Authority Information Access, caIssuers), so a
 * validator holding only the signer's certificate can build the chain and check revocation.
 * Both are served without a key by {@link CaController}.
 */
record CaUrls(String crl, String caIssuers) {

    static CaUrls of(String publicUrl, Mode mode) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        String ca = base + "/v2/ca/" + mode.dbValue();
        return new CaUrls(ca + "/crl", ca + "/certificate");
    }
}
