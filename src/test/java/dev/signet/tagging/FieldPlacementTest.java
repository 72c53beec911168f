package dev.signet.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfName;
import dev.signet.tagging.TestDocs.PageSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldPlacementTest {

    static final UUID ALICE = UUID.fromString("00000000-0000-4000-8000-00000000a11c");

    final FieldPlacement placement = new FieldPlacement();

    static FieldSpec spec(String name, TagType type, int page, double x, double y) {
        return new FieldSpec(ALICE, name, type, page, x, y, null, false, null, null);
    }

    /** The widget rectangle as {x, y, width, height} in the page's user space. */
    static float[] widgetRect(byte[] pdf, String fieldName) {
        return TestDocs.read(pdf, doc -> {
            PdfFormField field = PdfAcroForm.getAcroForm(doc, false).getField(fieldName);
            assertThat(field).as(fieldName).isNotNull();
            Rectangle r = field.getWidgets().get(0).getRectangle().toRectangle();
            return new float[] {r.getX(), r.getY(), r.getWidth(), r.getHeight()};
        });
    }

    static void assertRect(float[] actual, double x, double y, double width, double height) {
        assertThat(actual[0]).as("x").isCloseTo((float) x, within(0.01f));
        assertThat(actual[1]).as("y").isCloseTo((float) y, within(0.01f));
        assertThat(actual[2]).as("width").isCloseTo((float) width, within(0.01f));
        assertThat(actual[3]).as("height").isCloseTo((float) height, within(0.01f));
    }

    @Test
    void fieldTopLeftIsTheTagPointMeasuredFromTheTopLeftOfAnUprightPage() {
        byte[] out = TestDocs.edit(
                TestDocs.pages(TestDocs.a4()),
                pdf -> placement.place(
                        pdf,
                        List.of(
                                spec("sig", TagType.SIGNATURE, 1, 0.1, 0.2),
                                spec("ini", TagType.INITIALS, 1, 0.5, 0.5),
                                new FieldSpec(ALICE, "txt", TagType.TEXT_FIELD, 1, 0.25, 0.75, 0.5, false, null, null),
                                spec("txt-default", TagType.TEXT_FIELD, 1, 0.0, 0.0),
                                spec("cb", TagType.CHECKBOX_FIELD, 1, 0.9, 0.9),
                                spec("date", TagType.DATE_SIGNED_FIELD, 1, 0.6, 0.1),
                                spec("att", TagType.ATTACHMENT, 1, 0.7, 0.3))));
        // A4 is 595 × 842 pt; y in user space = 842 - y·842 - height.
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "sig")), 59.5, 842 - 168.4 - 50, 180, 50);
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "ini")), 297.5, 421 - 40, 60, 40);
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "txt")), 148.75, 842 - 631.5 - 20, 297.5, 20);
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "txt-default")), 0, 822, 178.5, 20);
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "cb")), 535.5, 842 - 757.8 - 14, 14, 14);
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "date")), 357, 842 - 84.2 - 20, 110, 20);
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "att")), 416.5, 842 - 252.6 - 24, 24, 24);
        Tools.assertQpdfClean(out);
    }

    @Test
    void cropBoxWithAnOffsetOriginIsThePageThatFractionsReferTo() {
        Rectangle crop = new Rectangle(50, 100, 400, 600);
        byte[] in = TestDocs.pages(new PageSpec(new Rectangle(0, 0, 600, 800), crop, 0));
        byte[] out = TestDocs.edit(
                in,
                pdf -> placement.place(
                        pdf,
                        List.of(
                                new FieldSpec(ALICE, "txt", TagType.TEXT_FIELD, 1, 0.25, 0.5, 0.5, false, null, null),
                                spec("sig", TagType.SIGNATURE, 1, 0, 0))));
        // Visible box 400 × 600 starting at (50, 100): top edge at y = 700.
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "txt")), 50 + 100, 700 - 300 - 20, 200, 20);
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "sig")), 50, 700 - 50, 180, 50);
        Tools.assertQpdfClean(out);
    }

    @Test
    void onAPageRotated90TheVisibleTopLeftIsTheCropBoxLowerLeft() {
        byte[] in = TestDocs.pages(new PageSpec(PageSize.A4, null, 90));
        byte[] out = TestDocs.edit(
                in,
                pdf -> placement.place(
                        pdf,
                        List.of(
                                spec("sig", TagType.SIGNATURE, 1, 0.1, 0.1),
                                spec("cb", TagType.CHECKBOX_FIELD, 1, 0.5, 0.5))));
        // The reader sees 842 × 595; going right on screen is going up on the page, going down is going right.
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "sig")), 59.5, 84.2, 50, 180);
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "cb")), 297.5, 421, 14, 14);
        assertThat(mkRotation(out, FieldNames.tag(ALICE, "cb"))).isEqualTo(90);
        Tools.assertQpdfClean(out);
    }

    @Test
    void rotationsOf180And270WithAnOffsetCropBoxMapEveryCorner() {
        Rectangle crop = new Rectangle(20, 30, 500, 700);
        byte[] in = TestDocs.pages(new PageSpec(PageSize.A4, crop, 180), new PageSpec(PageSize.A4, crop, 270));
        byte[] out = TestDocs.edit(
                in,
                pdf -> placement.place(
                        pdf,
                        List.of(
                                spec("sig180", TagType.SIGNATURE, 1, 0.1, 0.2),
                                spec("sig270", TagType.SIGNATURE, 2, 0.1, 0.2))));
        // 180: visible 500 × 700, the reader's top-left is the crop box's lower-right corner (520, 30).
        // u = 50, v = 140 → x from 520 - 50 - 180 = 290, y from 30 + 140 = 170.
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "sig180")), 290, 170, 180, 50);
        // 270: visible 700 × 500, top-left is the crop box's upper-right corner (520, 730).
        // u = 70, v = 100 → x from 520 - 100 - 50 = 370, y from 730 - 70 - 180 = 480.
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "sig270")), 370, 480, 50, 180);
        Tools.assertQpdfClean(out);
    }

    @Test
    void filesInFilesOut(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.pdf");
        Path out = dir.resolve("out.pdf");
        Files.write(in, TestDocs.pages(TestDocs.a4()));
        placement.place(in, out, List.of(spec("sig", TagType.SIGNATURE, 1, 0.1, 0.2)));
        assertRect(widgetRect(Files.readAllBytes(out), FieldNames.tag(ALICE, "sig")), 59.5, 842 - 168.4 - 50, 180, 50);
    }

    @Test
    void aFieldWhosePointIsNotOnThePageIsRefusedByNameAndNothingIsAdded(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.pdf");
        Path out = dir.resolve("out.pdf");
        Files.write(in, TestDocs.pages(TestDocs.a4()));
        List<FieldSpec> specs = List.of(
                spec("fine", TagType.CHECKBOX_FIELD, 1, 0.1, 0.1), spec("Sign here", TagType.SIGNATURE, 1, 1.2, 0.1));
        assertThatThrownBy(() -> placement.place(in, out, specs))
                .isInstanceOfSatisfying(FieldPlacementException.class, e -> {
                    assertThat(e.tagName()).isEqualTo("Sign here");
                    assertThat(e.reason()).isEqualTo(FieldPlacementException.Reason.OUTSIDE_PAGE);
                })
                .hasMessageContaining("'Sign here'")
                .hasMessageContaining("page 1");
        assertThat(out).doesNotExist();

        // Same through an open document: checked before anything is added.
        byte[] result = TestDocs.edit(
                Files.readAllBytes(in),
                pdf -> assertThatThrownBy(() -> placement.place(pdf, specs))
                        .isInstanceOf(FieldPlacementException.class));
        boolean hasForm = TestDocs.read(result, pdf -> PdfAcroForm.getAcroForm(pdf, false) != null);
        assertThat(hasForm).isFalse();
    }

    @Test
    void aFieldThatWouldCrossTheRightOrBottomEdgeIsMovedInsideKeepingItsSize() {
        // Until fields were fitted, this signature was refused: 0.8 × 595 + 180 ends 61 pt past the edge.
        byte[] out = TestDocs.edit(
                TestDocs.pages(TestDocs.a4()),
                pdf -> placement.place(
                        pdf,
                        List.of(
                                spec("Sign here", TagType.SIGNATURE, 1, 0.8, 0.1),
                                spec("corner", TagType.DATE_SIGNED_FIELD, 1, 0.949, 0.99))));
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "Sign here")), 595 - 180, 842 - 84.2 - 50, 180, 50);
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "corner")), 595 - 110, 0, 110, 20);
        Tools.assertQpdfClean(out);
    }

    @Test
    void aFieldLargerThanItsPageIsShrunkToThePage() {
        Rectangle small = new Rectangle(0, 0, 120, 40);
        byte[] out = TestDocs.edit(
                TestDocs.pages(new PageSpec(small, null, 0)),
                pdf -> placement.place(pdf, List.of(spec("sig", TagType.SIGNATURE, 1, 0.5, 0.5))));
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "sig")), 0, 0, 120, 40);
    }

    @Test
    void everyTypeAtTheReferencesFurthestPointStaysInsideTheCropBoxOfEveryPageShape() {
        Rectangle crop = new Rectangle(20, 30, 500, 700);
        PageSpec[] shapes = {
            TestDocs.a4(),
            new PageSpec(PageSize.LETTER, null, 0),
            new PageSpec(PageSize.A4, crop, 90),
            new PageSpec(PageSize.A4, crop, 180),
            new PageSpec(PageSize.A4, crop, 270),
            new PageSpec(PageSize.A4.rotate(), null, 0)
        };
        byte[] in = TestDocs.pages(shapes);
        List<FieldSpec> specs = new java.util.ArrayList<>();
        for (int page = 1; page <= shapes.length; page++) {
            for (TagType type : TagType.values()) {
                Double width = type == TagType.TEXT_FIELD ? 0.05 : null;
                specs.add(new FieldSpec(
                        ALICE,
                        type.wireName() + page,
                        type,
                        page,
                        0.949,
                        0.949,
                        width,
                        false,
                        type == TagType.RADIO_FIELD ? "g" + page : null,
                        null));
            }
        }
        byte[] out = TestDocs.edit(in, pdf -> placement.place(pdf, specs));
        TestDocs.read(out, pdf -> {
            for (int page = 1; page <= shapes.length; page++) {
                Rectangle box = pdf.getPage(page).getCropBox();
                List<com.itextpdf.kernel.pdf.annot.PdfAnnotation> widgets =
                        pdf.getPage(page).getAnnotations();
                assertThat(widgets).as("page %d", page).hasSize(TagType.values().length);
                for (com.itextpdf.kernel.pdf.annot.PdfAnnotation widget : widgets) {
                    Rectangle r = widget.getRectangle().toRectangle();
                    assertThat(r.getLeft()).as("page %d left", page).isGreaterThanOrEqualTo(box.getLeft() - 0.001f);
                    assertThat(r.getBottom())
                            .as("page %d bottom", page)
                            .isGreaterThanOrEqualTo(box.getBottom() - 0.001f);
                    assertThat(r.getRight()).as("page %d right", page).isLessThanOrEqualTo(box.getRight() + 0.001f);
                    assertThat(r.getTop()).as("page %d top", page).isLessThanOrEqualTo(box.getTop() + 0.001f);
                    assertThat(r.getWidth() * r.getHeight())
                            .as("page %d size", page)
                            .isGreaterThan(100f);
                }
            }
            return null;
        });
        Tools.assertQpdfClean(out);
    }

    @Test
    void aTextFieldWiderThanWhatIsLeftOfThePageIsMovedLeft() {
        byte[] in = TestDocs.pages(TestDocs.a4());
        // The API refuses x + width >= 1 (the reference's rule); a spec from elsewhere is fitted like any field.
        FieldSpec tooWide = new FieldSpec(ALICE, "address", TagType.TEXT_FIELD, 1, 0.6, 0.1, 0.5, false, null, null);
        byte[] moved = TestDocs.edit(in, pdf -> placement.place(pdf, List.of(tooWide)));
        assertRect(widgetRect(moved, FieldNames.tag(ALICE, "address")), 595 - 297.5, 842 - 84.2 - 20, 297.5, 20);
        // A field that ends exactly on the edge is fine.
        FieldSpec edge = new FieldSpec(ALICE, "edge", TagType.TEXT_FIELD, 1, 0.6, 0.1, 0.4, false, null, null);
        byte[] out = TestDocs.edit(in, pdf -> placement.place(pdf, List.of(edge)));
        assertRect(widgetRect(out, FieldNames.tag(ALICE, "edge")), 357, 842 - 84.2 - 20, 238, 20);
    }

    @Test
    void aTagOnAPageTheDocumentDoesNotHaveIsNoPageForTag() {
        byte[] in = TestDocs.pages(TestDocs.a4(), TestDocs.a4());
        TestDocs.edit(
                in,
                pdf -> assertThatThrownBy(
                                () -> placement.place(pdf, List.of(spec("late", TagType.SIGNATURE, 3, 0.1, 0.1))))
                        .isInstanceOfSatisfying(
                                FieldPlacementException.class,
                                e -> assertThat(e.reason()).isEqualTo(FieldPlacementException.Reason.NO_SUCH_PAGE))
                        .hasMessageContaining("'late'")
                        .hasMessageContaining("2 pages"));
    }

    @Test
    void aTagNameUsedTwiceByOneRecipientIsRefused() {
        byte[] in = TestDocs.pages(TestDocs.a4());
        byte[] out = TestDocs.edit(
                in,
                pdf -> assertThatThrownBy(() -> placement.place(
                                pdf,
                                List.of(
                                        spec("same", TagType.SIGNATURE, 1, 0.1, 0.1),
                                        spec("same", TagType.TEXT_FIELD, 1, 0.1, 0.5))))
                        .isInstanceOfSatisfying(
                                FieldPlacementException.class,
                                e -> assertThat(e.reason()).isEqualTo(FieldPlacementException.Reason.DUPLICATE_NAME)));
        boolean hasForm = TestDocs.read(out, pdf -> PdfAcroForm.getAcroForm(pdf, false) != null);
        assertThat(hasForm).isFalse();
        // Placing the same tag again in a later call is refused too.
        byte[] once =
                TestDocs.edit(in, pdf -> placement.place(pdf, List.of(spec("same", TagType.SIGNATURE, 1, 0.1, 0.1))));
        TestDocs.edit(
                once,
                pdf -> assertThatThrownBy(
                                () -> placement.place(pdf, List.of(spec("same", TagType.CHECKBOX_FIELD, 1, 0.5, 0.5))))
                        .isInstanceOf(FieldPlacementException.class));
    }

    static int mkRotation(byte[] pdf, String fieldName) {
        return TestDocs.read(pdf, doc -> {
            var widget = PdfAcroForm.getAcroForm(doc, false)
                    .getField(fieldName)
                    .getWidgets()
                    .get(0);
            var mk = widget.getAppearanceCharacteristics();
            return mk == null || mk.getAsNumber(PdfName.R) == null
                    ? 0
                    : mk.getAsNumber(PdfName.R).intValue();
        });
    }
}
