package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.io.font.constants.StandardFonts;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.StampingProperties;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import com.itextpdf.signatures.PdfSignature;
import com.itextpdf.signatures.SignatureUtil;
import dev.signet.account.Mode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
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
        fixture.signing.sign(certified, signedA, SignerRequest.of(Mode.LIVE, "signer-a", SignatureFixture.signer("Alice Archer")));
        signed = dir.resolve("signed.pdf");
        fixture.signing.sign(signedA, signed, SignerRequest.of(Mode.LIVE, "signer-b", SignatureFixture.signer("Brian Baxter")));
        sealed = dir.resolve("sealed.pdf");
        fixture.signing.seal(signed, sealed, Mode.LIVE);
    }

    @Test
    void theUntouchedDocumentIsValid() {
        assertThat(fixture.verifier.verify(sealed).valid()).isTrue();
    }

    @Test
    void aByteChangedInsideTheSignedRangesBreaksEverySignature() throws Exception {
        byte[] bytes = Files.readAllBytes(sealed);
        // The binary comment on the PDF's second line: every signature's first range covers it,
        // and the file still parses after the change.
        int comment = indexOf(bytes, "\n%".getBytes(StandardCharsets.US_ASCII), 0) + 2;
        bytes[comment] ^= 0x01;
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
        Path tampered = dir.resolve("page-changed.pdf");
        try (PdfDocument pdf = new PdfDocument(new PdfReader(sealed.toFile()), new PdfWriter(tampered.toFile()),
                new StampingProperties().useAppendMode())) {
            new PdfCanvas(pdf.getPage(1)).beginText().setFontAndSize(PdfFontFactory.createFont(StandardFonts.HELVETICA), 14)
                    .moveText(72, 40).showText("The price is now ten times higher.").endText();
        }

        VerificationReport report = fixture.verifier.verify(tampered);

        assertThat(report.valid()).isFalse();
        assertThat(report.problems()).anyMatch(p -> p.contains("forbid")).anyMatch(p -> p.contains("appended"));
        assertThat(report.signatures()).allSatisfy(s -> {
            assertThat(s.intact()).as("each signature still matches the bytes it signed").isTrue();
            assertThat(s.laterChangesPermitted()).as(s.fieldName()).isFalse();
            assertThat(s.valid()).isFalse();
        });
    }

    @Test
    void aSignatureWhoseContentsAreSwappedForAnothersIsNotIntact() throws Exception {
        byte[] bytes = Files.readAllBytes(signed);
        long[] rangeA;
        byte[] cmsB;
        try (PdfDocument pdf = new PdfDocument(new PdfReader(signed.toFile()))) {
            SignatureUtil util = new SignatureUtil(pdf);
            rangeA = util.getSignature("signer-a").getByteRange().toLongArray();
            PdfSignature b = util.getSignature("signer-b");
            cmsB = b.getContents().getValueBytes();
        }
        // Signer B's CMS, hex-encoded and zero-padded into signer A's /Contents placeholder.
        int start = (int) rangeA[1] + 1;
        int length = (int) (rangeA[2] - rangeA[1]) - 2;
        byte[] hex = HexFormat.of().formatHex(cmsB).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < length; i++) {
            bytes[start + i] = i < hex.length ? hex[i] : (byte) '0';
        }
        Path tampered = Files.write(dir.resolve("swapped.pdf"), bytes);

        VerificationReport report = fixture.verifier.verify(tampered);

        assertThat(report.valid()).isFalse();
        SignatureReport a = report.signatures().stream().filter(s -> s.fieldName().equals("signer-a")).findFirst().orElseThrow();
        assertThat(a.intact()).isFalse();
        assertThat(a.problems()).isNotEmpty();
        // B signed the revision that holds A's signature, so A's bytes are in B's range too; the
        // certification came before both and still matches.
        SignatureReport b = report.signatures().stream().filter(s -> s.fieldName().equals("signer-b")).findFirst().orElseThrow();
        assertThat(b.intact()).isFalse();
        assertThat(report.signatures().get(0).kind()).isEqualTo(SignatureReport.Kind.CERTIFICATION);
        assertThat(report.signatures().get(0).intact()).isTrue();
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
