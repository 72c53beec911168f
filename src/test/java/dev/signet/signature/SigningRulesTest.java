package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.account.Mode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What PadesSigning refuses, and that a refusal leaves no output behind. */
class SigningRulesTest {

    @TempDir
    static Path dir;

    static SignatureFixture fixture;
    static Path prepared;
    static Path certified;
    static Path signed;

    @BeforeAll
    static void prepare() throws Exception {
        fixture = SignatureFixture.create(dir);
        prepared = TestPdfs.withSignatureFields(dir.resolve("prepared.pdf"), 1, "signer-a", "signer-b");
        certified = dir.resolve("certified.pdf");
        fixture.signing.certify(prepared, certified, SealRequest.invisible(Mode.LIVE));
        signed = dir.resolve("signed.pdf");
        fixture.signing.sign(
                certified, signed, SignerRequest.of(Mode.LIVE, "signer-a", SignatureFixture.signer("Ann")));
    }

    @Test
    void aFieldThatDoesNotExistCannotBeSigned() {
        Path out = dir.resolve("missing.pdf");
        assertThatThrownBy(() -> fixture.signing.sign(
                        certified, out, SignerRequest.of(Mode.LIVE, "nobody", SignatureFixture.signer("Ann"))))
                .isInstanceOf(SignatureException.class)
                .hasMessageContaining("nobody");
        assertThat(out).doesNotExist();
    }

    @Test
    void aSignedFieldCannotBeSignedAgain() {
        Path out = dir.resolve("twice.pdf");
        assertThatThrownBy(() -> fixture.signing.sign(
                        signed, out, SignerRequest.of(Mode.LIVE, "signer-a", SignatureFixture.signer("Ann"))))
                .isInstanceOf(SignatureException.class);
        assertThat(out).doesNotExist();
    }

    @Test
    void aFieldWhoseLockDoesNotCoverTheSignersFieldsIsRefused() {
        Path out = dir.resolve("unlocked.pdf");
        SignerRequest request = new SignerRequest(
                Mode.LIVE,
                "signer-b",
                SignatureFixture.signer("Ben"),
                List.of("signer-b-date", "signer-a-date"),
                null,
                null,
                null);
        assertThatThrownBy(() -> fixture.signing.sign(signed, out, request))
                .isInstanceOf(SignatureException.class)
                .hasMessageContaining("FieldLocks.define");
        assertThat(out).doesNotExist();
    }

    @Test
    void aCertificationMustBeTheFirstSignature() {
        Path approvedOnly = dir.resolve("approved-only.pdf");
        fixture.signing.sign(
                prepared, approvedOnly, SignerRequest.of(Mode.LIVE, "signer-a", SignatureFixture.signer("Ann")));
        Path out = dir.resolve("late-certification.pdf");
        assertThatThrownBy(() -> fixture.signing.certify(approvedOnly, out, SealRequest.invisible(Mode.LIVE)))
                .isInstanceOf(SignatureException.class)
                .hasMessageContaining("first signature");
        assertThat(out).doesNotExist();
    }

    @Test
    void anUnsignedDocumentCannotBeSealed() {
        Path out = dir.resolve("nothing-to-seal.pdf");
        assertThatThrownBy(() -> fixture.signing.seal(prepared, out, Mode.LIVE))
                .isInstanceOf(SignatureException.class)
                .hasMessageContaining("nothing to seal");
        assertThat(out).doesNotExist();
    }

    @Test
    void aSealedDocumentCanBeSealedAgainForArchiveRenewal() throws Exception {
        Path sealed = dir.resolve("sealed.pdf");
        Path resealed = dir.resolve("resealed.pdf");
        fixture.signing.seal(signed, sealed, Mode.LIVE);
        fixture.signing.seal(sealed, resealed, Mode.LIVE);

        VerificationReport report = fixture.verifier.verify(resealed);
        assertThat(report.valid()).isTrue();
        assertThat(report.signatures())
                .extracting(SignatureReport::fieldName)
                .containsExactly("Signet-Certification", "signer-a", "Signet-Seal", "Signet-Seal-2");
    }
}
