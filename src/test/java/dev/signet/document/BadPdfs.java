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
        WriterProperties encrypted = new WriterProperties()
                .setStandardEncryption(
                        "user".getBytes(StandardCharsets.UTF_8),
                        "owner".getBytes(StandardCharsets.UTF_8),
                        EncryptionConstants.ALLOW_PRINTING,
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

    /**
     * Under 1 MB on disk, a document whose catalog sits in an object stream that inflates to
     * {@code inflated} bytes: whoever opens the document decodes it.
     */
    public static byte[] objectStreamBomb(long inflated) {
        RawPdf raw = new RawPdf();
        int catalog = raw.reserve();
        raw.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        raw.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
        byte[] header = (catalog + " 0 ").getBytes(StandardCharsets.US_ASCII);
        byte[] body = "<< /Type /Catalog /Pages 2 0 R >>\n".getBytes(StandardCharsets.US_ASCII);
        byte[] prefix = new byte[header.length + body.length];
        System.arraycopy(header, 0, prefix, 0, header.length);
        System.arraycopy(body, 0, prefix, header.length, body.length);
        int stream = raw.addStream(
                "<< /Type /ObjStm /N 1 /First " + header.length + " /Filter /FlateDecode >>",
                deflated(prefix, inflated));
        return raw.buildWithXrefStream(catalog, java.util.Map.of(catalog, new int[] {stream, 0}), "", data -> data);
    }

    /** Under 1 MB on disk, a document whose cross-reference stream inflates to {@code inflated} bytes. */
    public static byte[] xrefStreamBomb(long inflated) {
        RawPdf raw = new RawPdf();
        int catalog = raw.add("<< /Type /Catalog /Pages 2 0 R >>");
        raw.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        raw.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
        return raw.buildWithXrefStream(
                catalog, java.util.Map.of(), "/Filter /FlateDecode", entries -> deflated(entries, inflated));
    }

    /** A small file with {@code count} link annotations spread over {@code pages} pages. */
    public static byte[] annotations(int pages, int count) {
        RawPdf raw = new RawPdf();
        int catalog = raw.add("<< /Type /Catalog /Pages 2 0 R >>");
        StringBuilder kids = new StringBuilder();
        for (int p = 0; p < pages; p++) {
            kids.append(3 + p).append(" 0 R ");
        }
        raw.add("<< /Type /Pages /Kids [" + kids + "] /Count " + pages + " >>");
        int annotation = 3 + pages;
        for (int p = 0; p < pages; p++) {
            int onPage = count / pages + (p < count % pages ? 1 : 0);
            StringBuilder annots = new StringBuilder();
            for (int a = 0; a < onPage; a++) {
                annots.append(annotation++).append(" 0 R ");
            }
            raw.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [" + annots + "] >>");
        }
        for (int a = 3 + pages; a < annotation; a++) {
            raw.add("<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /Border [0 0 0] >>");
        }
        return raw.build(catalog);
    }

    /** A page whose dictionary holds an array nested {@code depth} deep. */
    public static byte[] deeplyNested(int depth) {
        return onePage("", "/Deep " + "[".repeat(depth) + "]".repeat(depth));
    }

    /** A page tree {@code depth} levels deep, each node with one kid. */
    public static byte[] deepPageTree(int depth) {
        RawPdf raw = new RawPdf();
        int catalog = raw.add("<< /Type /Catalog /Pages 2 0 R >>");
        for (int level = 0; level < depth; level++) {
            int self = 2 + level;
            String parent = level == 0 ? "" : " /Parent " + (self - 1) + " 0 R";
            raw.add("<< /Type /Pages /Kids [" + (self + 1) + " 0 R] /Count 1" + parent + " >>");
        }
        raw.add("<< /Type /Page /Parent " + (1 + depth) + " 0 R /MediaBox [0 0 595 842] >>");
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
        return deflated(new byte[0], size);
    }

    /**
     * Deflated streams already made in this test JVM, by prefix and size: a gigabyte of zeros takes
     * seconds to deflate, and several test classes build the same bomb.
     */
    private static final java.util.Map<String, byte[]> DEFLATED = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code prefix} followed by {@code size} zero bytes, deflated without holding them in memory. */
    public static byte[] deflated(byte[] prefix, long size) {
        String key = java.util.HexFormat.of().formatHex(prefix) + "+" + size;
        return DEFLATED.computeIfAbsent(key, k -> deflate(prefix, size)).clone();
    }

    private static byte[] deflate(byte[] prefix, long size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        deflater.setInput(prefix);
        while (!deflater.needsInput()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
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
