package dev.signet.assurance;

import com.itextpdf.io.font.constants.StandardFonts;
import com.itextpdf.kernel.colors.ColorConstants;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.layout.Document;
import com.itextpdf.layout.element.Cell;
import com.itextpdf.layout.element.Paragraph;
import com.itextpdf.layout.element.Table;
import com.itextpdf.layout.properties.UnitValue;
import dev.signet.tagging.Fonts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * The PDF report of a concluded identity session (reference 1.13, endpoint 18): who was checked for
 * which envelope, by which provider and configuration, what each check recommended, what the
 * session came to and whether a name read from a document was compared with the recipient's. It
 * states the outcome Signet acted on; the images stay with the provider (media endpoint).
 */
final class IdvReport {

    private IdvReport() {}

    static byte[] render(
            UUID envelopeId,
            UUID recipientId,
            String recipientName,
            IdvService.Summary summary,
            boolean readsName,
            IdvResultJson result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out));
                Document doc = new Document(pdf, PageSize.A4)) {
            PdfFont regular = Fonts.of(pdf).text();
            PdfFont bold = PdfFontFactory.createFont(StandardFonts.HELVETICA_BOLD);
            doc.setFont(regular).setFontSize(10);
            pdf.getDocumentInfo().setTitle("Identity verification report");
            doc.add(new Paragraph("Identity verification report").setFont(bold).setFontSize(16));
            if (SandboxIdvProvider.NAME.equals(summary.provider())) {
                doc.add(new Paragraph("SANDBOX - test session, no identity document was read")
                        .setFontColor(ColorConstants.RED));
            }
            Table facts = new Table(UnitValue.createPercentArray(new float[] {35, 65}))
                    .useAllAvailableWidth()
                    .setMarginBottom(12);
            row(facts, bold, "Envelope", envelopeId.toString());
            row(facts, bold, "Recipient", recipientName + " (" + recipientId + ")");
            row(facts, bold, "Provider", summary.provider());
            row(facts, bold, "Session", summary.sessionId());
            row(facts, bold, "Configuration", summary.sessionConfigName());
            row(facts, bold, "Outcome", outcome(summary.outcome()));
            boolean compared = summary.verifiedName() != null && !"DOCUMENT_REJECTED".equals(summary.outcome());
            String read = summary.verifiedName() != null
                    ? summary.verifiedName()
                    : readsName ? "none read" : "not read: this configuration checks liveness only";
            row(facts, bold, "Name on the document", read);
            row(facts, bold, "Name compared", compared ? "yes (case, accents, spacing and word order ignored)" : "no");
            row(
                    facts,
                    bold,
                    "Documents",
                    result.documents().isEmpty() ? "none" : String.join(", ", result.documents()));
            row(facts, bold, "Started", iso(summary.startedAt()));
            row(facts, bold, "Completed", iso(summary.completedAt()));
            row(facts, bold, "Sessions used", summary.sessions() + " of " + summary.limit());
            doc.add(facts);
            doc.add(new Paragraph("Checks").setFont(bold).setFontSize(12));
            Table checks = new Table(UnitValue.createPercentArray(new float[] {50, 20, 30})).useAllAvailableWidth();
            for (String title : new String[] {"Check", "State", "Recommendation"}) {
                checks.addHeaderCell(new Cell().add(new Paragraph(title).setFont(bold)));
            }
            for (IdvResultJson.Check check : result.checks()) {
                checks.addCell(check.type()).addCell(check.state()).addCell(check.recommendation());
            }
            doc.add(checks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String outcome(String outcome) {
        return switch (outcome) {
            case "APPROVED" -> "APPROVED: every check passed";
            case "DOCUMENT_REJECTED" -> "DOCUMENT_REJECTED: a check did not pass";
            case "NAME_MISMATCH" -> "NAME_MISMATCH: the name on the document is not the recipient's";
            default -> outcome;
        };
    }

    private static void row(Table table, PdfFont bold, String label, String value) {
        table.addCell(new Cell().add(new Paragraph(label).setFont(bold)));
        table.addCell(new Cell().add(new Paragraph(value == null ? "-" : value)));
    }

    private static String iso(Instant at) {
        return at == null ? "-" : at.toString();
    }
}
