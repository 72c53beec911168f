package dev.signet.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.canvas.parser.PdfTextExtractor;
import dev.signet.document.SafePdf;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoversheetTest {

    @Test
    void theCoversheetListsEveryDocumentHashAndEveryRecipient() throws Exception {
        String before = "a".repeat(64);
        String after = "b".repeat(64);
        byte[] pdf = Coversheet.render(new Coversheet.Content(
                "Lease",
                "e-1",
                "COMPLETE",
                "Acme Lettings",
                "2026-11-28T10:00:00Z",
                "2026-11-28T11:00:00Z",
                List.of(new Coversheet.DocumentRow("lease.pdf", 3, before, after)),
                List.of(
                        new Coversheet.RecipientRow(
                                "Alice Smith",
                                "alice@example.com",
                                "Tenant",
                                "SIGNER",
                                "email link",
                                "203.0.113.7",
                                "Firefox",
                                "2026-11-28T10:30:00Z"),
                        new Coversheet.RecipientRow(
                                "Dan Brown", "dan@example.com", null, "CC", null, null, null, null)),
                12,
                "c".repeat(64),
                false));

        try (PdfDocument document = new PdfDocument(new PdfReader(new ByteArrayInputStream(pdf)))) {
            String text =
                    PdfTextExtractor.getTextFromPage(document.getFirstPage()).replaceAll("\\s+", "");
            assertThat(text)
                    .contains(before)
                    .contains(after)
                    .contains("lease.pdf")
                    .contains("AliceSmith")
                    .contains("alice@example.com")
                    .contains("203.0.113.7")
                    .contains("DanBrown")
                    .contains("c".repeat(64))
                    .doesNotContain("SANDBOX");
        }
    }

    @Test
    void namesInAnyScriptAreShownNotDropped() throws Exception {
        byte[] pdf = Coversheet.render(new Coversheet.Content(
                "Договор аренды",
                "e-2",
                "COMPLETE",
                "Ωmega Ltd",
                "2026-11-28T10:00:00Z",
                "2026-11-28T11:00:00Z",
                List.of(new Coversheet.DocumentRow("lease.pdf", 1, "a".repeat(64), "b".repeat(64))),
                List.of(new Coversheet.RecipientRow(
                        "Иван Петров",
                        "ivan@example.com",
                        "Арендатор",
                        "SIGNER",
                        "email link",
                        "203.0.113.7",
                        "Firefox",
                        "2026-11-28T10:30:00Z")),
                3,
                "c".repeat(64),
                false));

        try (PdfDocument document = new PdfDocument(SafePdf.reader(pdf))) {
            String text = PdfTextExtractor.getTextFromPage(document.getFirstPage());
            assertThat(text).contains("Договор аренды", "Иван Петров", "Арендатор", "Ωmega Ltd");
        }
    }

    /** The machine names of the evidence XML become words a reader of the printed page knows. */
    @Test
    void theChecksASignerPassedAreSpelledOut() {
        assertThat(Coversheet.readableChecks("email-link, otp-sms"))
                .isEqualTo("link sent by email, one-time password by SMS");
        assertThat(Coversheet.readableChecks("email-link, otp-email"))
                .isEqualTo("link sent by email, one-time password by email");
        assertThat(Coversheet.readableChecks("email-link, idv")).isEqualTo("link sent by email, idv");
        assertThat(Coversheet.readableChecks("email-link, yoti-share (receipt r1; shared email_address selfie)"))
                .isEqualTo("link sent by email, Yoti share (receipt r1; shared email_address selfie)");
        assertThat(Coversheet.readableChecks("")).isEmpty();
    }
}
