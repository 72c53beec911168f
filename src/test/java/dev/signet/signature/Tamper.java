package dev.signet.signature;

import com.itextpdf.io.font.constants.StandardFonts;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.StampingProperties;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import com.itextpdf.signatures.SignatureUtil;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** What a forger would do to a signed PDF, for tests that prove each is caught. */
final class Tamper {

    private Tamper() {}

    /**
     * Flips one bit of the binary comment on the PDF's second line: every signature's first range
     * covers it, and the file still parses after the change.
     */
    static byte[] changeOneByte(byte[] pdf) {
        byte[] bytes = pdf.clone();
        int comment = indexOf(bytes, "\n%".getBytes(StandardCharsets.US_ASCII)) + 2;
        bytes[comment] ^= 0x01;
        return bytes;
    }

    /** Appends a revision that writes new text on page 1, as an incremental update. */
    static byte[] appendPageChange(byte[] pdf) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument doc = new PdfDocument(
                new PdfReader(new ByteArrayInputStream(pdf)),
                new PdfWriter(out),
                new StampingProperties().useAppendMode())) {
            new PdfCanvas(doc.getPage(1))
                    .beginText()
                    .setFontAndSize(PdfFontFactory.createFont(StandardFonts.HELVETICA), 14)
                    .moveText(72, 40)
                    .showText("The price is now ten times higher.")
                    .endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes signature {@code from}'s CMS, hex-encoded and zero-padded, into signature {@code into}'s /Contents. */
    static byte[] swapContents(byte[] pdf, String into, String from) {
        byte[] bytes = pdf.clone();
        long[] range;
        byte[] cms;
        try (PdfDocument doc = new PdfDocument(new PdfReader(new ByteArrayInputStream(pdf)))) {
            SignatureUtil util = new SignatureUtil(doc);
            range = util.getSignature(into).getByteRange().toLongArray();
            cms = util.getSignature(from).getContents().getValueBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = (int) range[1] + 1;
        int length = (int) (range[2] - range[1]) - 2;
        byte[] hex = HexFormat.of().formatHex(cms).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < length; i++) {
            bytes[start + i] = i < hex.length ? hex[i] : (byte) '0';
        }
        return bytes;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
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
