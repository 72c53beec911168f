package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfWriter;
import dev.signet.Pdfs;
import dev.signet.account.Mode;
import dev.signet.document.SafePdf;
import dev.signet.tagging.FieldFiller;
import dev.signet.tagging.FieldNames;
import dev.signet.tagging.FieldPlacement;
import dev.signet.tagging.FieldSpec;
import dev.signet.tagging.TagType;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.reports.Reports;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ticking a checkbox or choosing a radio button is form filling, and a validator must see it as
 * such: two signers, each with checkboxes and a radio group (some chosen, some left off), signed
 * and sealed, and EU DSS passes every signature at B-LTA with no word of a DocMDP breach or of an
 * object modification it cannot name.
 */
class CheckboxCertificationTest {

    private static final UUID ANN = UUID.fromString("0a0a0a0a-0000-4000-8000-0000000000a1");
    private static final UUID BEN = UUID.fromString("0a0a0a0a-0000-4000-8000-0000000000b2");

    @TempDir
    Path dir;

    @Test
    void checkedAndUncheckedBoxesAndRadiosLeaveTheCertificationUnquestioned() throws Exception {
        SignatureFixture fixture = SignatureFixture.create(dir);
        Path placed = dir.resolve("placed.pdf");
        try (PdfDocument pdf = new PdfDocument(SafePdf.reader(Pdfs.pages(1)), new PdfWriter(placed.toFile()))) {
            new FieldPlacement()
                    .place(
                            pdf,
                            List.of(
                                    spec(ANN, TagType.SIGNATURE, "ann_sig", 0.1, 0.1, null),
                                    spec(ANN, TagType.CHECKBOX_FIELD, "ann_yes", 0.1, 0.3, null),
                                    spec(ANN, TagType.CHECKBOX_FIELD, "ann_no", 0.2, 0.3, null),
                                    spec(ANN, TagType.RADIO_FIELD, "ann_a", 0.1, 0.4, "ann_plan"),
                                    spec(ANN, TagType.RADIO_FIELD, "ann_b", 0.2, 0.4, "ann_plan"),
                                    spec(BEN, TagType.SIGNATURE, "ben_sig", 0.5, 0.1, null),
                                    spec(BEN, TagType.CHECKBOX_FIELD, "ben_yes", 0.5, 0.3, null),
                                    spec(BEN, TagType.CHECKBOX_FIELD, "ben_no", 0.6, 0.3, null),
                                    spec(BEN, TagType.RADIO_FIELD, "ben_a", 0.5, 0.4, "ben_plan"),
                                    spec(BEN, TagType.RADIO_FIELD, "ben_b", 0.6, 0.4, "ben_plan")));
            lock(pdf, ANN, "ann_sig");
            lock(pdf, BEN, "ben_sig");
        }
        Path certified = dir.resolve("certified.pdf");
        fixture.signing.certify(placed, certified, SealRequest.invisible(Mode.LIVE));
        Path ann = sign(
                fixture,
                certified,
                ANN,
                "ann_sig",
                "Ann Example",
                Map.of(
                        "ann_sig",
                        "Ann Example",
                        "ann_yes",
                        "true",
                        "ann_no",
                        "false",
                        "ann_a",
                        "false",
                        "ann_b",
                        "true"));
        Path ben = sign(
                fixture,
                ann,
                BEN,
                "ben_sig",
                "Ben Example",
                Map.of(
                        "ben_sig",
                        "Ben Example",
                        "ben_yes",
                        "true",
                        "ben_no",
                        "false",
                        "ben_a",
                        "true",
                        "ben_b",
                        "false"));
        Path sealed = dir.resolve("sealed.pdf");
        fixture.signing.seal(ben, sealed, Mode.LIVE);

        try (PdfDocument pdf = new PdfDocument(SafePdf.reader(sealed))) {
            assertThat(shown(pdf, FieldNames.tag(ANN, "ann_yes"))).containsExactly("Yes");
            assertThat(shown(pdf, FieldNames.tag(ANN, "ann_no"))).containsExactly("Off");
            assertThat(shown(pdf, FieldNames.radioGroup(ANN, "ann_plan"))).containsExactly("Off", "ann_b");
            assertThat(shown(pdf, FieldNames.radioGroup(BEN, "ben_plan"))).containsExactly("ben_a", "Off");
        }
        Reports reports = Dss.validate(sealed, fixture.pki.root(Mode.LIVE));
        SimpleReport report = reports.getSimpleReport();

        assertThat(report.getSignatureIdList()).hasSize(3);
        for (String id : report.getSignatureIdList()) {
            String who = report.getSignedBy(id);
            assertThat(report.getIndication(id))
                    .as(who + " " + report.getSubIndication(id))
                    .isEqualTo(Indication.TOTAL_PASSED);
            assertThat(report.getSignatureFormat(id)).as(who).isEqualTo(SignatureLevel.PAdES_BASELINE_LTA);
        }
        assertThat(reports.getXmlDetailedReport())
                .as("DSS checked the certification")
                .contains("BBB_FC_ISVADMDPD");
        assertThat(Dss.modificationDoubts(reports)).isEmpty();
    }

    /** The appearance state each widget of a field shows. */
    private static List<String> shown(PdfDocument pdf, String field) {
        return PdfAcroForm.getAcroForm(pdf, false).getField(field).getWidgets().stream()
                .map(w -> w.getAppearanceState().getValue())
                .toList();
    }

    private Path sign(
            SignatureFixture fixture, Path in, UUID who, String tag, String name, Map<String, String> values) {
        Path out = dir.resolve(tag + ".pdf");
        String field = FieldNames.tag(who, tag);
        FieldFiller.Caption caption = new FieldFiller.Caption(name, "28 Nov 2026");
        fixture.signing.sign(
                in,
                out,
                new SignerRequest(
                        Mode.LIVE,
                        field,
                        SignatureFixture.signer(name),
                        List.of(),
                        null,
                        pdf -> new FieldFiller().fill(pdf, who, values, caption),
                        null));
        return out;
    }

    private static void lock(PdfDocument pdf, UUID who, String tag) {
        String field = FieldNames.tag(who, tag);
        FieldLocks.define(
                pdf,
                field,
                FieldNames.ofRecipient(pdf, who).stream()
                        .filter(n -> !n.equals(field))
                        .toList());
    }

    private static FieldSpec spec(UUID who, TagType type, String name, double x, double y, String group) {
        return new FieldSpec(who, name, type, 1, x, y, null, false, group, null);
    }
}
