package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.io.font.constants.StandardFonts;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import com.itextpdf.kernel.pdf.canvas.parser.PdfTextExtractor;
import com.itextpdf.kernel.pdf.canvas.parser.filter.TextRegionEventFilter;
import com.itextpdf.kernel.pdf.canvas.parser.listener.FilteredTextEventListener;
import com.itextpdf.kernel.pdf.canvas.parser.listener.LocationTextExtractionStrategy;
import dev.signet.Api;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import dev.signet.evidence.EvidenceXml;
import dev.signet.notification.OutboxDispatcher;
import dev.signet.notification.Smtp;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.reports.Reports;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole promise of Signet, end to end through the API and the processes: a 3-signer envelope
 * in 2 sign groups, 2 documents (one with every tag type placed explicitly, one auto-tagged by
 * anchors), each signer's values and signature applied, the documents sealed; then every
 * signature is checked by EU DSS and by poppler's pdfsig, every value is found where its tag was
 * placed, and the completion pack and email hold what they should.
 */
class SignedEnvelopeTest extends SignetIntegrationTest {

    @RegisterExtension
    static GreenMailExtension smtp = Smtp.server();

    @Autowired
    Pki pki;

    @Autowired
    OutboxDispatcher dispatcher;

    @TempDir
    Path dir;

    private static final String ALICE = "alice.signed@example.com";
    private static final String BOB = "bob.signed@example.com";
    private static final String CAROL = "carol.signed@example.com";
    private static final String DAVE = "dave.cc@example.com";

