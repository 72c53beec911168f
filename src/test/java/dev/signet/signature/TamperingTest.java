package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.account.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever is done to a signed PDF after the fact, Signet's verifier says so. */
class TamperingTest {

    @TempDir
    static Path dir;

    static SignatureFixture fixture;
    static Path signed;
    static Path sealed;

    @BeforeAll
    static void signTwiceAndSeal() throws Exception {
        fixture = SignatureFixture.create(dir);
        Path prepared = TestPdfs.withSignatureFields(dir.resolve("prepared.pdf"), 1, "signer-a", "signer-b");
        Path certified = dir.resolve("certified.pdf");
        fixture.signing.certify(prepared, certified, SealRequest.invisible(Mode.LIVE));
        Path signedA = dir.resolve("signed-a.pdf");
        fixture.signing.sign(
                certified, signedA, SignerRequest.of(Mode.LIVE, "signer-a", SignatureFixture.signer("Alice Archer")));
        signed = dir.resolve("signed.pdf");
        fixture.signing.sign(
                signedA, signed, SignerRequest.of(Mode.LIVE, "signer-b", SignatureFixture.signer("Brian Baxter")));
        sealed = dir.resolve("sealed.pdf");
        fixture.signing.seal(signed, sealed, Mode.LIVE);
    }

    @Test
    void theUntouchedDocumentIsValid() {
        assertThat(fixture.verifier.verify(sealed).valid()).isTrue();
    }

    @Test
    void aByteChangedInsideTheSignedRangesBreaksEverySignature() throws Exception {
        byte[] bytes = Tamper.changeOneByte(Files.readAllBytes(sealed));
        Path tampered = Files.write(dir.resolve("byte-changed.pdf"), bytes);

        VerificationReport report = fixture.verifier.verify(tampered);

        assertThat(report.valid()).isFalse();
        assertThat(report.signatures()).hasSize(4).allSatisfy(s -> {
            assertThat(s.intact()).as(s.fieldName()).isFalse();
            assertThat(s.valid()).isFalse();
        });
    }

    @Test
    void anAppendedRevisionThatChangesPageContentIsReportedAsForbidden() throws Exception {
        Path tampered =
                Files.write(dir.resolve("page-changed.pdf"), Tamper.appendPageChange(Files.readAllBytes(sealed)));

        VerificationReport report = fixture.verifier.verify(tampered);

        assertThat(report.valid()).isFalse();
        assertThat(report.problems()).anyMatch(p -> p.contains("forbid")).anyMatch(p -> p.contains("appended"));
        assertThat(report.signatures()).allSatisfy(s -> {
            assertThat(s.intact())
                    .as("each signature still matches the bytes it signed")
                    .isTrue();
            assertThat(s.laterChangesPermitted()).as(s.fieldName()).isFalse();
            assertThat(s.valid()).isFalse();
        });
    }

    @Test
    void aSignatureWhoseContentsAreSwappedForAnothersIsNotIntact() throws Exception {
        byte[] bytes = Tamper.swapContents(Files.readAllBytes(signed), "signer-a", "signer-b");
        Path tampered = Files.write(dir.resolve("swapped.pdf"), bytes);

        VerificationReport report = fixture.verifier.verify(tampered);

        assertThat(report.valid()).isFalse();
        SignatureReport a = report.signatures().stream()
                .filter(s -> s.fieldName().equals("signer-a"))
                .findFirst()
                .orElseThrow();
        assertThat(a.intact()).isFalse();
        assertThat(a.problems()).isNotEmpty();
        // B signed the revision that holds A's signature, so A's bytes are in B's range too; the
        // certification came before both and still matches.
        SignatureReport b = report.signatures().stream()
                .filter(s -> s.fieldName().equals("signer-b"))
                .findFirst()
                .orElseThrow();
        assertThat(b.intact()).isFalse();
        assertThat(report.signatures().get(0).kind()).isEqualTo(SignatureReport.Kind.CERTIFICATION);
        assertThat(report.signatures().get(0).intact()).isTrue();
    }
}
