package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfStream;
import dev.signet.account.Mode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adopted signature image ends up in the signed field's appearance, and the signature stays valid. */
class AppearanceTest {

    @TempDir
    Path dir;

    @Test
    void anImageAppearanceIsDrawnInTheSignedField() throws Exception {
        SignatureFixture fixture = SignatureFixture.create(dir);
        Path prepared = TestPdfs.withSignatureFields(dir.resolve("prepared.pdf"), 1, "signer");
        Path certified = dir.resolve("certified.pdf");
        fixture.signing.certify(prepared, certified, SealRequest.invisible(Mode.LIVE));
        Path signed = dir.resolve("signed.pdf");

        fixture.signing.sign(
                certified,
                signed,
                new SignerRequest(
                        Mode.LIVE,
                        "signer",
                        SignatureFixture.signer("Ivy Image"),
                        List.of("signer-date"),
                        new SignatureAppearance(png(), "Ivy Image"),
                        null,
                        null));

        assertThat(fixture.verifier.verify(signed).valid()).isTrue();
        try (PdfDocument pdf = new PdfDocument(new PdfReader(signed.toFile()))) {
            PdfDictionary widget = PdfAcroForm.getAcroForm(pdf, false)
                    .getField("signer")
                    .getWidgets()
                    .get(0)
                    .getPdfObject();
            PdfStream normal = widget.getAsDictionary(PdfName.AP).getAsStream(PdfName.N);
            assertThat(containsImage(normal, 0))
                    .as("an image XObject somewhere in the appearance")
                    .isTrue();
        }
    }

    private static boolean containsImage(PdfStream form, int depth) {
        PdfDictionary resources = form.getAsDictionary(PdfName.Resources);
        PdfDictionary xobjects = resources == null ? null : resources.getAsDictionary(PdfName.XObject);
        if (xobjects == null || depth > 4) {
            return false;
        }
        for (PdfName name : xobjects.keySet()) {
            PdfStream xobject = xobjects.getAsStream(name);
            if (PdfName.Image.equals(xobject.getAsName(PdfName.Subtype)) || containsImage(xobject, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(200, 60, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLUE);
        g.drawLine(10, 50, 190, 10);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
