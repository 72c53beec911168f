package dev.signet.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.itextpdf.io.source.RandomAccessSourceFactory;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfStream;
import dev.signet.Pdfs;
import dev.signet.document.PdfLimitExceeded.Limit;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every reader Signet makes ({@link SafePdf}) stops a hostile document while it reads it: bombs in
 * page content, object streams and cross-reference streams, too much decoded in all, deep nesting,
 * too much time; and intake refuses documents with more annotations or objects than any real one.
 * Each is built here at test time; none is committed.
 */
class SafePdfLimitsTest {

    private static final long GIGABYTE = 1024L * 1024 * 1024;

    private final PdfInspector inspector = new PdfInspector();
    private final PdfIntake intake = new PdfIntake();

    @Test
    void anObjectStreamThatInflatesToAGigabyteIsStoppedAtTheStreamLimit() {
        byte[] bomb = BadPdfs.objectStreamBomb(GIGABYTE);
        assertThat(bomb.length).isLessThan(2 * 1024 * 1024);

        assertRefusedQuickly(bomb, Limit.STREAM_SIZE);
    }

    @Test
    void aCrossReferenceStreamThatInflatesToAGigabyteIsStoppedAtTheStreamLimit() {
        byte[] bomb = BadPdfs.xrefStreamBomb(GIGABYTE);
        assertThat(bomb.length).isLessThan(2 * 1024 * 1024);

        assertRefusedQuickly(bomb, Limit.STREAM_SIZE);
    }

    @Test
    void aPageContentBombIsStoppedAtTheStreamLimit() {
        assertRefusedQuickly(BadPdfs.decompressionBomb(GIGABYTE), Limit.STREAM_SIZE);
    }

    @Test
    void streamsUnderTheirOwnLimitAreStoppedWhenTogetherTheyDecodeTooMuch() {
        RawPdf raw = new RawPdf();
        int catalog = raw.add("<< /Type /Catalog /Pages 2 0 R >>");
        raw.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        raw.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
        byte[] almostLimit = BadPdfs.deflatedZeros(SafePdf.MAX_STREAM - 1024 * 1024);
        for (int i = 0; i <= SafePdf.MAX_DECODED / SafePdf.MAX_STREAM; i++) {
            raw.addStream("<< /Filter /FlateDecode >>", almostLimit);
        }

        byte[] pdf = raw.build(catalog);

        // Not timed: it decodes over 256 MB of sound data, twice; the CPU budget bounds it anyway.
        assertThatThrownBy(() -> inspector.inspect(pdf))
                .isInstanceOfSatisfying(
                        PdfLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo(Limit.DECODED_TOTAL));
        assertThat(intake.accept(pdf)).isEqualTo(new PdfIntake.Rejected("PDF_READER"));
    }

    @Test
    void aCrossReferenceStreamDeclaringTenMillionObjectsIsRefusedBeforeItIsAllocated() {
        String pdf = new String(BadPdfs.xrefStreamBomb(0), StandardCharsets.ISO_8859_1);
        assertThat(pdf).contains("/Type /XRef /Size 5 ");

        assertRefusedQuickly(
                pdf.replace("/Type /XRef /Size 5 ", "/Type /XRef /Size 10000000 ")
                        .getBytes(StandardCharsets.ISO_8859_1),
                Limit.OBJECTS);
    }

    @Test
    void arraysNestedAHundredThousandDeepAreANestingErrorNotAStackOverflow() {
        assertRefusedQuickly(BadPdfs.deeplyNested(100_000), Limit.NESTING);
        assertThat(inspector.inspect(BadPdfs.deeplyNested(SafePdf.MAX_NESTING - 2)))
                .isInstanceOf(PdfInspector.Readable.class);
    }

    @Test
    void aPageTreeAHundredThousandLevelsDeepIsANestingErrorNotAStackOverflow() {
        assertRefusedQuickly(BadPdfs.deepPageTree(100_000), Limit.NESTING);
    }

    @Test
    void aHundredThousandAnnotationsAreRefusedAtUploadAndAtIntake() {
        byte[] pdf = BadPdfs.annotations(1, 100_000);
        assertThat(pdf.length).isGreaterThan(5_000_000);

        assertRefusedQuickly(pdf, Limit.ANNOTATIONS);
    }

    @Test
    void aThousandAnnotationsOverTenPagesAreFine() {
        byte[] pdf = BadPdfs.annotations(10, 1_000);

        assertThat(inspector.inspect(pdf)).isInstanceOf(PdfInspector.Readable.class);
        assertThat(intake.accept(pdf)).isInstanceOf(PdfIntake.Accepted.class);
    }

    @Test
    void tooManyAnnotationsOnOnePageAreRefusedEvenWhenTheTotalIsFine() {
        assertRefusedQuickly(BadPdfs.annotations(1, SafePdf.MAX_ANNOTATIONS_PER_PAGE + 1), Limit.ANNOTATIONS);
    }

    @Test
    void aReaderThatSpendsItsTimeBudgetStops() throws Exception {
        byte[] pdf = Pdfs.pages(50);
        ReadBudget nothingLeft = new ReadBudget(0, SafePdf.MAX_DECODED);

        assertThatThrownBy(() -> new PdfDocument(
                                SafePdf.limited(new RandomAccessSourceFactory().createSource(pdf), nothingLeft))
                        .close())
                .isInstanceOfSatisfying(
                        PdfLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo(Limit.READING_TIME));
    }

    @Test
    void anOrdinaryDocumentReadsAndDecodesAsBefore() throws Exception {
        byte[] pdf = Pdfs.pages(3);
        try (PdfDocument doc = new PdfDocument(SafePdf.reader(pdf))) {
            PdfStream content = doc.getPage(1).getFirstContentStream();
            assertThat(content.get(PdfName.Filter)).isEqualTo(PdfName.FlateDecode);
            assertThat(content.getBytes(true))
                    .isEqualTo(com.itextpdf.kernel.pdf.filters.FlateDecodeFilter.flateDecode(
                            content.getBytes(false), true));
        }
    }

    private void assertRefusedQuickly(byte[] pdf, Limit limit) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> inspector.inspect(pdf))
                .as("at upload")
                .isInstanceOfSatisfying(
                        PdfLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo(limit));
        assertThat(intake.accept(pdf)).as("at intake").isEqualTo(new PdfIntake.Rejected("PDF_READER"));
        assertThat((System.nanoTime() - start) / 1_000_000)
                .as("milliseconds for both")
                .isLessThan(10_000);
    }
}
