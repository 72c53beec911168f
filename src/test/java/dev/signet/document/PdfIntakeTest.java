package dev.signet.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.StampingProperties;
import dev.signet.Pdfs;
import dev.signet.document.PdfIntake.Accepted;
import dev.signet.document.PdfIntake.Rejected;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PdfIntakeTest {

    private final PdfIntake intake = new PdfIntake();

    @Test
    void aPlainPdfIsAcceptedAndRewrittenAsOneRevision() throws Exception {
        byte[] original = Pdfs.pages(3);
        ByteArrayOutputStream updated = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(
                new PdfReader(new ByteArrayInputStream(original)),
                new PdfWriter(updated),
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
        assertThat(code(BadPdfs.encrypted())).isEqualTo("PASSWORD_PROTECTED");
    }

    @Test
    void javascriptLaunchActionsEmbeddedFilesAndXfaAreMalicious() {
        assertThat(code(BadPdfs.javascript())).isEqualTo("MALICIOUS_PDF");
        assertThat(code(BadPdfs.onePage(
                        "",
                        "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 50 50]"
                                + " /A << /S /Launch /F (calc.exe) >> >>]")))
                .isEqualTo("MALICIOUS_PDF");
        assertThat(code(BadPdfs.onePage(
                        "/Names << /EmbeddedFiles << /Names [(a.txt) << /Type /Filespec /F (a.txt)"
                                + " /EF << /F 4 0 R >> >>] >> >>",
                        "")))
                .isEqualTo("MALICIOUS_PDF");
        assertThat(code(BadPdfs.onePage("/AcroForm << /Fields [] /XFA 4 0 R >>", "")))
                .isEqualTo("MALICIOUS_PDF");
        assertThat(code(BadPdfs.onePage("/Outlines << /First << /Title (x) /A << /S /JavaScript /JS (1) >> >> >>", "")))
                .isEqualTo("MALICIOUS_PDF");
        assertThat(intake.accept(BadPdfs.onePage("", ""))).isInstanceOf(Accepted.class);
    }

    @Test
    void corruptEmptyAndLoopingDocumentsCannotBeRead() {
        assertThat(code(BadPdfs.corrupt())).isEqualTo("PDF_READER");
        assertThat(code(new byte[0])).isEqualTo("PDF_READER");
        assertThat(code(BadPdfs.pageTreeLoop())).isEqualTo("PDF_READER");
    }

    @Test
    void aSmallFileThatInflatesPastTheLimitIsRejectedQuicklyWithBoundedHeap() {
        byte[] bomb = BadPdfs.decompressionBomb(PdfIntake.MAX_SINGLE_STREAM * 4L);
        assertThat(bomb.length).isLessThan(1024 * 1024);
        long before = System.nanoTime();

        assertThat(code(bomb)).isEqualTo("PDF_READER");

        assertThat((System.nanoTime() - before) / 1_000_000).as("milliseconds").isLessThan(10_000);
    }

    @Test
    void moreThanFiveHundredPagesIsTooMany() {
        assertThat(code(Pdfs.pages(PdfIntake.MAX_PAGES + 1))).isEqualTo("TOO_MANY_PAGES");
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
