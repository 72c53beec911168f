package dev.signet.evidence;

import com.itextpdf.io.font.constants.StandardFonts;
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
import java.util.Arrays;
import java.util.List;

/**
 * The coversheet of a completion pack: a one-glance, printable summary of who signed what, when,
 * from where and after which checks, with each document's SHA-256 as uploaded and as signed so a
 * reader can match the files in the pack to this page.
 */
final class Coversheet {

    public record DocumentRow(String name, int pages, String sha256Uploaded, String sha256Signed) {}

    public record RecipientRow(
            String name,
            String email,
            String role,
            String type,
            String checks,
            String ipAddress,
            String userAgent,
            String signedAt) {}

    public record Content(
            String envelopeName,
            String envelopeId,
            String status,
            String senderName,
            String createdAt,
            String completedAt,
            List<DocumentRow> documents,
            List<RecipientRow> recipients,
            int auditEvents,
            String auditHeadHash,
            boolean sandbox) {}

    private Coversheet() {}

    public static byte[] render(Content c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out));
                Document doc = new Document(pdf, PageSize.A4.rotate())) {
            // Names, emails and user agents are anyone's text: the embedded Noto Sans subset shows
            // Greek, Cyrillic or accents that the standard Helvetica cannot encode.
            PdfFont regular = Fonts.of(pdf).text();
            PdfFont bold = PdfFontFactory.createFont(StandardFonts.HELVETICA_BOLD);
            PdfFont mono = PdfFontFactory.createFont(StandardFonts.COURIER);
            pdf.getDocumentInfo().setTitle("Signing summary: " + c.envelopeName());
            doc.setFont(regular).setFontSize(9);
            doc.add(new Paragraph((c.sandbox() ? "SANDBOX — NOT A LEGAL SIGNATURE — " : "") + "Signing summary")
                    .setFont(bold)
                    .setFontSize(16));
            doc.add(new Paragraph(c.envelopeName()).setFontSize(12));
            doc.add(new Paragraph("Envelope " + c.envelopeId() + " · " + c.status() + " · sent by " + c.senderName()
                    + " · created " + c.createdAt() + " · completed " + c.completedAt()));

            doc.add(new Paragraph("Documents").setFont(bold).setFontSize(11));
            Table documents = table(new float[] {3, 1, 6, 6});
            header(documents, bold, "Document", "Pages", "SHA-256 as uploaded", "SHA-256 as signed and sealed");
            for (DocumentRow d : c.documents()) {
                documents.addCell(cell(d.name(), regular));
                documents.addCell(cell(Integer.toString(d.pages()), regular));
                documents.addCell(cell(d.sha256Uploaded(), mono).setFontSize(7));
                documents.addCell(cell(d.sha256Signed(), mono).setFontSize(7));
            }
            doc.add(documents);

            doc.add(new Paragraph("Recipients").setFont(bold).setFontSize(11));
            Table recipients = table(new float[] {3, 4, 2, 1.5f, 2.5f, 2, 4, 3});
            header(
                    recipients,
                    bold,
                    "Name",
                    "Email",
                    "Role",
                    "Type",
                    "Checks passed",
                    "IP address",
                    "User agent",
                    "Signed at (UTC)");
            for (RecipientRow r : c.recipients()) {
                for (String value : Arrays.asList(
                        r.name(),
                        r.email(),
                        r.role(),
                        r.type(),
                        r.checks(),
                        r.ipAddress(),
                        r.userAgent(),
                        r.signedAt())) {
                    recipients.addCell(cell(value, regular));
                }
            }
            doc.add(recipients);

            doc.add(new Paragraph("Audit trail: " + c.auditEvents() + " events, chain head " + c.auditHeadHash()
                            + ". The evidence XML in this pack lists every event and is signed by Signet's seal;"
                            + " each signature in the documents can be checked in any PAdES validator.")
                    .setFontSize(8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The checks a signer passed in words a reader of the printed page knows; unknown names stay as they are. */
    static String readableChecks(String checks) {
        if (checks == null || checks.isBlank()) {
            return checks;
        }
        return Arrays.stream(checks.split(",\\s*"))
                .map(c -> switch (c) {
                    case "email-link" -> "link sent by email";
                    case "otp-sms" -> "one-time password by SMS";
                    case "otp-email" -> "one-time password by email";
                    default -> c.startsWith("yoti-share ") ? "Yoti share " + c.substring("yoti-share ".length()) : c;
                })
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static Table table(float[] widths) {
        return new Table(UnitValue.createPercentArray(widths))
                .useAllAvailableWidth()
                .setMarginBottom(10);
    }

    private static void header(Table table, PdfFont bold, String... titles) {
        for (String title : titles) {
            table.addHeaderCell(cell(title, bold));
        }
    }

    private static Cell cell(String value, PdfFont font) {
        return new Cell().add(new Paragraph(value == null ? "—" : value).setFont(font));
    }
}
