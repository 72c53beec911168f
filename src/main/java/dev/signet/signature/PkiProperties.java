package dev.signet.signature;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code signet.pki.*}: where Signet's keys come from and how its CA issues.
 *
 * @param keystore a PKCS#12 file with the six entries {@link Pkcs12KeyProvider} describes
 *     ({@code SIGNET_PKI_KEYSTORE}); unset: generated on first start into {@code <data-dir>/pki/}
 * @param keystorePassword its password ({@code SIGNET_PKI_KEYSTORE_PASSWORD}); for a generated
 *     keystore, unset means a random one kept in the database ({@link GeneratedKeystorePassword})
 * @param organisation the O of the generated hierarchies' names
 * @param crlValidity the span between a CRL's thisUpdate and nextUpdate
 * @param signerValidity how long a one-time signer certificate is valid (capped at its CA's expiry; why
 *     years and not minutes: see {@link SignerCertificates})
 * @param signerBackdate how far before issuance it starts being valid (clock skew)
 */
@ConfigurationProperties("signet.pki")
record PkiProperties(
        Path keystore,
        String keystorePassword,
        @DefaultValue("Signet") String organisation,
        @DefaultValue("7d") Duration crlValidity,
        @DefaultValue("3653d") Duration signerValidity,
        @DefaultValue("1m") Duration signerBackdate) {}
