package dev.signet.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.kernel.pdf.EncryptionConstants;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.StampingProperties;
import com.itextpdf.kernel.pdf.WriterProperties;
import dev.signet.Pdfs;
import dev.signet.document.PdfIntake.Accepted;
import dev.signet.document.PdfIntake.Rejected;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class PdfIntakeTest {

    private final PdfIntake intake = new PdfIntake();

    @Test
    void aPlainPdfIsAcceptedAndRewrittenAsOneRevision() throws Exception {
        byte[] original = Pdfs.pages(3);
        ByteArrayOutputStream updated = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(new PdfReader(new ByteArrayInputStream(original)), new PdfWriter(updated),
                new StampingProperties().useAppendMode())) {
            pdf.getDocumentInfo().setTitle("second revision");
        }
        assertThat(revisions(updated.toByteArray())).isEqualTo(2);

        Accepted accepted = (Accepted) intake.accept(updated.toByteArray());

        assertThat(accepted.pages()).hasSize(3);
        assertThat(accepted.pages().get(0).width()).isEqualTo(595f);
        assertThat(revisions(accepted.pdf())).isEqualTo(1);
    }

    @Test
    void anEncryptedPdfIsPasswordProtected() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WriterProperties encrypted = new WriterProperties().setStandardEncryption("user".getBytes(StandardCharsets.UTF_8),
                "owner".getBytes(StandardCharsets.UTF_8), EncryptionConstants.ALLOW_PRINTING,
                EncryptionConstants.ENCRYPTION_AES_256);
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out, encrypted))) {
            pdf.addNewPage();
        }
        assertThat(code(out.toByteArray())).isEqualTo("PASSWORD_PROTECTED");
    }

    @Test
    void javascriptLaunchActionsEmbeddedFilesAndXfaAreMalicious() {
        assertThat(code(onePage("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", ""))).isEqualTo("MALICIOUS_PDF");
        assertThat(code(onePage("", "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 50 50]"
                + " /A << /S /Launch /F (calc.exe) >> >>]"))).isEqualTo("MALICIOUS_PDF");
        assertThat(code(onePage("/Names << /EmbeddedFiles << /Names [(a.txt) << /Type /Filespec /F (a.txt)"
                + " /EF << /F 4 0 R >> >>] >> >>", ""))).isEqualTo("MALICIOUS_PDF");
        assertThat(code(onePage("/AcroForm << /Fields [] /XFA 4 0 R >>", ""))).isEqualTo("MALICIOUS_PDF");
        assertThat(code(onePage("/Outlines << /First << /Title (x) /A << /S /JavaScript /JS (1) >> >> >>", "")))
                .isEqualTo("MALICIOUS_PDF");
        assertThat(intake.accept(onePage("", ""))).isInstanceOf(Accepted.class);
    }

    @Test
    void corruptEmptyAndLoopingDocumentsCannotBeRead() {
        assertThat(code("%PDF-1.7\nthis is not really a pdf at all".getBytes(StandardCharsets.US_ASCII))).isEqualTo("PDF_READER");
        assertThat(code(new byte[0])).isEqualTo("PDF_READER");
        RawPdf loop = new RawPdf();
        int catalog = loop.add("<< /Type /Catalog /Pages 2 0 R >>");
        loop.add("<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>");
        loop.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
        assertThat(code(loop.build(catalog))).isEqualTo("PDF_READER");
    }

    @Test
    void aSmallFileThatInflatesPastTheLimitIsRejectedQuicklyWithBoundedHeap() {
        byte[] bomb = deflatedZeros(PdfIntake.MAX_SINGLE_STREAM * 4L);
        assertThat(bomb.length).isLessThan(1024 * 1024);
        RawPdf raw = new RawPdf();
        int catalog = raw.add("<< /Type /Catalog /Pages 2 0 R >>");
        raw.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        raw.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>");
        raw.addStream("<< /Filter /FlateDecode >>", bomb);
        long before = System.nanoTime();

        assertThat(code(raw.build(catalog))).isEqualTo("PDF_READER");

        assertThat((System.nanoTime() - before) / 1_000_000).as("milliseconds").isLessThan(10_000);
    }

    @Test
    void moreThanFiveHundredPagesIsTooMany() {
        assertThat(code(Pdfs.pages(PdfIntake.MAX_PAGES + 1))).isEqualTo("TOO_MANY_PAGES");
    }

    /** A one-page PDF with extra catalog entries and extra page entries; object 4 is a spare stream. */
    private static byte[] onePage(String catalogExtra, String pageExtra) {
        RawPdf raw = new RawPdf();
        int catalog = raw.add("<< /Type /Catalog /Pages 2 0 R " + catalogExtra + " >>");
        raw.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        raw.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + pageExtra + " >>");
        raw.addStream("<< >>", "hello".getBytes(StandardCharsets.US_ASCII));
        return raw.build(catalog);
    }

    private static byte[] deflatedZeros(long size) {
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

    private String code(byte[] content) {
        PdfIntake.Outcome outcome = intake.accept(content);
        assertThat(outcome).isInstanceOf(Rejected.class);
        return ((Rejected) outcome).code();
    }

    private static int revisions(byte[] pdf) {
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        return text.split("%%EOF", -1).length - 1;
    }
}
