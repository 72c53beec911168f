package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.account.Mode;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real life: signers sign days before the last one finishes, so when Signet seals, every one-time
 * certificate expired long ago. The timestamps prove the signatures existed while the
 * certificates were valid, and the CRLs issued at sealing still speak for expired certificates
 * (expiredCertsOnCRL): EU DSS must still find every signature valid at B-LTA.
 */
class LateSealTest {

    @TempDir
    Path dir;

    @Test
    void aDocumentSealedTwoDaysAfterItsSignaturesIsStillBaselineLtaAndTotalPassed() throws Exception {
        Clock threeDaysAgo = Clock.offset(Clock.systemUTC(), Duration.ofDays(-3));
        Clock twoDaysAgo = Clock.offset(Clock.systemUTC(), Duration.ofDays(-2));
        SignatureFixture then = SignatureFixture.at(dir, threeDaysAgo, twoDaysAgo);
        SignatureFixture now = SignatureFixture.at(dir, threeDaysAgo, Clock.systemUTC());
        Path prepared = TestPdfs.withSignatureFields(dir.resolve("prepared.pdf"), 1, "signer-a", "signer-b");
        Path certified = dir.resolve("certified.pdf");
        then.signing.certify(prepared, certified, SealRequest.invisible(Mode.LIVE));
        Path signedA = dir.resolve("signed-a.pdf");
        then.signing.sign(
                certified, signedA, SignerRequest.of(Mode.LIVE, "signer-a", SignatureFixture.signer("Early Ella")));
        Path signedB = dir.resolve("signed-b.pdf");
        then.signing.sign(
                signedA, signedB, SignerRequest.of(Mode.LIVE, "signer-b", SignatureFixture.signer("Early Ed")));
        Path sealed = dir.resolve("sealed.pdf");

        now.signing.seal(signedB, sealed, Mode.LIVE);

        SimpleReport simple = Dss.validate(sealed, now.pki.root(Mode.LIVE)).getSimpleReport();
        assertThat(simple.getSignatureIdList()).hasSize(3).allSatisfy(id -> {
            assertThat(simple.getIndication(id)).as(simple.getSignedBy(id)).isEqualTo(Indication.TOTAL_PASSED);
            assertThat(simple.getSignatureFormat(id))
                    .as(simple.getSignedBy(id))
                    .isEqualTo(SignatureLevel.PAdES_BASELINE_LTA);
        });
        VerificationReport report = now.verifier.verify(sealed);
        assertThat(report.valid()).isTrue();
        assertThat(report.signatures().get(1).signingTime())
                .isBefore(java.time.Instant.now().minus(Duration.ofDays(1)));
    }
}
