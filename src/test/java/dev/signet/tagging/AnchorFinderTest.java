package dev.signet.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.io.font.constants.StandardFonts;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfArray;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfNumber;
import com.itextpdf.kernel.pdf.PdfString;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import com.itextpdf.kernel.pdf.canvas.parser.PdfTextExtractor;
import com.itextpdf.kernel.pdf.canvas.parser.filter.TextRegionEventFilter;
import com.itextpdf.kernel.pdf.canvas.parser.listener.FilteredTextEventListener;
import com.itextpdf.kernel.pdf.canvas.parser.listener.LocationTextExtractionStrategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AnchorFinderTest {

    static final UUID ALICE = UUID.fromString("00000000-0000-4000-8000-00000000a11c");
    static final UUID BOB = UUID.fromString("00000000-0000-4000-8000-000000000b0b");
    static final float SIZE = 11;
    static final float LEFT = 72;

    final AnchorFinder finder = new AnchorFinder();

    /** Baselines of the lines of page 1, top to bottom. */
    static float line(int n) {
        return 780 - 30 * n;
    }

    static PdfFont helvetica() {
        try {
            return PdfFontFactory.createFont(StandardFonts.HELVETICA);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Page 1: the header and one anchor of every type, a text anchor with meta inside a TJ with
     * kerning, one split across two showText calls, and three invalid ones. Page 2: an anchor in an
     * embedded Type 0 font (two-byte codes).
     */
    static byte[] anchoredDocument() {
        return TestDocs.make(pdf -> {
            PdfFont font = helvetica();
            PdfCanvas canvas = new PdfCanvas(pdf.addNewPage(PageSize.A4));
            show(canvas, font, 0, "|AT| Lease agreement");
            show(canvas, font, 1, "Signature: |S1SR| end of line");
            canvas.beginText()
                    .setFontAndSize(font, SIZE)
                    .moveText(LEFT, line(2))
                    .showText(new PdfArray(List.of(
                            new PdfString("Name: |S1T"),
                            new PdfNumber(-20),
                            new PdfString("R{\"nm\":\"full name\",\"ph\":\"Your name\",\"pf\":\"Jane\"}|"),
                            new PdfString(" tail"))))
                    .endText();
            show(canvas, font, 3, "Agree |S1CBR| yes");
            // Character and word spacing outlive the text object: keep them to this line.
            canvas.saveState()
                    .beginText()
                    .setFontAndSize(font, SIZE)
                    .setCharacterSpacing(0.5f)
                    .setWordSpacing(2)
                    .moveText(LEFT, line(4))
                    .showText("Date |S1DSR| today")
                    .endText()
                    .restoreState();
            show(canvas, font, 5, "Initials |S1INR|");
            show(canvas, font, 6, "A |S1RG1R| or B |S1RG1R|");
            show(canvas, font, 7, "Attach |S1AO|");
            canvas.beginText()
                    .setFontAndSize(font, SIZE)
                    .moveText(LEFT, line(8))
                    .showText("Witness: |S2S")
                    .showText("O|")
                    .showText(" after")
                    .endText();
            show(canvas, font, 9, "Bad: |S31SR| |S1XR| |T1SR|");
            PdfFont noto = Fonts.of(pdf).text();
            PdfCanvas second = new PdfCanvas(pdf.addNewPage(PageSize.A4));
            second.beginText()
                    .setFontAndSize(noto, SIZE)
                    .moveText(LEFT, 700)
                    .showText("Zoë: |S1TO| Łódź")
                    .endText();
        });
    }

    static void show(PdfCanvas canvas, PdfFont font, int line, String text) {
        canvas.beginText()
                .setFontAndSize(font, SIZE)
                .moveText(LEFT, line(line))
                .showText(text)
                .endText();
    }

    static Anchor named(AnchorScan scan, String text) {
        return scan.anchors().stream()
                .filter(a -> a.text().equals(text))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no anchor " + text + " in " + scan.anchors()));
    }

    @Test
    void findsEveryTypeWithItsParts() {
        AnchorScan scan = TestDocs.read(anchoredDocument(), pdf -> finder.scan(pdf, Industry.GENERAL));
        assertThat(scan.autoTagged()).isTrue();
        assertThat(scan.anchors())
                .extracting(Anchor::text)
                .containsExactly(
                        "|S1SR|",
                        "|S1TR{\"nm\":\"full name\",\"ph\":\"Your name\",\"pf\":\"Jane\"}|",
                        "|S1CBR|",
                        "|S1DSR|",
                        "|S1INR|",
                        "|S1RG1R|",
                        "|S1RG1R|",
                        "|S1AO|",
                        "|S2SO|",
                        "|S1TO|");
        assertThat(scan.anchors())
                .extracting(Anchor::type)
                .containsExactly(
                        TagType.SIGNATURE,
                        TagType.TEXT_FIELD,
                        TagType.CHECKBOX_FIELD,
                        TagType.DATE_SIGNED_FIELD,
                        TagType.INITIALS,
                        TagType.RADIO_FIELD,
                        TagType.RADIO_FIELD,
                        TagType.ATTACHMENT,
                        TagType.SIGNATURE,
                        TagType.TEXT_FIELD);
        assertThat(scan.anchors())
                .extracting(Anchor::tagName)
                .containsExactly(
                        "signature_1",
                        "full name",
                        "checkbox_field_1",
                        "date_signed_field_1",
                        "initials_1",
                        "radio_field_1",
                        "radio_field_2",
                        "attachment_1",
                        "signature_1",
                        "text_field_1");

        Anchor text = scan.anchors().get(1);
        assertThat(text.role()).isEqualTo(new RoleKey('S', 1));
        assertThat(text.helpText()).isEqualTo("Your name");
        assertThat(text.prefilledValue()).isEqualTo("Jane");
        assertThat(text.optional()).isFalse();
        assertThat(named(scan, "|S1AO|").optional()).isTrue();
        assertThat(scan.anchors().get(5).groupName()).isEqualTo("RG1");
        assertThat(named(scan, "|S2SO|").role()).isEqualTo(new RoleKey('S', 2));
        assertThat(named(scan, "|S1TO|").pageNumber()).isEqualTo(2);
    }

    @Test
    void boxesAreTheGlyphBoundsOfTheAnchorEvenWhenSplitAcrossChunks() {
        AnchorScan scan = TestDocs.read(anchoredDocument(), pdf -> finder.scan(pdf, Industry.GENERAL));
        PdfFont font = helvetica();
        float ascent = SIZE * font.getFontProgram().getFontMetrics().getTypoAscender() / 1000f;
        float descent = SIZE * font.getFontProgram().getFontMetrics().getTypoDescender() / 1000f;

        Rectangle sig = named(scan, "|S1SR|").box();
        assertThat(sig.getLeft()).isCloseTo(LEFT + font.getWidth("Signature: ", SIZE), within(0.01f));
        assertThat(sig.getWidth()).isCloseTo(font.getWidth("|S1SR|", SIZE), within(0.01f));
        assertThat(sig.getTop()).isCloseTo(line(1) + ascent, within(0.01f));
        assertThat(sig.getBottom()).isCloseTo(line(1) + descent, within(0.01f));

        Rectangle split = named(scan, "|S2SO|").box();
        assertThat(split.getLeft()).isCloseTo(LEFT + font.getWidth("Witness: ", SIZE), within(0.01f));
        assertThat(split.getWidth()).isCloseTo(font.getWidth("|S2SO|", SIZE), within(0.01f));

        // Fractions from the top-left of the visible page: A4 is 595 × 842.
        Anchor anchor = named(scan, "|S1SR|");
        assertThat(anchor.x()).isCloseTo(sig.getLeft() / 595.0, within(1e-4));
        assertThat(anchor.y()).isCloseTo((842 - sig.getTop()) / 842.0, within(1e-4));
    }

    @Test
    void invalidAnchorsAreReportedWithTheirReasonAndStayInTheDocument() {
        byte[] out = TestDocs.edit(anchoredDocument(), pdf -> {
            AnchorScan scan = finder.removeAnchors(pdf, Industry.GENERAL);
            assertThat(scan.problems()).extracting(AnchorProblem::text).containsExactly("|S31SR|", "|S1XR|", "|T1SR|");
            assertThat(scan.problems().get(0).reason()).contains("between 1 and 30");
            assertThat(scan.problems().get(1).reason()).contains("'XR' is not a type");
            assertThat(scan.problems().get(2).reason()).contains("REAL_ESTATE");
        });
        String page = TestDocs.pageText(out, 1);
        assertThat(page).contains("|S31SR|", "|S1XR|", "|T1SR|");
    }

    @Test
    void realEstateAllowsItsRolesAndRefusesSigner() {
        byte[] doc = TestDocs.make(pdf -> {
            PdfCanvas canvas = new PdfCanvas(pdf.addNewPage(PageSize.A4));
            show(canvas, helvetica(), 0, "|AT|");
            show(canvas, helvetica(), 1, "Tenant |T2SR| Landlord |L1SR| Guarantor |G4TO| Signer |S1SR|");
        });
        AnchorScan realEstate = TestDocs.read(doc, pdf -> finder.scan(pdf, Industry.REAL_ESTATE));
        assertThat(realEstate.anchors()).extracting(a -> a.role().toString()).containsExactly("T2", "L1", "G4");
        assertThat(realEstate.problems()).extracting(AnchorProblem::text).containsExactly("|S1SR|");
        AnchorScan all = TestDocs.read(doc, pdf -> finder.scan(pdf, Industry.ALL));
        assertThat(all.anchors()).hasSize(4);
        assertThat(all.problems()).isEmpty();
    }

    @Test
    void anchorsAndHeaderAreGoneFromThePageTextButTheRestOfTheLineStays() {
        byte[] in = anchoredDocument();
        List<AnchorScan> scans = new ArrayList<>();
        byte[] out = TestDocs.edit(in, pdf -> scans.add(finder.removeAnchors(pdf, Industry.GENERAL)));
        AnchorScan scan = scans.get(0);

        for (int p = 1; p <= 2; p++) {
            int page = p;
            String text = TestDocs.pageText(out, page);
            assertThat(text)
                    .doesNotContain(
                            "|AT|",
                            "|S1SR|",
                            "|S1T",
                            "|S1CBR|",
                            "|S1DSR|",
                            "|S1INR|",
                            "|S1RG1R|",
                            "|S1AO|",
                            "|S2S",
                            "O|",
                            "S1TO");
        }
        String page1 = TestDocs.pageText(out, 1);
        assertThat(page1)
                .contains(
                        "Lease agreement", "Signature:", "end of line", "Name:", "tail", "Witness:", "after", "today");
        String page2 = TestDocs.pageText(out, 2);
        assertThat(page2).contains("Zoë:", "Łódź");

        // Nothing at all is left where an anchor was.
        for (Anchor anchor : scan.anchors()) {
            Rectangle inset = anchor.box()
                    .clone()
                    .decreaseHeight(1)
                    .decreaseWidth(1)
                    .moveRight(0.5f)
                    .moveUp(0.5f);
            String there = TestDocs.read(out, pdf -> textIn(pdf, anchor.pageNumber(), inset));
            assertThat(there).as(anchor.text()).isBlank();
        }

        // poppler agrees, and the words after each anchor did not move.
        String layout = Tools.pdftotextLayout(out);
        assertThat(layout)
                .doesNotContain("|S1SR|", "|S1CBR|", "|S2S", "|S1TO|", "|AT|")
                .contains("end of line", "Łódź");
        for (String word : List.of("end", "tail", "yes", "today", "after", "Łódź")) {
            assertThat(wordX(out, word)).as(word).isCloseTo(wordX(in, word), within(0.01));
        }
        Tools.assertQpdfClean(out);
    }

    @Test
    void noAnchorTextIsLeftAnywhereInTheFile() {
        byte[] out = TestDocs.edit(anchoredDocument(), pdf -> finder.removeAnchors(pdf, Industry.GENERAL));
        String qdf = Tools.run(out, "qpdf", "--qdf", "--object-streams=disable", "FILE", "-")
                .output();
        assertThat(qdf).doesNotContain("|S1SR|", "|AT|", "(O|)").contains("|S31SR|");
    }

    @Test
    void fieldsArePlacedWithTheirTopLeftAtTheAnchorsTopLeft() {
        List<AnchorScan> scans = new ArrayList<>();
        byte[] out = TestDocs.edit(anchoredDocument(), pdf -> {
            AnchorScan scan = finder.removeAnchors(pdf, Industry.GENERAL);
            scans.add(scan);
            new FieldPlacement()
                    .place(pdf, scan.fieldSpecs(Map.of(new RoleKey('S', 1), ALICE, new RoleKey('S', 2), BOB)));
        });
        AnchorScan scan = scans.get(0);
        for (Anchor anchor : scan.anchors()) {
            UUID owner = anchor.role().number() == 1 ? ALICE : BOB;
            String name = anchor.type() == TagType.RADIO_FIELD
                    ? FieldNames.radioGroup(owner, anchor.groupName())
                    : FieldNames.tag(owner, anchor.tagName());
            Rectangle widget = TestDocs.read(out, pdf -> {
                var field = PdfAcroForm.getAcroForm(pdf, false).getField(name);
                assertThat(field).as(name).isNotNull();
                return field.getWidgets().stream()
                        .map(w -> w.getRectangle().toRectangle())
                        .filter(r -> Math.abs(r.getLeft() - anchor.box().getLeft()) < 0.01)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no widget at " + anchor.text()));
            });
            assertThat(widget.getTop()).as(anchor.text()).isCloseTo(anchor.box().getTop(), within(0.01f));
            assertThat(widget.getHeight())
                    .as(anchor.text())
                    .isCloseTo((float) anchor.type().heightPt(), within(0.01f));
        }
        List<String> bobs = TestDocs.read(out, pdf -> FieldNames.ofRecipient(pdf, BOB));
        assertThat(bobs).containsExactly(FieldNames.tag(BOB, "signature_1"));
        Tools.assertQpdfClean(out);
    }

    @Test
    void aDocumentWithoutTheHeaderIsNotAutoTaggedAndIsLeftAlone() {
        byte[] doc = TestDocs.make(
                pdf -> show(new PdfCanvas(pdf.addNewPage(PageSize.A4)), helvetica(), 1, "Signature: |S1SR|"));
        List<AnchorScan> scans = new ArrayList<>();
        byte[] out = TestDocs.edit(doc, pdf -> scans.add(finder.removeAnchors(pdf, Industry.ALL)));
        assertThat(scans.get(0).autoTagged()).isFalse();
        assertThat(scans.get(0).anchors()).isEmpty();
        assertThat(TestDocs.pageText(out, 1)).contains("|S1SR|");
    }

    @Test
    void aRoleWithoutARecipientIsAnErrorNamingTheAnchor() {
        AnchorScan scan = TestDocs.read(anchoredDocument(), pdf -> finder.scan(pdf, Industry.GENERAL));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scan.fieldSpecs(Map.of(new RoleKey('S', 1), ALICE)))
                .isInstanceOf(FieldPlacementException.class)
                .hasMessageContaining("|S2SO|")
                .hasMessageContaining("S2");
    }

    @Test
    void anAnchorInsideAFormXObjectIsReportedNotHalfRemoved() {
        byte[] doc = TestDocs.make(pdf -> {
            PdfCanvas canvas = new PdfCanvas(pdf.addNewPage(PageSize.A4));
            show(canvas, helvetica(), 0, "|AT|");
            com.itextpdf.kernel.pdf.xobject.PdfFormXObject form =
                    new com.itextpdf.kernel.pdf.xobject.PdfFormXObject(new Rectangle(0, 0, 200, 30));
            new PdfCanvas(form, pdf)
                    .beginText()
                    .setFontAndSize(helvetica(), SIZE)
                    .moveText(5, 10)
                    .showText("Shared |S1SR|")
                    .endText();
            canvas.addXObjectAt(form, LEFT, 500);
        });
        List<AnchorScan> scans = new ArrayList<>();
        byte[] out = TestDocs.edit(doc, pdf -> scans.add(finder.removeAnchors(pdf, Industry.GENERAL)));
        assertThat(scans.get(0).anchors()).isEmpty();
        assertThat(scans.get(0).problems())
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("cannot be removed"));
        assertThat(TestDocs.pageText(out, 1)).contains("|S1SR|").doesNotContain("|AT|");
    }

    @Test
    void onARotatedPageTheFieldStartsAtTheAnchorsVisibleTopLeft() {
        byte[] doc = TestDocs.make(pdf -> {
            var page = pdf.addNewPage(PageSize.A4).setRotation(90);
            PdfCanvas canvas = new PdfCanvas(page);
            // Text turned a quarter anticlockwise reads upright once the page is turned clockwise.
            canvas.beginText()
                    .setFontAndSize(helvetica(), SIZE)
                    .setTextMatrix(0, 1, -1, 0, 100, 60)
                    .showText("|AT| Sign: |S1SR| thanks")
                    .endText();
        });
        List<AnchorScan> scans = new ArrayList<>();
        byte[] out = TestDocs.edit(doc, pdf -> {
            AnchorScan scan = finder.removeAnchors(pdf, Industry.GENERAL);
            scans.add(scan);
            new FieldPlacement().place(pdf, scan.fieldSpecs(Map.of(new RoleKey('S', 1), ALICE)));
        });
        Anchor anchor = scans.get(0).anchors().get(0);
        PageGeometry geometry = new PageGeometry(PageSize.A4, 90);
        double[] anchorVisible = geometry.toVisible(anchor.box());
        float[] r = FieldPlacementTest.widgetRect(out, FieldNames.tag(ALICE, "signature_1"));
        double[] fieldVisible = geometry.toVisible(new Rectangle(r[0], r[1], r[2], r[3]));
        assertThat(fieldVisible[0]).isCloseTo(anchorVisible[0], within(0.01));
        assertThat(fieldVisible[1]).isCloseTo(anchorVisible[1], within(0.01));
        // Upright for the reader: 180 wide and 50 high on screen, so 50 × 180 in the page's own space.
        assertThat(r[2]).isCloseTo(50f, within(0.01f));
        assertThat(r[3]).isCloseTo(180f, within(0.01f));
        assertThat(TestDocs.pageText(out, 1)).contains("Sign:", "thanks").doesNotContain("|S1SR|", "|AT|");
        Tools.assertQpdfClean(out);
    }

    static String textIn(PdfDocument pdf, int page, Rectangle region) {
        return PdfTextExtractor.getTextFromPage(
                pdf.getPage(page),
                new FilteredTextEventListener(new LocationTextExtractionStrategy(), new TextRegionEventFilter(region)));
    }

    /** The left edge of the first word {@code word} as poppler measures it. */
    static double wordX(byte[] pdf, String word) {
        String html = Tools.run(pdf, "pdftotext", "-bbox", "-enc", "UTF-8", "FILE", "-")
                .output();
        Matcher m = Pattern.compile("<word xMin=\"([0-9.]+)\"[^>]*>" + Pattern.quote(word) + "</word>")
                .matcher(html);
        if (!m.find()) {
            throw new AssertionError("poppler finds no word " + word);
        }
        return Double.parseDouble(m.group(1));
    }
}
