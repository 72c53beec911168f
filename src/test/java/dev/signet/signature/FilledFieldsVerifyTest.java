package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfWriter;
import dev.signet.Pdfs;
import dev.signet.account.Mode;
import dev.signet.tagging.FieldFiller;
import dev.signet.tagging.FieldNames;
import dev.signet.tagging.FieldPlacement;
import dev.signet.tagging.FieldSpec;
import dev.signet.tagging.TagType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filling a signer's fields is a change the certification (DocMDP P=2) permits, for every kind of
 * field Signet fills: Signet's own verifier, which is strict about it, says so after signing and
 * sealing.
 */
class FilledFieldsVerifyTest {

    private static final UUID ANN = UUID.fromString("0a0a0a0a-0000-4000-8000-000000000001");

    @TempDir
    Path dir;

    @Test
    void everyFilledFieldKindIsAPermittedChange() throws Exception {
        SignatureFixture fixture = SignatureFixture.create(dir);
        List<FieldSpec> specs = List.of(
                spec(TagType.SIGNATURE, "sig", 0.1, 0.1, null),
                spec(TagType.INITIALS, "ini", 0.6, 0.1, null),
                spec(TagType.TEXT_FIELD, "company", 0.1, 0.3, null),
                spec(TagType.DATE_SIGNED_FIELD, "date", 0.6, 0.3, null),
                spec(TagType.CHECKBOX_FIELD, "agree", 0.1, 0.4, null),
                spec(TagType.RADIO_FIELD, "monthly", 0.1, 0.5, "plan"),
                spec(TagType.RADIO_FIELD, "yearly", 0.3, 0.5, "plan"),
                spec(TagType.ATTACHMENT, "proof", 0.1, 0.6, null));
        Path placed = dir.resolve("placed.pdf");
        Files.write(dir.resolve("in.pdf"), Pdfs.pages(1));
        String field = FieldNames.tag(ANN, "sig");
        try (PdfDocument pdf =
                new PdfDocument(new PdfReader(dir.resolve("in.pdf").toFile()), new PdfWriter(placed.toFile()))) {
            new FieldPlacement().place(pdf, specs);
            FieldLocks.define(
                    pdf,
                    field,
                    FieldNames.ofRecipient(pdf, ANN).stream()
                            .filter(n -> !n.equals(field))
                            .toList());
        }
        Path certified = dir.resolve("certified.pdf");
        fixture.signing.certify(placed, certified, SealRequest.invisible(Mode.LIVE));
        Map<String, String> values = Map.of(
                "sig",
                "Ann Example",
                "ini",
                "AE",
                "company",
                "Example Ltd",
                "date",
                "2026-11-28",
                "agree",
                "true",
                "monthly",
                "false",
                "yearly",
                "true",
                "proof",
                "proof.pdf");
        FieldFiller.Caption caption = new FieldFiller.Caption("Ann Example", "28 Nov 2026");
        Path signed = dir.resolve("signed.pdf");
        fixture.signing.sign(
                certified,
                signed,
                new SignerRequest(
                        Mode.LIVE,
                        field,
                        SignatureFixture.signer("Ann Example"),
                        List.of(),
                        null,
                        pdf -> new FieldFiller().fill(pdf, ANN, values, caption),
                        null));
        Path sealed = dir.resolve("sealed.pdf");
        fixture.signing.seal(signed, sealed, Mode.LIVE);

        VerificationReport report = fixture.verifier.verify(sealed);

        assertThat(report.problems()).isEmpty();
        assertThat(report.signatures()).allSatisfy(s -> {
            assertThat(s.laterChangesPermitted())
                    .as(s.fieldName() + " " + s.problems())
                    .isTrue();
            assertThat(s.valid()).as(s.fieldName()).isTrue();
        });
    }

    private static FieldSpec spec(TagType type, String name, double x, double y, String group) {
        return new FieldSpec(ANN, name, type, 1, x, y, null, false, group, null);
    }
}