    @Test
    void threeSignersTwoGroupsTwoDocumentsEveryTagTypeSealedAndValidEverywhere() throws Exception {
        Tenant tenant = newTenant();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("contract.pdf", Pdfs.pages(2));
        files.put("lease.pdf", anchoredLease());
        Api.Response created = api.createEnvelope(tenant.liveKey(), options().toString(), files);
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        UUID envelopeId = UUID.fromString(created.json().get("envelope_id").asText());
        runJobs(envelopeId);
        assertThat(status(envelopeId)).isEqualTo("ACTIVE");

        byte[] attachment = Pdfs.pages(1);
        String bobSignature = drawnSignature();
        submit(
                invitationTo(envelopeId, ALICE).token(),
                Map.of(
                        "alice_sign",
                        "Alice Adams",
                        "alice_initials",
                        "AA",
                        "alice_company",
                        "Adams & Co",
                        "alice_agree",
                        "true",
                        "plan_a",
                        "false",
                        "plan_b",
                        "true",
                        "lease_name",
                        "Alice Adams, tenant"));
        submit(
                invitationTo(envelopeId, BOB).token(),
                Map.of(
                        "bob_sign",
                        bobSignature,
                        "bob_phone",
                        "+44 20 7946 0000",
                        "bob_id",
                        "data:application/pdf;name=passport%20scan.pdf;base64,"
                                + Base64.getEncoder().encodeToString(attachment)));
        runJobs(envelopeId);
        assertThat(outbox(envelopeId, "INVITATION"))
                .extracting(Message::address)
                .contains(CAROL);
        submit(invitationTo(envelopeId, CAROL).token(), Map.of("carol_sign", "Carol Clark"));
        runJobs(envelopeId);
        assertThat(status(envelopeId)).isEqualTo("COMPLETE");

        Map<String, byte[]> pack = completionPack(tenant.liveKey(), envelopeId);
        assertThat(pack.keySet())
                .contains(
                        "contract.pdf",
                        "lease.pdf",
                        "coversheet.pdf",
                        "evidence.xml",
                        "attachments/Bob Brown - passport scan.pdf");
        assertThat(pack.get("attachments/Bob Brown - passport scan.pdf")).isEqualTo(attachment);

        for (String document : List.of("contract.pdf", "lease.pdf")) {
            Path pdf = Files.write(dir.resolve(document), pack.get(document));
            Reports reports = Dss.validate(pdf, pki.root(Mode.LIVE));
            SimpleReport report = reports.getSimpleReport();
            assertThat(Dss.modificationDoubts(reports))
                    .as(document + ": filling and signing are permitted changes")
                    .isEmpty();
            // Signet's certification plus one signature per signer.
            assertThat(report.getSignatureIdList()).as(document).hasSize(4);
            for (String id : report.getSignatureIdList()) {
                assertThat(report.getSignatureFormat(id))
                        .as(document + " " + report.getSignedBy(id))
                        .isEqualTo(SignatureLevel.PAdES_BASELINE_LTA);
                assertThat(report.getIndication(id))
                        .as(document + " " + report.getSignedBy(id) + " "
                                + report.getSubIndication(id) + " "
                                + report.getAdESValidationErrors(id).stream()
                                        .map(eu.europa.esig.dss.jaxb.object.Message::getValue)
                                        .toList())
                        .isEqualTo(Indication.TOTAL_PASSED);
            }
            assertThat(report.getSignatureIdList())
                    .extracting(report::getSignedBy)
                    .anyMatch(s -> s.contains("Alice Adams"))
                    .anyMatch(s -> s.contains("Bob Brown"))
                    .anyMatch(s -> s.contains("Carol Clark"));
            JsonNode verified = verify(tenant, pack.get(document));
            assertThat(verified.get("valid").asBoolean())
                    .as(document + " " + verified)
                    .isTrue();
            assertThat(verified.get("signatures"))
                    .allSatisfy(s -> assertThat(s.get("later_changes_permitted").asBoolean())
                            .as(document + " " + s)
                            .isTrue());
            String pdfsig = Poppler.pdfsig(dir, pdf, pki.root(Mode.LIVE));
            assertThat(Poppler.count(pdfsig, "Signature Validation: Signature is Valid."))
                    .as(pdfsig)
                    .isEqualTo(4);
        }

        byte[] contract = pack.get("contract.pdf");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(textAtTag(contract, 1, 0.1, 0.30, 0.4, 20)).contains("Adams & Co");
        assertThat(textAtTag(contract, 1, 0.1, 0.36, 0.3, 20)).contains("REF-42");
        assertThat(textAtTag(contract, 1, 0.6, 0.30, 110 / PageSize.A4.getWidth(), 20))
                .contains(today);
        assertThat(textAtTag(contract, 1, 0.1, 0.15, 180 / PageSize.A4.getWidth(), 50))
                .contains("Alice Adams");
        assertThat(textAtTag(contract, 1, 0.6, 0.15, 60 / PageSize.A4.getWidth(), 40))
                .contains("AA");
        assertThat(textAtTag(contract, 2, 0.1, 0.30, 0.4, 20)).contains("+44 20 7946 0000");
        // Bob drew his signature: the picture is no text, the caption under it is.
        assertThat(textAtTag(contract, 2, 0.1, 0.15, 180 / PageSize.A4.getWidth(), 50))
                .contains("Bob Brown");
        assertThat(textAtTag(contract, 2, 0.1, 0.50, 180 / PageSize.A4.getWidth(), 50))
                .contains("Carol Clark");
        assertThat(textAtTag(contract, 2, 0.6, 0.50, 110 / PageSize.A4.getWidth(), 20))
                .contains(today);
        Map<String, String> values = fieldValues(contract);
        assertThat(values.get("alice_agree")).isNotIn(null, "Off", "");
        assertThat(values.get("group:plan")).as("Alice chose plan_b").isEqualTo("plan_b");
        byte[] lease = pack.get("lease.pdf");
        assertThat(Poppler.text(dir, lease))
                .contains("Alice Adams, tenant")
                .doesNotContain("|AT|", "|S1")
                .as("a live document carries no sandbox mark")
                .doesNotContain("SANDBOX");

        // The coversheet names each document's hash before and after; the evidence is signed by the seal.
        String coversheet = Poppler.text(dir, pack.get("coversheet.pdf")).replaceAll("\\s+", "");
        assertThat(coversheet).contains(sha256(files.get("contract.pdf")), sha256(contract), sha256(lease));
        assertThat(coversheet).contains("AliceAdams", ALICE, "BobBrown", "CarolClark");
        assertThat(EvidenceXml.verify(
                        pack.get("evidence.xml"),
                        pki.sealKey(Mode.LIVE).certificate().getPublicKey()))
                .isTrue();
        assertThat(new String(pack.get("evidence.xml"), java.nio.charset.StandardCharsets.UTF_8))
                .contains("recipient_signed", "signature_applied", "documents_sealed", "envelope_completed");

        // The completion email carries the pack, to the signers and to the CC.
        // Other tests' messages share the table; deliver until nothing is due.
        while (dispatcher.dispatchDue() > 0) {
            continue;
        }
        for (String address : List.of(ALICE, DAVE)) {
            List<MimeMessage> received = Smtp.receivedBy(smtp, address);
            MimeMessage completion = received.stream()
                    .filter(m -> subject(m).startsWith("Completed"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no completion email to " + address));
            assertThat(attachmentNames(completion))
                    .contains("contract.pdf", "lease.pdf", "coversheet.pdf", "evidence.xml");
        }
    }

    /**
     * A signature placed where the reference allows it but where its 180 × 50 pt would cross the
     * page's corner (x = y = 0.949 on A4) is fitted inside the page, signed there, and the sealed
     * document still validates: EU DSS TOTAL_PASSED for every signature, the signer's name drawn
     * inside the page.
     */
    @Test
    void aSignatureAtThePagesCornerIsSignedInsideThePageAndValidates() throws Exception {
        Tenant tenant = newTenant();
        ObjectNode root = JSON.createObjectNode().put("name", "Corner");
        ObjectNode edna = signer(root.putArray("recipients"), "Edna Edge", "edna.edge@example.com", "Signer", 1);
        ArrayNode tags = edna.putArray("tags");
        tag(tags, "signature", "edna_sign", 1, 0.949, 0.949);
        tag(tags, "date_signed_field", "edna_date", 2, 0.949, 0.949);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("contract.pdf", Pdfs.pages(2));
        Api.Response created = api.createEnvelope(tenant.liveKey(), root.toString(), files);
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        UUID envelopeId = UUID.fromString(created.json().get("envelope_id").asText());
        runJobs(envelopeId);
        submit(invitationTo(envelopeId, "edna.edge@example.com").token(), Map.of("edna_sign", "Edna Edge"));
        runJobs(envelopeId);
        assertThat(status(envelopeId)).isEqualTo("COMPLETE");

        byte[] contract = completionPack(tenant.liveKey(), envelopeId).get("contract.pdf");
        Path pdf = Files.write(dir.resolve("corner.pdf"), contract);
        Reports reports = Dss.validate(pdf, pki.root(Mode.LIVE));
        SimpleReport report = reports.getSimpleReport();
        assertThat(Dss.modificationDoubts(reports)).isEmpty();
        assertThat(report.getSignatureIdList()).hasSize(2);
        for (String id : report.getSignatureIdList()) {
            assertThat(report.getIndication(id))
                    .as(report.getSignedBy(id) + " " + report.getSubIndication(id))
                    .isEqualTo(Indication.TOTAL_PASSED);
        }
        try (PdfDocument doc = new PdfDocument(new PdfReader(new ByteArrayInputStream(contract)))) {
            Rectangle crop = doc.getPage(1).getCropBox();
            Rectangle widget = doc.getPage(1).getAnnotations().stream()
                    .map(a -> a.getRectangle().toRectangle())
                    .filter(r -> r.getWidth() > 0)
                    .findFirst()
                    .orElseThrow();
            assertThat(widget.getRight()).isLessThanOrEqualTo(crop.getRight() + 0.001f);
            assertThat(widget.getBottom()).isGreaterThanOrEqualTo(crop.getBottom() - 0.001f);
            assertThat(widget.getWidth()).isEqualTo(180f);
            assertThat(widget.getHeight()).isEqualTo(50f);
        }
        // The signed appearance is drawn in the fitted box: 180 × 50 pt ending on the page's corner.
        double x = (PageSize.A4.getWidth() - 180) / PageSize.A4.getWidth();
        double y = (PageSize.A4.getHeight() - 50) / PageSize.A4.getHeight();
        assertThat(textAtTag(contract, 1, x, y, 180 / PageSize.A4.getWidth(), 50))
                .contains("Edna Edge");
        // The date at page 2's corner is filled (its only text after the page's own line).
        assertThat(Poppler.text(dir, contract))
                .contains(LocalDate.now(ZoneOffset.UTC).toString());
        String pdfsig = Poppler.pdfsig(dir, pdf, pki.root(Mode.LIVE));
        assertThat(Poppler.count(pdfsig, "Signature Validation: Signature is Valid."))
                .as(pdfsig)
                .isEqualTo(2);
    }

    private String options() {
        ObjectNode root =
                JSON.createObjectNode().put("name", "Lease and contract").put("autotagging", "GENERAL");
        ArrayNode recipients = root.putArray("recipients");
        ObjectNode alice = signer(recipients, "Alice Adams", ALICE, "Signer 1", 1);
        ArrayNode a = alice.putArray("tags");
        tag(a, "signature", "alice_sign", 1, 0.1, 0.15);
        tag(a, "initials", "alice_initials", 1, 0.6, 0.15);
        tag(a, "text_field", "alice_company", 1, 0.1, 0.30).put("width", 0.4).put("help_text", "Your company");
        tag(a, "text_field", "alice_ref", 1, 0.1, 0.36)
                .put("prefilled_value", "REF-42")
                .put("readonly", true);
        tag(a, "checkbox_field", "alice_agree", 1, 0.1, 0.42);
        tag(a, "radio_field", "plan_a", 1, 0.1, 0.48).put("tag_group_name", "plan");
        tag(a, "radio_field", "plan_b", 1, 0.3, 0.48).put("tag_group_name", "plan");
        tag(a, "date_signed_field", "alice_date", 1, 0.6, 0.30);
        ObjectNode bob = signer(recipients, "Bob Brown", BOB, "Signer 2", 1);
        ArrayNode b = bob.putArray("tags");
        tag(b, "signature", "bob_sign", 2, 0.1, 0.15);
        tag(b, "text_field", "bob_phone", 2, 0.1, 0.30)
                .put("width", 0.4)
                .putObject("validation")
                .put("regex", "^\\+?[0-9 ]{6,20}$")
                .put("error_message", "a phone number");
        tag(b, "attachment", "bob_id", 2, 0.8, 0.30);
        ObjectNode carol = signer(recipients, "Carol Clark", CAROL, "Signer 3", 2);
        ArrayNode c = carol.putArray("tags");
        tag(c, "signature", "carol_sign", 2, 0.1, 0.50);
        tag(c, "date_signed_field", "carol_date", 2, 0.6, 0.50);
        recipients.addObject().put("type", "CC").put("name", "Dave Doyle").put("email", DAVE);
        return root.toString();
    }

    private static ObjectNode signer(ArrayNode recipients, String name, String email, String role, int group) {
        return recipients
                .addObject()
                .put("name", name)
                .put("email", email)
                .put("role", role)
                .put("sign_group", group);
    }

    private static ObjectNode tag(ArrayNode tags, String type, String name, int page, double x, double y) {
        return tags.addObject()
                .put("type", type)
                .put("name", name)
                .put("file_name", "contract.pdf")
                .put("page_number", page)
                .put("x", x)
                .put("y", y);
    }

    /** An A4 page with the |AT| header and one anchor per signer, and a named text anchor for Alice. */
    private static byte[] anchoredLease() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out))) {
            PdfCanvas canvas = new PdfCanvas(pdf.addNewPage(PageSize.A4));
            var font = PdfFontFactory.createFont(StandardFonts.HELVETICA);
            String[] lines = {
                "|AT| Residential lease",
                "Tenant name: |S1TR{\"nm\":\"lease_name\"}|",
                "Tenant: |S1SR|",
                "Guarantor: |S2SR|",
                "Landlord: |S3SR|"
            };
            for (int i = 0; i < lines.length; i++) {
                canvas.beginText()
                        .setFontAndSize(font, 11)
                        .moveText(72, 760 - 90 * i)
                        .showText(lines[i])
                        .endText();
            }
        }
        return out.toByteArray();
    }

    /** Signet's own, strict verdict: {@code POST /v2/verify}. */
    private JsonNode verify(Tenant tenant, byte[] pdf) {
        Api.Response response = api.send(api.builder("/v2/verify", tenant.liveKey())
                .header("Content-Type", "application/pdf")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(pdf)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private void submit(String token, Map<String, String> values) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode tags = body.putArray("tags");
        Api.Response view = api.get("/v2/signing/" + token, null);
        for (JsonNode tag : view.json().get("tags")) {
            String name = tag.get("name").asText();
            if (values.containsKey(name)) {
                tags.addObject().put("name", name).put("value", values.get(name));
            } else if (tag.get("type").asText().equals("signature")) {
                // The anchored signature on the lease: the same way of signing as on the contract.
                String own = values.entrySet().stream()
                        .filter(e -> e.getKey().endsWith("_sign"))
                        .findFirst()
                        .orElseThrow()
                        .getValue();
                tags.addObject().put("name", name).put("value", own);
            }
        }
        Api.Response response = api.postJson("/v2/signing/" + token + "/submit", null, body.toString());
        assertThat(response.status()).as(response.toString()).isEqualTo(204);
    }

    /** A hand-drawn-looking squiggle, as the signing page's canvas would send it. */
    private static String drawnSignature() throws IOException {
        BufferedImage image = new BufferedImage(360, 100, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(20, 30, 90));
        g.setStroke(new BasicStroke(4));
        g.drawPolyline(new int[] {10, 60, 90, 140, 180, 240, 300, 350}, new int[] {70, 20, 80, 30, 75, 25, 70, 40}, 8);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }

    /** The text drawn inside a tag's box (fractions from the top-left, size in points) once fields are flattened. */
    private static String textAtTag(byte[] pdf, int page, double x, double y, double widthFraction, double heightPt) {
        ByteArrayOutputStream flat = new ByteArrayOutputStream();
        try (PdfDocument doc = new PdfDocument(new PdfReader(new ByteArrayInputStream(pdf)), new PdfWriter(flat))) {
            PdfAcroForm.getAcroForm(doc, false).flattenFields();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (PdfDocument doc = new PdfDocument(new PdfReader(new ByteArrayInputStream(flat.toByteArray())))) {
            Rectangle box = doc.getPage(page).getCropBox();
            float left = (float) (box.getLeft() + x * box.getWidth());
            float top = (float) (box.getTop() - y * box.getHeight());
            Rectangle region = new Rectangle(
                    left, top - (float) heightPt, (float) (widthFraction * box.getWidth()), (float) heightPt);
            return PdfTextExtractor.getTextFromPage(
                    doc.getPage(page),
                    new FilteredTextEventListener(
                            new LocationTextExtractionStrategy(), new TextRegionEventFilter(region)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signet's fields by their tag name (radio groups as group:name), with their values. */
    private static Map<String, String> fieldValues(byte[] pdf) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        try (PdfDocument doc = new PdfDocument(new PdfReader(new ByteArrayInputStream(pdf)))) {
            for (Map.Entry<String, PdfFormField> e :
                    PdfAcroForm.getAcroForm(doc, false).getAllFormFields().entrySet()) {
                String name = e.getKey();
                String partial = name.substring(name.lastIndexOf('.') + 1);
                // Partial names end with "~<owner id>" (radio groups excepted).
                String tag = partial.contains("~") ? partial.substring(0, partial.lastIndexOf('~')) : partial;
                values.put(tag.replace("%3A", ":"), e.getValue().getValueAsString());
            }
        }
        return values;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> attachmentNames(MimeMessage message) throws Exception {
        List<String> names = new ArrayList<>();
        collect(message, names);
        return names;
    }

    private static void collect(Part part, List<String> names) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), names);
            }
        } else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            names.add(part.getFileName());
        }
    }
}
