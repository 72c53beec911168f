package dev.signet.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.canvas.parser.PdfTextExtractor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Runs the real LibreOffice, which .ci/run installs (Debian's libreoffice-writer-nogui). */
public class WordConverterTest {

    private final WordConverter converter = new WordConverter("soffice", 120);

    @Test
    void aDocxBecomesAPdfWithItsText() throws IOException {
        assertThat(converter.available())
                .as("LibreOffice (soffice) must be installed for this test")
                .isTrue();
        byte[] docx = docx("Tenancy agreement between Alice and Bob");
        assertThat(FileType.sniff(docx)).isEqualTo(FileType.DOCX);

        byte[] pdf = converter.toPdf(docx, FileType.DOCX);

        assertThat(FileType.sniff(pdf)).isEqualTo(FileType.PDF);
        try (PdfDocument document = new PdfDocument(new PdfReader(new ByteArrayInputStream(pdf)))) {
            assertThat(PdfTextExtractor.getTextFromPage(document.getFirstPage()))
                    .contains("Tenancy agreement between Alice and Bob");
        }
    }

    @Test
    void aBrokenWordDocumentFailsToConvert() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write("<not-a-document".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> converter.toPdf(bytes.toByteArray(), FileType.DOCX))
                .isInstanceOf(WordConverter.ConversionFailed.class);
    }

    @Test
    void aMissingLibreOfficeIsReportedAsUnavailable() {
        assertThat(new WordConverter("/nonexistent/soffice", 5).available()).isFalse();
    }

    /** The smallest WordprocessingML package Word and LibreOffice open: one paragraph of text. */
    public static byte[] docx(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                    <Default Extension="xml" ContentType="application/xml"/>
                    <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
                    </Types>""");
            entry(zip, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
                    </Relationships>""");
            entry(zip, "word/document.xml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
                    <w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body>
                    </w:document>""".formatted(text));
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
