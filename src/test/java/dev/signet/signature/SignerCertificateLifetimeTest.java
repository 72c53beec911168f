package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.account.Mode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;

/**
 * pdfsig checks a signer's certificate at the moment it is run, not at the signature's timestamp:
 * with the lifetime Signet ships, a signature made an hour ago still reads as trusted, not expired.
 */
class SignerCertificateLifetimeTest {

    @TempDir
    Path dir;

    @Test
    void pdfsigFindsAnHourOldSignaturesCertificateTrustedNotExpired() throws Exception {
        Duration shipped = shipped().signerValidity();
        Clock hourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        SignatureFixture fixture =
                SignatureFixture.at(dir, Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)), hourAgo, shipped);
        Path prepared = TestPdfs.withSignatureFields(dir.resolve("prepared.pdf"), 1, "signer-a");
        Path certified = dir.resolve("certified.pdf");
        fixture.signing.certify(prepared, certified, SealRequest.invisible(Mode.LIVE));
        Path signed = dir.resolve("signed.pdf");
        fixture.signing.sign(
                certified, signed, PadesLifecycleTest.signerRequest("signer-a", "Alice Archer", "2026-11-28"));
        Path sealed = dir.resolve("sealed.pdf");
        fixture.signing.seal(signed, sealed, Mode.LIVE);

        String out = Poppler.pdfsig(dir, sealed, fixture.pki.root(Mode.LIVE));

        assertThat(out).contains("Alice Archer").doesNotContain("Expired");
        assertThat(Poppler.count(out, "Signature Validation: Signature is Valid."))
                .as(out)
                .isEqualTo(2);
        assertThat(Poppler.count(out, "Certificate Validation: Certificate is Trusted."))
                .as(out)
                .isEqualTo(2);
    }

    /** {@code signet.pki} as application.yml configures it. */
    private static PkiProperties shipped() throws Exception {
        MutablePropertySources sources = new MutablePropertySources();
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(sources::addLast);
        return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources))
                .bind("signet.pki", PkiProperties.class)
                .get();
    }
}
