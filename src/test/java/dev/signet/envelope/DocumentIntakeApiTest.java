package dev.signet.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Api;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import dev.signet.document.BadPdfs;
import dev.signet.document.WordConverterTest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Documents through the real API. A Word document is converted and signed like a PDF. Every kind
 * of bad document: request-level problems are answered at once with the error body and create
 * nothing; document-level ones make the envelope ERRORED with the file and code in
 * {@code details.errors}, invite nobody and keep no prepared document. Never a 500.
 */
class DocumentIntakeApiTest extends SignetIntegrationTest {

    private static final String OPTIONS =
            new Options("Bad input").signer("Ann", "ann.bad@example.com", 1).toString();

    static Stream<Arguments> documentLevel() {
        return Stream.of(
                Arguments.of("encrypted", BadPdfs.encrypted(), "PASSWORD_PROTECTED"),
                Arguments.of("with JavaScript", BadPdfs.javascript(), "MALICIOUS_PDF"),
                Arguments.of("corrupt", BadPdfs.corrupt(), "PDF_READER"),
                Arguments.of("a page-tree loop", BadPdfs.pageTreeLoop(), "PDF_READER"),
                Arguments.of("a Word document LibreOffice cannot read", brokenDocx(), "WORD_DOC_CONV_ERROR"));
    }

    @Test
    void aWordDocumentIsConvertedPreparedAndSigned() throws Exception {
        Tenant tenant = newTenant();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("contract.docx", WordConverterTest.docx("Tenancy agreement between Ann and Ben"));
        String options = OPTIONS.replace("contract.pdf", "contract.docx");
        UUID id = create(tenant, options, files);
        runJobs(id);
        assertThat(status(id)).isEqualTo("ACTIVE");
        assertThat(sign(invitationTo(id, "ann.bad@example.com").token()).status())
                .isEqualTo(204);
        runJobs(id);
        assertThat(status(id)).isEqualTo("COMPLETE");

        Map<String, byte[]> pack = completionPack(tenant.sandboxKey(), id);
        assertThat(pack.keySet()).first().isEqualTo("contract.pdf");
        try (var doc = new com.itextpdf.kernel.pdf.PdfDocument(
                new com.itextpdf.kernel.pdf.PdfReader(new java.io.ByteArrayInputStream(pack.get("contract.pdf"))))) {
            assertThat(com.itextpdf.kernel.pdf.canvas.parser.PdfTextExtractor.getTextFromPage(doc.getFirstPage()))
                    .contains("Tenancy agreement between Ann and Ben")
                    .as("a sandbox document says so on every page")
                    .contains(DocumentSigning.SANDBOX_MARK);
            // Signet's certification, Ann's signature, the seal's document timestamp.
            assertThat(new com.itextpdf.signatures.SignatureUtil(doc).getSignatureNames())
                    .hasSize(3);
        }
    }

    private UUID create(Tenant tenant, String options, Map<String, byte[]> files) {
        Api.Response created = api.createEnvelope(tenant.sandboxKey(), options, files);
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        return UUID.fromString(created.json().get("envelope_id").asText());
    }

    private static byte[] brokenDocx() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("[Content_Types].xml"));
            zip.write("<Types/>".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new java.util.zip.ZipEntry("word/document.xml"));
            zip.write("<not-a-document".getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentLevel")
    void aBadDocumentMakesTheEnvelopeErroredWithItsCode(String what, byte[] content, String code) {
        Tenant tenant = newTenant();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("contract.pdf", content);
        UUID id = create(tenant, OPTIONS, files);

        runJobs(id);

        assertThat(status(id)).isEqualTo("ERRORED");
        JsonNode envelope = api.get("/v2/envelopes/" + id, tenant.sandboxKey()).json();
        JsonNode error = envelope.path("details").path("errors").get(0);
        assertThat(error.get("file_name").asText()).isEqualTo("contract.pdf");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(outbox(id)).isEmpty();
        assertThat(jdbc.sql("select count(*) from document where envelope_id = ? and signed_content is not null")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(processTree(id)).isEmpty();
    }

    static Stream<Arguments> requestLevel() {
        Map<String, byte[]> empty = Map.of("contract.pdf", new byte[0]);
        Map<String, byte[]> notPdf =
                Map.of("contract.pdf", "Dear Sir, this is a letter.".getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> tooMany = new LinkedHashMap<>();
        tooMany.put("contract.pdf", Pdfs.pages(1));
        for (int i = 2; i <= EnvelopeService.MAX_FILES + 1; i++) {
            tooMany.put("extra-" + i + ".pdf", Pdfs.pages(1));
        }
        Map<String, byte[]> tooLarge = new LinkedHashMap<>();
        tooLarge.put("contract.pdf", Pdfs.pages(1));
        tooLarge.put("big.pdf", padded(21 * 1024 * 1024));
        // Over Signet's limits: refused while the caller waits, before it costs a preparation job.
        Map<String, byte[]> bomb = Map.of("contract.pdf", BadPdfs.decompressionBomb(256L * 1024 * 1024));
        return Stream.of(
                Arguments.of("empty", empty, 422, "VALIDATION_FAILED"),
                Arguments.of("a decompression bomb", bomb, 422, "PDF_LIMITS_EXCEEDED"),
                Arguments.of("not a PDF, named .pdf", notPdf, 415, "UNSUPPORTED_FILE_TYPE"),
                Arguments.of("21 files", tooMany, 422, "VALIDATION_FAILED"),
                Arguments.of("21 MB", tooLarge, 413, "PAYLOAD_TOO_LARGE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestLevel")
    void aBadRequestIsAnsweredAtOnceAndCreatesNothing(String what, Map<String, byte[]> files, int status, String code) {
        Tenant tenant = newTenant();

        Api.Response response = api.createEnvelope(tenant.sandboxKey(), OPTIONS, files);

        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.json().get("code").asText()).isEqualTo(code);
        assertThat(response.json().get("message").asText()).isNotBlank();
        assertThat(jdbc.sql("select count(*) from envelope where organisation_id = ?")
                        .param(tenant.organisationId())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    /** A valid PDF grown to {@code size} bytes by a comment after its end. */
    private static byte[] padded(int size) {
        byte[] pdf = Pdfs.pages(1);
        byte[] out = new byte[size];
        System.arraycopy(pdf, 0, out, 0, pdf.length);
        out[pdf.length] = '%';
        for (int i = pdf.length + 1; i < size; i++) {
            out[i] = 'x';
        }
        return out;
    }
}
