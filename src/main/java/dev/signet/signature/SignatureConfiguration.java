package dev.signet.signature;

import dev.signet.SignetProperties;
import dev.signet.account.StoredSecrets;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/** Builds the signature services from {@code signet.pki.*} and {@code signet.tsa.*}. */
@Configuration(proxyBeanMethods = false)
class SignatureConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SignatureConfiguration.class);
    static final String GENERATED_KEYSTORE = "signet-ca.p12";
    static final String GENERATED_PASSWORD = "keystore-password";

    @Bean
    KeyProvider signetKeys(PkiProperties pki, SignetProperties signet, StoredSecrets secrets) {
        if (pki.keystore() != null) {
            if (!StringUtils.hasText(pki.keystorePassword())) {
                throw new IllegalStateException("signet.pki.keystore is set: set SIGNET_PKI_KEYSTORE_PASSWORD too");
            }
            return Pkcs12KeyProvider.load(pki.keystore(), pki.keystorePassword().toCharArray());
        }
        Path dir = signet.dataDir().resolve("pki");
        if (!signet.embedded()) {
            log.warn("No signet.pki.keystore: using a CA generated in {}; production should bring its own keys", dir);
        }
        Path keystore = dir.resolve(GENERATED_KEYSTORE);
        char[] password = StringUtils.hasText(pki.keystorePassword())
                ? pki.keystorePassword().toCharArray()
                : GeneratedKeystorePassword.of(keystore, dir.resolve(GENERATED_PASSWORD), secrets);
        try {
            return Pkcs12KeyProvider.loadOrGenerate(
                    keystore, password, pki.organisation(), signet.publicUrl(), Clock.systemUTC());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "Cannot open the generated keystore " + keystore + " with the password "
                            + (StringUtils.hasText(pki.keystorePassword())
                                    ? "in SIGNET_PKI_KEYSTORE_PASSWORD"
                                    : "kept in the database (table stored_secret); was the database replaced?")
                            + " Restore the database or the password; only if the old keys are to be abandoned, move "
                            + dir + " away and Signet makes new ones.",
                    e);
        }
    }

    @Bean
    Pki pki(KeyProvider keys, PkiProperties pki, SignetProperties signet) {
        return new Pki(keys, signet.publicUrl(), pki.crlValidity(), Clock.systemUTC(), RevocationList.NONE);
    }

    @Bean
    Timestamps timestamps(Pki pki, TsaProperties tsa) {
        Timestamps.External external = tsa.url() == null
                ? null
                : new Timestamps.External(
                        tsa.url(),
                        tsa.username(),
                        tsa.password(),
                        tsa.tokenSizeEstimate(),
                        tsa.policyOid(),
                        tsa.timeout());
        return new Timestamps(pki, external, Clock.systemUTC());
    }

    @Bean
    PadesSigning padesSigning(Pki pki, Timestamps timestamps, PkiProperties properties) {
        return new PadesSigning(
                pki, timestamps, properties.signerValidity(), properties.signerBackdate(), Clock.systemUTC());
    }

    @Bean
    SignatureVerifier signatureVerifier(Pki pki) {
        return new SignatureVerifier(pki);
    }
}
