package dev.signet.tagging;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.forms.fields.AbstractPdfFormField;
import com.itextpdf.forms.fields.PdfFormAnnotation;
import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.forms.fields.PdfSignatureFormField;
import com.itextpdf.forms.fields.PdfTextFormField;
import com.itextpdf.io.font.PdfEncodings;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfString;
import com.itextpdf.kernel.pdf.annot.PdfWidgetAnnotation;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Fills one signer's fields with their values and draws them, inside the incremental update that
 * the signing step then signs. Only that signer's fields are read or written; a value that does not
 * fit its field stops the whole fill before anything changes.
 *
 * <p>Values are strings by tag name, as the API carries them: text and dates as shown (dates already
 * formatted by the caller), checkboxes and radio buttons {@code true} or {@code false} (the radio
 * tag that is {@code true} is the group's choice), signatures and initials typed text or
 * {@code data:image/png;base64,…}, attachments the attached file's name. An empty value leaves the
 * field as it is (an optional tag left empty).
 */
public final class FieldFiller {

    static final int MAX_TYPED_LENGTH = 100;

    /**
     * The caption under a signature: who signed and when (formatted by the caller).
     *
     * @param signerName the signer's name as verified
     * @param date the signing date as it should read
     */
    public record Caption(String signerName, String date) {

        String line() {
            String name = signerName == null ? "" : signerName.strip();
            String when = date == null ? "" : date.strip();
            return name.isEmpty() || when.isEmpty() ? name + when : name + "  ·  " + when;
        }
    }

    /** One tag of the signer: its field, and for a radio button the group field and its state. */
    private record Target(String tagName, TagType type, PdfFormField field, String state) {}

    /**
     * Fills and draws the signer's fields.
     *
     * @return the fully qualified names of the fields given a value, in the order they were placed, for the
     *     signing step to lock (FieldMDP); the signature field is included
     * @throws InvalidFieldValueException naming the first tag whose value does not fit, or a tag the
     *     signer does not have; nothing is changed then
     */
    public List<String> fill(PdfDocument pdf, UUID recipientId, Map<String, String> values, Caption caption) {
        Map<String, Target> targets = targets(pdf, recipientId);
        for (String tag : values.keySet()) {
            if (!targets.containsKey(tag)) {
                throw new InvalidFieldValueException(tag, "tag '" + tag + "' is not a field of this signer");
            }
        }
        List<Runnable> writes = new ArrayList<>();
        List<String> filled = new ArrayList<>();
        Map<PdfFormField, String> radioChoices = new LinkedHashMap<>();
        Fill fill = new Fill(pdf, caption);
        for (Target target : targets.values()) {
            String value = values.get(target.tagName());
            if (value == null || value.isEmpty()) {
                continue;
            }
            Runnable write = fill.prepare(target, value, radioChoices);
            if (write != null) {
                writes.add(write);
            }
            String name = target.field().getFieldName().toUnicodeString();
            if (!filled.contains(name)) {
                filled.add(name);
            }
        }
        writes.forEach(Runnable::run);
        radioChoices.forEach(FieldFiller::choose);
        markModified(targets, filled);
        return filled;
    }

    /**
     * In an incremental update iText writes only objects flagged as changed, and it does not flag a
     * widget whose appearance dictionary got a new normal appearance: without this the update would
     * carry the new values but the old, empty appearances.
     */
    private static void markModified(Map<String, Target> targets, List<String> filled) {
        for (Target t : targets.values()) {
            if (filled.contains(t.field().getFieldName().toUnicodeString())) {
                t.field().setModified();
                t.field().getWidgets().forEach(PdfWidgetAnnotation::setModified);
            }
        }
    }

    /**
     * Ticks a checkbox or chooses a radio button the way a viewer does: {@code /V} on the field and
     * {@code /AS} on each widget name one of the appearance states the widget already has. The
     * appearance streams themselves are part of the certified revision; iText's {@code setValue}
     * would draw them anew (with another font), and a validator then sees changed objects that
     * form filling does not explain and questions the certification.
     */
    private static void choose(PdfFormField field, String state) {
        field.put(PdfName.V, new PdfName(state));
        for (PdfWidgetAnnotation widget : field.getWidgets()) {
            PdfDictionary appearances = widget.getAppearanceDictionary();
            PdfDictionary normal = appearances == null ? null : appearances.getAsDictionary(PdfName.N);
            boolean has = normal != null && normal.containsKey(new PdfName(state));
            widget.setAppearanceState(new PdfName(has ? state : PdfFormAnnotation.OFF_STATE_VALUE));
        }
    }

    /** The signer's tags by name, in the order their fields were added. */
    private static Map<String, Target> targets(PdfDocument pdf, UUID recipientId) {
        Map<String, Target> targets = new LinkedHashMap<>();
        PdfAcroForm form = PdfAcroForm.getAcroForm(pdf, false);
        PdfFormField node = form == null ? null : form.getField(FieldNames.recipient(recipientId));
        if (node == null) {
            return targets;
        }
        for (PdfFormField field : node.getChildFormFields()) {
            TagType type = FieldKinds.of(field).orElse(null);
            if (type == TagType.RADIO_FIELD) {
                for (AbstractPdfFormField kid : field.getChildFields()) {
                    if (kid instanceof PdfFormAnnotation) {
                        String state = onState((PdfFormAnnotation) kid);
                        String tag = state.equals(FieldFactory.exportValue("Off")) ? "Off" : state;
                        targets.put(tag, new Target(tag, type, field, state));
                    }
                }
            } else if (type != null) {
                String tag = FieldNames.tagOf(field.getPartialFieldName().toUnicodeString());
                targets.put(tag, new Target(tag, type, field, null));
            }
        }
        return targets;
    }

    private static String onState(PdfFormAnnotation widget) {
        return Arrays.stream(widget.getAppearanceStates())
                .filter(s -> !s.equals(PdfFormAnnotation.OFF_STATE_VALUE))
                .findFirst()
                .orElse(PdfFormAnnotation.OFF_STATE_VALUE);
    }

    /** Checks one value against its field and returns the write that fills it (null: nothing to write). */
    private static final class Fill {
        private final PdfDocument pdf;
        private final Caption caption;
        private final Fonts fonts;

        Fill(PdfDocument pdf, Caption caption) {
            this.pdf = pdf;
            this.fonts = Fonts.of(pdf);
            this.caption = caption == null ? new Caption(null, null) : caption;
        }

        Runnable prepare(Target t, String value, Map<PdfFormField, String> radioChoices) {
            switch (t.type()) {
                case TEXT_FIELD:
                case DATE_SIGNED_FIELD:
                    return text(t, value);
                case CHECKBOX_FIELD:
                    boolean checked = bool(t, value);
                    String on = onState(t.field().getFirstFormAnnotation());
                    return () -> choose(t.field(), checked ? on : PdfFormAnnotation.OFF_STATE_VALUE);
                case RADIO_FIELD:
                    if (bool(t, value)) {
                        String previous = radioChoices.putIfAbsent(t.field(), t.state());
                        if (previous != null) {
                            throw new InvalidFieldValueException(
                                    t.tagName(),
                                    "radio tags '" + previous + "' and '" + t.tagName()
                                            + "' of one group are both true; choose one");
                        }
                    }
                    return null;
                case SIGNATURE:
                case INITIALS:
                    return mark(t, value);
                case ATTACHMENT:
                    return () -> attachment(t, value);
                default:
                    throw new IllegalStateException(t.type().toString());
            }
        }

        private Runnable text(Target t, String value) {
            PdfTextFormField field = (PdfTextFormField) t.field();
            int max = field.getMaxLen();
            if (max > 0 && value.codePointCount(0, value.length()) > max) {
                throw new InvalidFieldValueException(
                        t.tagName(), "tag '" + t.tagName() + "' takes at most " + max + " characters");
            }
            if (t.type() == TagType.TEXT_FIELD && field.isReadOnly()) {
                if (!value.equals(field.getValueAsString())) {
                    throw new InvalidFieldValueException(t.tagName(), "tag '" + t.tagName() + "' is read-only");
                }
                return null;
            }
            return () -> {
                // The value goes into /V and is drawn into the appearance only. The field's /DA stays
                // as prepared: the certification permits form filling, which validators (iText's, and
                // so Signet's own /v2/verify) read as "/V and the appearance change, nothing else".
                PdfFont font = fonts.text();
                float size = TextSizes.fit(font, value, field);
                field.put(PdfName.V, new PdfString(value, PdfEncodings.UNICODE_BIG));
                draw(field, (canvas, box) -> {
                    float baseline = (box.getHeight() - size * (font.getAscent("Xg", 1) - font.getDescent("Xg", 1))) / 2
                            - size * font.getDescent("Xg", 1);
                    canvas.beginVariableText()
                            .saveState()
                            .rectangle(1, 1, box.getWidth() - 2, box.getHeight() - 2)
                            .clip()
                            .endPath()
                            .beginText()
                            .setFontAndSize(font, size)
                            .moveText(2, baseline)
                            .showText(value)
                            .endText()
                            .restoreState()
                            .endVariableText();
                });
            };
        }

        private Runnable mark(Target t, String value) {
            String typed = value.strip();
            if (!ImageValue.isImage(value) && typed.codePointCount(0, typed.length()) > MAX_TYPED_LENGTH) {
                throw new InvalidFieldValueException(
                        t.tagName(),
                        "tag '" + t.tagName() + "' takes at most " + MAX_TYPED_LENGTH + " typed characters");
            }
            if (value.isBlank()) {
                throw new InvalidFieldValueException(t.tagName(), "tag '" + t.tagName() + "' needs a signature");
            }
            SignatureDrawing.Mark mark = SignatureDrawing.Mark.of(t.tagName(), value);
            String line = t.type() == TagType.SIGNATURE ? caption.line() : null;
            if (t.field() instanceof PdfSignatureFormField) {
                return () -> signatureField(t, value);
            }
            return () -> draw(
                    t.field(),
                    (canvas, box) -> canvas.addXObjectAt(
                            SignatureDrawing.xObject(pdf, mark, line, box.getWidth(), box.getHeight(), fonts), 0, 0));
        }

        private void signatureField(Target t, String value) {
            PdfFormAnnotation widget = t.field().getFirstFormAnnotation();
            Rectangle rect = widget.getWidget().getRectangle().toRectangle();
            boolean turned = rotation(widget.getWidget()) % 180 != 0;
            String name = t.field().getFieldName().toUnicodeString();
            float width = turned ? rect.getHeight() : rect.getWidth();
            float height = turned ? rect.getWidth() : rect.getHeight();
            widget.setFormFieldElement(
                    SignatureAppearances.of(pdf, name, t.tagName(), value, caption, width, height, fonts));
            t.field().regenerateField();
        }

        /** The file's name is in the completion pack; the field only shows that something was attached. */
        private void attachment(Target t, String fileName) {
            draw(t.field(), (canvas, box) -> {
                FieldFactory.frame(canvas, box);
                float w = box.getWidth();
                float h = box.getHeight();
                canvas.saveState()
                        .setLineWidth(1.5f)
                        .moveTo(w * 0.25f, h * 0.5f)
                        .lineTo(w * 0.42f, h * 0.3f)
                        .lineTo(w * 0.75f, h * 0.72f)
                        .stroke()
                        .restoreState();
            });
        }

        private void draw(PdfFormField field, BiConsumer<PdfCanvas, Rectangle> painter) {
            PdfWidgetAnnotation widget = field.getFirstFormAnnotation().getWidget();
            WidgetAppearance.set(pdf, widget, rotation(widget), painter);
        }

        private static boolean bool(Target t, String value) {
            switch (value) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw new InvalidFieldValueException(
                            t.tagName(), "tag '" + t.tagName() + "' takes true or false, not '" + value + "'");
            }
        }

        private static int rotation(PdfWidgetAnnotation widget) {
            return widget.getPage() == null ? 0 : widget.getPage().getRotation();
        }
    }
}
