package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.forms.fields.TextFormFieldBuilder;
import com.itextpdf.io.font.constants.StandardFonts;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.StampingProperties;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import dev.signet.document.SafePdf;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A form field the sender's PDF already had is page content by the time anyone signs: changing
 * the amount it showed after signing is a change the certification forbids, in Signet's verify
 * and in EU DSS, not the form filling it permits.
 */
class SenderFieldsTest extends SignetIntegrationTest {

    private static final String SIGNER = "fiona.fields@example.com";
    private static final Rectangle AMOUNT = new Rectangle(200, 700, 200, 24);

    @Autowired
    Pki pki;

    @TempDir
    Path dir;

    @Test
    void aSenderFieldChangedAfterSigningIsAForbiddenChangeNotFormFilling() throws Exception {
        Tenant tenant = newTenant();
        ObjectNode options = JSON.createObjectNode().put("name", "Invoice");
        options.putArray("recipients")
                .addObject()
                .put("name", "Fiona Fields")
                .put("email", SIGNER)
                .put("role", "Signer 1")
                .putArray("tags")
                .addObject()
                .put("type", "signature")
                .put("name", "sig")
                .put("file_name", "invoice.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.6);
        Api.Response created = api.createEnvelope(
                tenant.liveKey(), options.toString(), Map.of("invoice.pdf", invoiceWithAmountField()));
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        UUID envelopeId = UUID.fromString(created.json().get("envelope_id").asText());
        runJobs(envelopeId);
        Api.Response signed = sign(invitationTo(envelopeId, SIGNER).token());
        assertThat(signed.status()).as(signed.toString()).isEqualTo(204);
        runJobs(envelopeId);
        assertThat(status(envelopeId)).isEqualTo("COMPLETE");
        byte[] sealed = completionPack(tenant.liveKey(), envelopeId).get("invoice.pdf");
        assertThat(Poppler.text(dir, sealed))
                .as("the sender's value is on the page")
                .contains("100.00 EUR");
        try (PdfDocument pdf = new PdfDocument(SafePdf.reader(sealed))) {
            assertThat(PdfAcroForm.getAcroForm(pdf, false).getField("amount"))
                    .as("no longer a field")
                    .isNull();
        }
        assertThat(verify(tenant, sealed).get("valid").asBoolean()).isTrue();

        byte[] changed = changeAmount(sealed, "1,000,000.00 EUR");

        JsonNode report = verify(tenant, changed);
        assertThat(report.get("valid").asBoolean()).as(report.toString()).isFalse();
        JsonNode certification = certification(report);
        assertThat(certification.get("later_changes_permitted").asBoolean())
                .as(certification.toString())
                .isFalse();
        List<String> doubts = Dss.modificationDoubts(
                Dss.validate(Files.write(dir.resolve("changed.pdf"), changed), pki.root(Mode.LIVE)));
        assertThat(doubts)
                .as("EU DSS on the certification")
                .anyMatch(d -> d.startsWith("Signet Seal: ") && d.contains("DocMDP"));
    }

    /** A one-page invoice whose amount is a filled text field, as form tools write them. */
    private static byte[] invoiceWithAmountField() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out))) {
            new PdfCanvas(pdf.addNewPage(PageSize.A4))
                    .beginText()
                    .setFontAndSize(PdfFontFactory.createFont(StandardFonts.HELVETICA), 14)
                    .moveText(72, 708)
                    .showText("Amount due:")
                    .endText();
            PdfFormField amount = new TextFormFieldBuilder(pdf, "amount")
                    .setWidgetRectangle(AMOUNT)
                    .setPage(1)
                    .createText();
            amount.setValue("100.00 EUR");
            PdfAcroForm.getAcroForm(pdf, true).addField(amount);
        }
        return out.toByteArray();
    }

    /**
     * What someone who wants the page to show another amount does, in an incremental update: fill
     * the amount field if the document still has it, otherwise put a field of that name back where
     * it was.
     */
    private static byte[] changeAmount(byte[] pdf, String amount) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument doc =
                new PdfDocument(SafePdf.reader(pdf), new PdfWriter(out), new StampingProperties().useAppendMode())) {
            PdfAcroForm form = PdfAcroForm.getAcroForm(doc, true);
            PdfFormField field = form.getField("amount");
            if (field == null) {
                field = new TextFormFieldBuilder(doc, "amount")
                        .setWidgetRectangle(AMOUNT)
                        .setPage(1)
                        .createText();
                field.setValue(amount);
                form.addField(field, doc.getPage(1));
            } else {
                field.setValue(amount);
            }
        }
        return out.toByteArray();
    }

    private JsonNode verify(Tenant tenant, byte[] pdf) {
        Api.Response response = api.send(api.builder("/v2/verify", tenant.liveKey())
                .header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(pdf)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode certification(JsonNode report) {
        for (JsonNode signature : report.get("signatures")) {
            if (signature.get("field_name").asText().equals(PadesSigning.CERTIFICATION_FIELD)) {
                return signature;
            }
        }
        throw new AssertionError("no certification in " + report);
    }
}
