package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.signatures.SignatureUtil;
import dev.signet.account.Mode;
import java.nio.file.Path;
import org.bouncycastle.asn1.ASN1InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The space reserved for each signature holds it, without wasting much. */
class SignatureSizeTest {

    @TempDir
    Path dir;

    @Test
    void everySignaturesReservedSpaceFitsItsContentsWithinAFactorOfTwo() throws Exception {
        SignatureFixture fixture = SignatureFixture.create(dir);
        Path prepared = TestPdfs.withSignatureFields(dir.resolve("prepared.pdf"), 1, "signer");
        Path certified = dir.resolve("certified.pdf");
        fixture.signing.certify(prepared, certified, SealRequest.invisible(Mode.LIVE));
        Path signed = dir.resolve("signed.pdf");
        // A long name and address make the one-time certificate as large as a real one gets.
        fixture.signing.sign(
                certified,
                signed,
                SignerRequest.of(
                        Mode.LIVE,
                        "signer",
                        new SignerIdentity(
                                "Maximiliana Wilhelmina von Hohenzollern-Sigmaringen",
                                "maximiliana.wilhelmina@subsidiary.example.com",
                                java.util.List.of("email-link", "otp", "idv"))));
        Path sealed = dir.resolve("sealed.pdf");
        fixture.signing.seal(signed, sealed, Mode.LIVE);

        try (PdfDocument pdf = new PdfDocument(new PdfReader(sealed.toFile()))) {
            SignatureUtil util = new SignatureUtil(pdf);
            assertThat(util.getSignatureNames()).hasSize(3);
            for (String name : util.getSignatureNames()) {
                byte[] reserved = util.getSignature(name).getContents().getValueBytes();
                int used;
                try (ASN1InputStream in = new ASN1InputStream(reserved)) {
                    used = in.readObject().getEncoded().length;
                }
                System.out.printf(
                        "%s: %d of %d bytes reserved used (%.0f%%)%n",
                        name, used, reserved.length, 100.0 * used / reserved.length);
                assertThat(used).as(name).isLessThanOrEqualTo(reserved.length);
                assertThat(used * 2).as(name + " is not wildly oversized").isGreaterThanOrEqualTo(reserved.length);
            }
        }
    }
}
