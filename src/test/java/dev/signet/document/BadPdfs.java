package dev.signet.document;

import com.itextpdf.kernel.pdf.EncryptionConstants;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.WriterProperties;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/** Documents Signet must refuse, built byte by byte where no library would write them. */
public final class BadPdfs {

    private BadPdfs() {}

    public static byte[] encrypted() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WriterProperties encrypted = new WriterProperties().setStandardEncryption("user".getBytes(StandardCharsets.UTF_8),
                "owner".getBytes(StandardCharsets.UTF_8), EncryptionConstants.ALLOW_PRINTING,
                EncryptionConstants.ENCRYPTION_AES_256);
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out, encrypted))) {
            pdf.addNewPage();
        }
        return out.toByteArray();
    }

    public static byte[] javascript() {
        return onePage("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", "");
    }

    public static byte[] corrupt() {
        return "%PDF-1.7\nthis is not really a pdf at all".getBytes(StandardCharsets.US_ASCII);
    }

    /** A page tree whose node lists itself among its kids. */
    public static byte[] pageTreeLoop() {
        RawPdf loop = new RawPdf();
        int catalog = loop.add("<< /Type /Catalog /Pages 2 0 R >>");
        loop.add("<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>");
        loop.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
        return loop.build(catalog);
    }

    /** Under 1 MB on disk, a page content stream that inflates to {@code inflated} bytes of zeros. */
    public static byte[] decompressionBomb(long inflated) {
        RawPdf raw = new RawPdf();
        int catalog = raw.add("<< /Type /Catalog /Pages 2 0 R >>");
        raw.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        raw.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>");
        raw.addStream("<< /Filter /FlateDecode >>", deflatedZeros(inflated));
        return raw.build(catalog);
    }

    /** A one-page PDF with extra catalog entries and extra page entries; object 4 is a spare stream. */
    static byte[] onePage(String catalogExtra, String pageExtra) {
        RawPdf raw = new RawPdf();
        int catalog = raw.add("<< /Type /Catalog /Pages 2 0 R " + catalogExtra + " >>");
        raw.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        raw.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + pageExtra + " >>");
        raw.addStream("<< >>", "hello".getBytes(StandardCharsets.US_ASCII));
        return raw.build(catalog);
    }

    static byte[] deflatedZeros(long size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long written = 0; written < size; written += zeros.length) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return out.toByteArray();
    }
}
