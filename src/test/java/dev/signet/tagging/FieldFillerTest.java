package dev.signet.tagging;

import static dev.signet.tagging.FieldTypesTest.ALICE;
import static dev.signet.tagging.FieldTypesTest.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfObject;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfStream;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.StampingProperties;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FieldFillerTest {

    static final FieldFiller.Caption CAPTION = new FieldFiller.Caption("Zoë Smith", "28 Nov 2026");

    final FieldFiller filler = new FieldFiller();

    static String png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(20, 40, 120));
        g.setStroke(new BasicStroke(4));
        g.drawLine(5, height - 10, width - 5, 10);
        g.drawOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ImageValue.PREFIX + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static Map<String, String> aliceValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Sign here", "Zoë Smith");
        values.put("initials", png(300, 120));
        values.put("full.name", "Zoë Łukasz-Smith");
        values.put("agree", "true");
        values.put("basic", "false");
        values.put("premium", "true");
        values.put("signed on", "28 Nov 2026");
        values.put("id document", "passport.pdf");
        values.put("Sign again", "Z. Smith");
        return values;
    }

    /** Fills in an incremental update, as the signing step's callback does. */
    static byte[] fillIncrementally(byte[] in, Consumer<PdfDocument> fill) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(
                new PdfReader(new ByteArrayInputStream(in)),
                new PdfWriter(out),
                new StampingProperties().useAppendMode())) {
            fill.accept(pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** What a reader sees at a rectangle of a page once the form is flattened into the content. */
    static String textAt(byte[] pdf, int page, Rectangle rect) {
        byte[] flat =
                TestDocs.edit(pdf, doc -> PdfAcroForm.getAcroForm(doc, false).flattenFields());
        return TestDocs.read(flat, doc -> AnchorFinderTest.textIn(doc, page, rect));
    }

    static Rectangle rect(byte[] pdf, String field) {
        float[] r = FieldPlacementTest.widgetRect(pdf, field);
        return new Rectangle(r[0], r[1], r[2], r[3]);
    }

    @Test
    void fillsEveryTypeAndReturnsTheFilledFieldNames() {
        byte[] placed = FieldTypesTest.placedEveryType();
        List<List<String>> result = new ArrayList<>();
        byte[] out = fillIncrementally(placed, pdf -> result.add(filler.fill(pdf, ALICE, aliceValues(), CAPTION)));

        assertThat(result.get(0))
                .containsExactly(
                        FieldNames.tag(ALICE, "Sign here"),
                        FieldNames.tag(ALICE, "initials"),
                        FieldNames.tag(ALICE, "full.name"),
                        FieldNames.tag(ALICE, "agree"),
                        FieldNames.radioGroup(ALICE, "plan"),
                        FieldNames.tag(ALICE, "signed on"),
                        FieldNames.tag(ALICE, "id document"),
                        FieldNames.tag(ALICE, "Sign again"));
        // An incremental update: the prepared document is untouched at the start of the file.
        assertThat(Arrays.copyOf(out, placed.length)).isEqualTo(placed);
        Tools.assertQpdfClean(out);

        Map<String, String> values = TestDocs.read(out, pdf -> {
            Map<String, String> v = new LinkedHashMap<>();
            PdfAcroForm.getAcroForm(pdf, false).getAllFormFields().forEach((name, field) -> {
                if (field.getFormType() != null) {
                    v.put(name, field.getValueAsString());
                }
            });
            return v;
        });
        assertThat(values.get(FieldNames.tag(ALICE, "full.name"))).isEqualTo("Zoë Łukasz-Smith");
        assertThat(values.get(FieldNames.tag(ALICE, "signed on"))).isEqualTo("28 Nov 2026");
        assertThat(values.get(FieldNames.tag(ALICE, "agree"))).isEqualTo("Yes");
        assertThat(values.get(FieldNames.radioGroup(ALICE, "plan"))).isEqualTo("premium");
        assertThat(values.get(FieldNames.tag(ALICE, "ref"))).isEqualTo("ABC-123");
        assertThat(values.get(FieldNames.tag(BOB, "note"))).isEmpty();
    }

    @Test
    void valuesAreReadableAtEachTagsRectangle() {
        byte[] out = fillIncrementally(
                FieldTypesTest.placedEveryType(), pdf -> filler.fill(pdf, ALICE, aliceValues(), CAPTION));
        assertThat(textAt(out, 1, rect(out, FieldNames.tag(ALICE, "full.name"))))
                .contains("Zoë Łukasz-Smith");
        assertThat(textAt(out, 1, rect(out, FieldNames.tag(ALICE, "signed on"))))
                .contains("28 Nov 2026");
        assertThat(textAt(out, 1, rect(out, FieldNames.tag(ALICE, "ref")))).contains("ABC-123");
        String signature = textAt(out, 1, rect(out, FieldNames.tag(ALICE, "Sign here")));
        assertThat(signature).contains("Zoë Smith").contains("28 Nov 2026");
        assertThat(textAt(out, 2, rect(out, FieldNames.tag(ALICE, "Sign again"))))
                .contains("Z. Smith");
        // Bob's signature field is still empty.
        assertThat(textAt(out, 1, rect(out, FieldNames.tag(BOB, "Sign here")))).isBlank();

        String layout = Tools.pdftotextLayout(out);
        assertThat(layout).contains("Zoë Łukasz-Smith", "28 Nov 2026", "ABC-123", "Zoë Smith", "Z. Smith");
    }

    @Test
    void typedSignaturesUseTheEmbeddedHandwritingFontAndImagesAreXObjects() {
        byte[] out = fillIncrementally(
                FieldTypesTest.placedEveryType(), pdf -> filler.fill(pdf, ALICE, aliceValues(), CAPTION));
        List<String> signatureFonts =
                TestDocs.read(out, pdf -> fontsOf(appearance(pdf, FieldNames.tag(ALICE, "Sign here"))));
        assertThat(signatureFonts).anyMatch(f -> f.matches("[A-Z]{6}\\+DancingScript.*\\|embedded"));
        assertThat(signatureFonts).anyMatch(f -> f.matches("[A-Z]{6}\\+NotoSans.*\\|embedded"));
        List<String> initialsImages =
                TestDocs.read(out, pdf -> imagesOf(appearance(pdf, FieldNames.tag(ALICE, "initials"))));
        assertThat(initialsImages).isNotEmpty();
        assertThat(initialsImages.get(0)).isEqualTo("300x120");
        // The image keeps its 5:2 shape inside the 60 × 40 box: 58 wide (the box less padding), 23.2 high.
        String drawing = TestDocs.read(out, pdf -> contentsOf(appearance(pdf, FieldNames.tag(ALICE, "initials"))));
        assertThat(drawing).contains("58 0 0 23.2 ");
        Tools.assertQpdfClean(out);
    }

    @Test
    void otherRecipientsFieldsAreUntouched() {
        byte[] placed = FieldTypesTest.placedEveryType();
        byte[] out = fillIncrementally(placed, pdf -> filler.fill(pdf, ALICE, aliceValues(), CAPTION));
        for (String field : List.of(FieldNames.tag(BOB, "note"), FieldNames.tag(BOB, "Sign here"))) {
            String before = TestDocs.read(placed, pdf -> describe(pdf, field));
            String after = TestDocs.read(out, pdf -> describe(pdf, field));
            assertThat(after).as(field).isEqualTo(before);
        }
        // iText rewrites every field dictionary it loads in an incremental update; what matters is
        // that Bob's come out exactly as they were.
        for (String field : List.of(FieldNames.tag(BOB, "note"), FieldNames.tag(BOB, "Sign here"))) {
            String before = TestDocs.read(placed, pdf -> dictionaries(pdf, field));
            String after = TestDocs.read(out, pdf -> dictionaries(pdf, field));
            assertThat(after).as(field).isEqualTo(before);
        }
        String alice = FieldNames.tag(ALICE, "full.name");
        String aliceBefore = TestDocs.read(placed, pdf -> dictionaries(pdf, alice));
        String aliceAfter = TestDocs.read(out, pdf -> dictionaries(pdf, alice));
        assertThat(aliceAfter).isNotEqualTo(aliceBefore);
    }

    /** A field's dictionary and its widgets', as text, with their normal appearances' bytes. */
    static String dictionaries(PdfDocument pdf, String field) {
        PdfFormField f = PdfAcroForm.getAcroForm(pdf, false).getField(field);
        StringBuilder text = new StringBuilder(f.getPdfObject().toString());
        f.getWidgets().forEach(w -> {
            text.append('|').append(w.getPdfObject());
            PdfStream n = w.getAppearanceDictionary() == null
                    ? null
                    : w.getAppearanceDictionary().getAsStream(PdfName.N);
            text.append('|').append(n == null ? "-" : Arrays.toString(n.getBytes()));
        });
        return text.toString();
    }

    @Test
    void aValueThatDoesNotFitIsRefusedByTagAndNothingIsFilled() {
        byte[] placed = FieldTypesTest.placedEveryType();
        assertRefused(placed, Map.of("agree", "maybe"), "agree");
        assertRefused(placed, Map.of("full.name", "ok", "initials", "data:image/jpeg;base64,/9j/4AAQ"), "initials");
        assertRefused(
                placed,
                Map.of(
                        "Sign here",
                        ImageValue.PREFIX + Base64.getEncoder().encodeToString("GIF89a not a png".getBytes())),
                "Sign here");
        assertRefused(placed, Map.of("Sign here", ImageValue.PREFIX + "%%%"), "Sign here");
        assertRefused(placed, Map.of("basic", "true", "premium", "true"), "premium");
        assertRefused(placed, Map.of("ref", "changed"), "ref");
        assertRefused(placed, Map.of("note", "Bob's field"), "note");
        assertRefused(placed, Map.of("full.name", "x".repeat(256)), "full.name");
    }

    private void assertRefused(byte[] placed, Map<String, String> values, String tag) {
        Map<String, String> all = new LinkedHashMap<>(values);
        byte[] out = fillIncrementally(
                placed,
                pdf -> assertThatThrownBy(() -> filler.fill(pdf, ALICE, all, CAPTION))
                        .isInstanceOfSatisfying(
                                InvalidFieldValueException.class,
                                e -> assertThat(e.tagName()).isEqualTo(tag))
                        .hasMessageContaining("'" + tag + "'"));
        String name = TestDocs.read(
                out,
                pdf -> PdfAcroForm.getAcroForm(pdf, false)
                        .getField(FieldNames.tag(ALICE, "full.name"))
                        .getValueAsString());
        assertThat(name).as("nothing filled after refusing " + tag).isEmpty();
    }

    @Test
    void aSignatureOnARotatedPageIsFilledAndReadable() {
        byte[] in = TestDocs.pages(new TestDocs.PageSpec(com.itextpdf.kernel.geom.PageSize.A4, null, 90));
        byte[] placed = TestDocs.edit(
                in,
                pdf -> new FieldPlacement()
                        .place(
                                pdf,
                                List.of(
                                        new FieldSpec(
                                                ALICE, "sig", TagType.SIGNATURE, 1, 0.1, 0.1, null, false, null, null),
                                        new FieldSpec(
                                                ALICE, "txt", TagType.TEXT_FIELD, 1, 0.1, 0.5, null, false, null, null),
                                        new FieldSpec(
                                                ALICE,
                                                "ini",
                                                TagType.INITIALS,
                                                1,
                                                0.5,
                                                0.5,
                                                null,
                                                false,
                                                null,
                                                null))));
        byte[] out = fillIncrementally(
                placed,
                pdf -> filler.fill(
                        pdf, ALICE, Map.of("sig", "Zoë Smith", "txt", "rotated value", "ini", "ZS"), CAPTION));
        assertThat(textAt(out, 1, rect(out, FieldNames.tag(ALICE, "sig")))).contains("Zoë Smith");
        assertThat(textAt(out, 1, rect(out, FieldNames.tag(ALICE, "txt")))).contains("rotated value");
        assertThat(textAt(out, 1, rect(out, FieldNames.tag(ALICE, "ini")))).contains("ZS");
        assertThat(Tools.pdftotextLayout(out)).contains("rotated value", "Zoë Smith");
        Tools.assertQpdfClean(out);
    }

    static PdfStream appearance(PdfDocument pdf, String field) {
        PdfFormField f = PdfAcroForm.getAcroForm(pdf, false).getField(field);
        return f.getWidgets().get(0).getAppearanceDictionary().getAsStream(PdfName.N);
    }

    static String describe(PdfDocument pdf, String field) {
        PdfFormField f = PdfAcroForm.getAcroForm(pdf, false).getField(field);
        PdfStream n = f.getWidgets().get(0).getAppearanceDictionary() == null ? null : appearance(pdf, field);
        return f.getValueAsString() + "|" + (n == null ? "-" : Arrays.hashCode(n.getBytes()));
    }

    /** Fonts used by an appearance stream and the form XObjects inside it: "BaseFont|embedded". */
    static List<String> fontsOf(PdfStream stream) {
        List<String> fonts = new ArrayList<>();
        walk(stream, dict -> {
            PdfDictionary fontDicts = resources(dict).getAsDictionary(PdfName.Font);
            if (fontDicts != null) {
                for (PdfName key : fontDicts.keySet()) {
                    PdfDictionary font = fontDicts.getAsDictionary(key);
                    PdfDictionary descriptor = font.getAsDictionary(PdfName.FontDescriptor);
                    if (font.getAsArray(PdfName.DescendantFonts) != null) {
                        descriptor = font.getAsArray(PdfName.DescendantFonts)
                                .getAsDictionary(0)
                                .getAsDictionary(PdfName.FontDescriptor);
                    }
                    boolean embedded = descriptor != null
                            && (descriptor.get(PdfName.FontFile2) != null
                                    || descriptor.get(PdfName.FontFile3) != null
                                    || descriptor.get(PdfName.FontFile) != null);
                    fonts.add(font.getAsName(PdfName.BaseFont).getValue() + (embedded ? "|embedded" : "|not embedded"));
                }
            }
        });
        return fonts;
    }

    /** Image XObjects used by an appearance: "widthxheight". */
    static List<String> imagesOf(PdfStream stream) {
        List<String> images = new ArrayList<>();
        walk(stream, dict -> {
            PdfDictionary xObjects = resources(dict).getAsDictionary(PdfName.XObject);
            if (xObjects != null) {
                for (PdfName key : xObjects.keySet()) {
                    PdfStream x = xObjects.getAsStream(key);
                    if (PdfName.Image.equals(x.getAsName(PdfName.Subtype))) {
                        images.add(x.getAsNumber(PdfName.Width).intValue() + "x"
                                + x.getAsNumber(PdfName.Height).intValue());
                    }
                }
            }
        });
        return images;
    }

    /** The content of an appearance stream and of the form XObjects inside it. */
    static String contentsOf(PdfStream stream) {
        StringBuilder text = new StringBuilder();
        walk(
                stream,
                dict -> text.append(
                                new String(((PdfStream) dict).getBytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .append('\n'));
        return text.toString();
    }

    private static PdfDictionary resources(PdfDictionary dict) {
        PdfDictionary resources = dict.getAsDictionary(PdfName.Resources);
        return resources == null ? new PdfDictionary() : resources;
    }

    private static void walk(PdfStream stream, Consumer<PdfDictionary> visit) {
        visit.accept(stream);
        PdfDictionary xObjects = resources(stream).getAsDictionary(PdfName.XObject);
        if (xObjects != null) {
            for (PdfName key : xObjects.keySet()) {
                PdfObject x = xObjects.getAsStream(key);
                if (x instanceof PdfStream && PdfName.Form.equals(((PdfStream) x).getAsName(PdfName.Subtype))) {
                    walk((PdfStream) x, visit);
                }
            }
        }
    }
}
