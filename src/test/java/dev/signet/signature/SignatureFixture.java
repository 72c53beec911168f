package dev.signet.signature;

import dev.signet.account.Mode;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A Signet PKI generated at test time (never a committed key) and the services built on it. */
final class SignatureFixture {

    static final String PUBLIC_URL = "http://signet.test";

    final Pki pki;
    final Timestamps timestamps;
    final PadesSigning signing;
    final SignatureVerifier verifier;

    private SignatureFixture(Pki pki, Timestamps timestamps) {
        this(pki, timestamps, Clock.systemUTC());
    }

    private SignatureFixture(Pki pki, Timestamps timestamps, Clock clock) {
        this(pki, timestamps, clock, Duration.ofMinutes(10));
    }

    private SignatureFixture(Pki pki, Timestamps timestamps, Clock clock, Duration signerValidity) {
        this.pki = pki;
        this.timestamps = timestamps;
        this.signing =
                new PadesSigning(pki, timestamps, signerValidity, Duration.ofMinutes(1), clock, (certificate, url) -> {
                    throw new AssertionError("No network CRL expected for " + certificate.getSubjectX500Principal());
                });
        this.verifier = new SignatureVerifier(pki);
    }

    /** Generates both hierarchies into a fresh keystore under {@code dir} and loads it back. */
    static SignatureFixture create(Path dir) {
        Pki pki = pki(dir);
        return new SignatureFixture(pki, new Timestamps(pki, null, Clock.systemUTC()));
    }

    static Pki pki(Path dir) {
        KeyProvider keys = Pkcs12KeyProvider.loadOrGenerate(
                dir.resolve("signet-ca.p12"),
                "test-password".toCharArray(),
                "Signet Test",
                PUBLIC_URL,
                Clock.systemUTC());
        return new Pki(keys, PUBLIC_URL, Duration.ofDays(7), Clock.systemUTC(), RevocationList.NONE);
    }

    /**
     * Keys generated at {@code generatedAt} under {@code dir} (or reused), and services whose
     * clocks — CA, TSA, one-time certificates — all read {@code clock}.
     */
    static SignatureFixture at(Path dir, Clock generatedAt, Clock clock) {
        return at(dir, generatedAt, clock, Duration.ofMinutes(10));
    }

    /** As {@link #at(Path, Clock, Clock)}, with one-time certificates valid for {@code signerValidity}. */
    static SignatureFixture at(Path dir, Clock generatedAt, Clock clock, Duration signerValidity) {
        KeyProvider keys = Pkcs12KeyProvider.loadOrGenerate(
                dir.resolve("signet-ca.p12"), "test-password".toCharArray(), "Signet Test", PUBLIC_URL, generatedAt);
        Pki pki = new Pki(keys, PUBLIC_URL, Duration.ofDays(7), clock, RevocationList.NONE);
        return new SignatureFixture(pki, new Timestamps(pki, null, clock), clock, signerValidity);
    }

    /** The same PKI with another TSA set-up (an external one, say). */
    SignatureFixture withTimestamps(Timestamps other) {
        return new SignatureFixture(pki, other);
    }

    List<X509Certificate> roots() {
        return List.of(pki.root(Mode.LIVE), pki.root(Mode.SANDBOX));
    }

    static SignerIdentity signer(String name) {
        return new SignerIdentity(
                name, name.toLowerCase().replace(' ', '.') + "@example.com", List.of("email-link", "otp"));
    }
}
