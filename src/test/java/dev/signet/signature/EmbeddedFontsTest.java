package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfObject;
import com.itextpdf.kernel.pdf.PdfStream;
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
import eu.europa.esig.dss.simplereport.SimpleReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fonts Signet draws values and typed signatures with go into a document as subsets, once per
 * revision each: two signers with text fields, a prefilled field and typed signatures and initials
 * add two fonts each, every one a few kilobytes, and the result stays valid for EU DSS and pdfsig.
 */
class EmbeddedFontsTest {

    private static final UUID ANN = UUID.fromString("0a0a0a0a-0000-4000-8000-0000000000f1");
    private static final UUID BEN = UUID.fromString("0a0a0a0a-0000-4000-8000-0000000000f2");

    @TempDir
    Path dir;

    @Test
    void eachRevisionEmbedsEachFontOnceAsASmallSubset() throws Exception {
        SignatureFixture fixture = SignatureFixture.create(dir);
        Path placed = dir.resolve("placed.pdf");
        try (PdfDocument pdf = new PdfDocument(SafePdf.reader(Pdfs.pages(1)), new PdfWriter(placed.toFile()))) {
            new FieldPlacement()
                    .place(
                            pdf,
                            List.of(
                                    spec(ANN, TagType.SIGNATURE, "ann_sig", 0.1, 0.1),
                                            spec(ANN, TagType.INITIALS, "ann_ini", 0.5, 0.1),
                                    spec(ANN, TagType.TEXT_FIELD, "ann_company", 0.1, 0.3),
                                            spec(ANN, TagType.TEXT_FIELD, "ann_city", 0.5, 0.3),
                                    prefilled(ANN, "ann_ref", 0.1, 0.35, "REF-42"),
                                            prefilled(ANN, "ann_ref2", 0.5, 0.35, "REF-43"),
                                    spec(BEN, TagType.SIGNATURE, "ben_sig", 0.1, 0.6),
                                            spec(BEN, TagType.TEXT_FIELD, "ben_phone", 0.1, 0.8)));
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
                Map.of("ann_sig", "Ann Example", "ann_ini", "AE", "ann_company", "Example Ltd", "ann_city", "Zürich"));
        Path ben = sign(
                fixture,
                ann,
                BEN,
                "ben_sig",
                "Ben Example",
                Map.of("ben_sig", "Ben Example", "ben_phone", "+44 20 7946 0000"));
        Path sealed = dir.resolve("sealed.pdf");
        fixture.signing.seal(ben, sealed, Mode.LIVE);

        List<Integer> programs = fontPrograms(sealed);
        System.out.println("Embedded font programs (bytes, compressed): " + programs + "; sealed PDF: "
                + Files.size(sealed) + " bytes");

        // Preparation: one Noto Sans (the prefilled values); Ann: Noto Sans and Dancing Script; Ben: both again.
        assertThat(programs).hasSize(5);
        // A few dozen glyphs each; Noto Sans's full cmap alone compresses to 8 KB.
        assertThat(programs).allMatch(size -> size < 5_000);
        SimpleReport report = Dss.validate(sealed, fixture.pki.root(Mode.LIVE)).getSimpleReport();
        assertThat(report.getSignatureIdList()).allMatch(id -> report.getIndication(id) == Indication.TOTAL_PASSED);
        String pdfsig = Poppler.pdfsig(dir, sealed, fixture.pki.root(Mode.LIVE));
        assertThat(Poppler.count(pdfsig, "Signature Validation: Signature is Valid."))
                .as(pdfsig)
                .isEqualTo(3);
        assertThat(Poppler.text(dir, Files.readAllBytes(sealed))).contains("Example Ltd", "Zürich", "REF-42");
    }

    /** The compressed length of every embedded font program in the file, all revisions. */
    private static List<Integer> fontPrograms(Path pdf) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        try (PdfDocument doc = new PdfDocument(SafePdf.reader(pdf))) {
            for (int i = 1; i < doc.getNumberOfPdfObjects(); i++) {
                PdfObject object = doc.getPdfObject(i);
                if (object instanceof PdfDictionary d && PdfName.FontDescriptor.equals(d.getAsName(PdfName.Type))) {
                    for (PdfName key : List.of(PdfName.FontFile, PdfName.FontFile2, PdfName.FontFile3)) {
                        PdfStream program = d.getAsStream(key);
                        if (program != null) {
                            sizes.add(program.getBytes(false).length);
                        }
                    }
                }
            }
        }
        return sizes;
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
                        null),
                pdf -> dev.signet.tagging.SignatureAppearances.of(pdf, field, values.get(tag), caption));
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

    private static FieldSpec spec(UUID who, TagType type, String name, double x, double y) {
        return new FieldSpec(who, name, type, 1, x, y, null, false, null, null);
    }

    private static FieldSpec prefilled(UUID who, String name, double x, double y, String value) {
        return new FieldSpec(
                who,
                name,
                TagType.TEXT_FIELD,
                1,
                x,
                y,
                null,
                false,
                null,
                new FieldSpec.TextOptions(value, null, true));
    }
}
