package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.account.Mode;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.simplereport.SimpleReport;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sandbox document can never pass as a live one. */
class SandboxHierarchyTest {

    @TempDir
    static Path dir;

    static SignatureFixture fixture;
    static Path sealed;

    @BeforeAll
    static void signInSandbox() throws Exception {
        fixture = SignatureFixture.create(dir);
        Path prepared = TestPdfs.withSignatureFields(dir.resolve("prepared.pdf"), 1, "signer");
        Path certified = dir.resolve("certified.pdf");
        fixture.signing.certify(prepared, certified, SealRequest.invisible(Mode.SANDBOX));
        Path signed = dir.resolve("signed.pdf");
        fixture.signing.sign(
                certified, signed, SignerRequest.of(Mode.SANDBOX, "signer", SignatureFixture.signer("Sam Sandbox")));
        sealed = dir.resolve("sealed.pdf");
        fixture.signing.seal(signed, sealed, Mode.SANDBOX);
    }

    @Test
    void aSandboxDocumentChainsToTheSandboxRoot() {
        SimpleReport simple =
                Dss.validate(sealed, fixture.pki.root(Mode.SANDBOX)).getSimpleReport();

        assertThat(simple.getSignatureIdList())
                .hasSize(2)
                .allSatisfy(id -> assertThat(simple.getIndication(id)).isEqualTo(Indication.TOTAL_PASSED));
        assertThat(fixture.verifier.verify(sealed).signatures())
                .allSatisfy(s -> assertThat(s.trustedBy()).isEqualTo(Mode.SANDBOX));
    }

    @Test
    void aSandboxDocumentDoesNotChainToTheLiveRoot() {
        SimpleReport simple = Dss.validate(sealed, fixture.pki.root(Mode.LIVE)).getSimpleReport();

        assertThat(simple.getSignatureIdList())
                .hasSize(2)
                .allSatisfy(id -> assertThat(simple.getIndication(id)).isNotEqualTo(Indication.TOTAL_PASSED));
    }

    @Test
    void everySandboxCertificateSaysSandbox() {
        assertThat(fixture.verifier.verify(sealed).signatures())
                .allSatisfy(s -> assertThat(s.problems()).isEmpty());
        for (KeyRole role : KeyRole.values()) {
            assertThat(fixture.pki
                            .key(Mode.SANDBOX, role)
                            .certificate()
                            .getSubjectX500Principal()
                            .getName())
                    .contains("SANDBOX");
            assertThat(fixture.pki
                            .key(Mode.LIVE, role)
                            .certificate()
                            .getSubjectX500Principal()
                            .getName())
                    .doesNotContain("SANDBOX");
        }
        var signer = new SignerCertificates(
                        fixture.pki,
                        java.time.Duration.ofMinutes(10),
                        java.time.Duration.ofMinutes(1),
                        java.time.Clock.systemUTC())
                .issue(Mode.SANDBOX, SignatureFixture.signer("Sam Sandbox"));
        assertThat(signer.certificate().getSubjectX500Principal().getName()).contains("SANDBOX");
    }
}
