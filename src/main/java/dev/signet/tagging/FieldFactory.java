package dev.signet.tagging;

import com.itextpdf.forms.fields.CheckBoxFormFieldBuilder;
import com.itextpdf.forms.fields.PdfButtonFormField;
import com.itextpdf.forms.fields.PdfFormAnnotation;
import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.forms.fields.PdfTextFormField;
import com.itextpdf.forms.fields.PushButtonFormFieldBuilder;
import com.itextpdf.forms.fields.RadioFormFieldBuilder;
import com.itextpdf.forms.fields.SignatureFormFieldBuilder;
import com.itextpdf.forms.fields.TextFormFieldBuilder;
import com.itextpdf.forms.fields.properties.CheckBoxType;
import com.itextpdf.kernel.colors.ColorConstants;
import com.itextpdf.kernel.colors.DeviceGray;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.annot.PdfWidgetAnnotation;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import dev.signet.tagging.FieldPlacement.Placed;

/**
 * The AcroForm field for each tag type.
 *
 * <ul>
 *   <li>signature: a signature field; the signing step signs exactly this field. A signer's further
 *       signature tags in the same document are push buttons, drawn like initials.
 *   <li>initials: a push button. Initials are a picture (typed in the handwriting font, uploaded or
 *       drawn), not a value, and a push button is the field type whose only content is its
 *       appearance; a text field would carry a /V that no viewer could show as an image.
 *   <li>text_field: a single-line text field, 10 pt text (smaller for long values), {@code /MaxLen} 255, help text as
 *       tooltip ({@code /TU}), read-only if the tag says so.
 *   <li>checkbox_field: a checkbox with a check mark; radio_field: one widget in the group's field.
 *   <li>date_signed_field: a read-only text field. Signet writes the date; nobody types it.
 *   <li>attachment: a push button marking where the signer's attachment applies; the PDF itself goes
 *       into the completion pack.
 * </ul>
 * Required tags get the Required flag (not signatures: their requirement lives in the workflow).
 */
final class FieldFactory {

    static final float BORDER = 0.75f;
    static final com.itextpdf.kernel.colors.Color BORDER_COLOR = ColorConstants.DARK_GRAY;

    private FieldFactory() {}

    /** @param signatureField for a signature tag: a signature field (true) or a push button showing it */
    static PdfFormField field(PdfDocument pdf, Placed p, boolean signatureField) {
        String partial = FieldNames.partial(p.spec().recipientId(), p.spec().tagName());
        TagType type = p.spec().type();
        PdfFormField field;
        switch (signatureField || type != TagType.SIGNATURE ? type : TagType.INITIALS) {
            case SIGNATURE:
                // No /MK /R here: iText's signature appearance compensates for the page rotation itself.
                field = new SignatureFormFieldBuilder(pdf, partial)
                        .setWidgetRectangle(p.rect())
                        .setPage(p.page())
                        .createSignature();
                FieldKinds.mark(field, type);
                return field;
            case INITIALS:
            case ATTACHMENT:
                field = pushButton(pdf, p, partial);
                break;
            case TEXT_FIELD:
                field = text(pdf, p, partial);
                break;
            case DATE_SIGNED_FIELD:
                field = text(pdf, p, partial);
                field.setReadOnly(true);
                break;
            case CHECKBOX_FIELD:
                field = checkbox(pdf, p, partial);
                break;
            default:
                throw new IllegalArgumentException(type + " is placed as a radio group");
        }
        field.setRequired(!p.spec().optional());
        FieldKinds.mark(field, type);
        return field;
    }

    static PdfFormField radioGroup(PdfDocument pdf, FieldSpec first) {
        String partial = FieldNames.GROUP_PREFIX + FieldNames.escape(first.groupName());
        PdfButtonFormField group = new RadioFormFieldBuilder(pdf, partial).createRadioGroup();
        group.setRequired(!first.optional());
        FieldKinds.mark(group, TagType.RADIO_FIELD);
        group.makeIndirect(pdf);
        return group;
    }

    static PdfFormAnnotation radioButton(PdfDocument pdf, Placed p, PdfFormField group) {
        String partial = group.getPartialFieldName().toUnicodeString();
        PdfFormAnnotation radio = new RadioFormFieldBuilder(pdf, partial)
                .setPage(p.page())
                .createRadioButton(exportValue(p.spec().tagName()), p.rect());
        radio.setBorderWidth(BORDER);
        radio.setBorderColor(BORDER_COLOR);
        group.addKid(radio);
        if (p.rotation() != 0) {
            radio.setRotation(p.rotation());
        }
        return radio;
    }

    /** The radio button's "on" state: the tag's name, except the reserved state name Off. */
    static String exportValue(String tagName) {
        return FieldNames.radioState(tagName);
    }

    private static PdfTextFormField text(PdfDocument pdf, Placed p, String partial) {
        PdfTextFormField field = new TextFormFieldBuilder(pdf, partial)
                .setWidgetRectangle(p.rect())
                .setPage(p.page())
                .createText();
        field.setMaxLen(FieldPlacement.TEXT_MAX_LENGTH);
        field.setFontSize(TextSizes.DEFAULT);
        FieldSpec.TextOptions text = p.spec().text();
        if (text.helpText() != null && !text.helpText().isEmpty()) {
            field.setAlternativeName(text.helpText());
        }
        rotate(field, p);
        if (text.prefilledValue() != null && !text.prefilledValue().isEmpty()) {
            PdfFont font = Fonts.of(pdf).text();
            field.setFontAndSize(font, TextSizes.fit(font, text.prefilledValue(), field));
            field.setValue(text.prefilledValue());
        }
        field.setReadOnly(text.readOnly());
        return field;
    }

    private static PdfButtonFormField checkbox(PdfDocument pdf, Placed p, String partial) {
        PdfButtonFormField field = new CheckBoxFormFieldBuilder(pdf, partial)
                .setWidgetRectangle(p.rect())
                .setPage(p.page())
                .setCheckType(CheckBoxType.CHECK)
                .createCheckBox();
        PdfFormAnnotation widget = field.getFirstFormAnnotation();
        widget.setBorderWidth(BORDER);
        widget.setBorderColor(BORDER_COLOR);
        rotate(field, p);
        return field;
    }

    private static PdfButtonFormField pushButton(PdfDocument pdf, Placed p, String partial) {
        PdfButtonFormField field = new PushButtonFormFieldBuilder(pdf, partial)
                .setWidgetRectangle(p.rect())
                .setPage(p.page())
                .setCaption("")
                .createPushButton();
        PdfWidgetAnnotation widget = field.getFirstFormAnnotation().getWidget();
        // iText gives push buttons a grey background; a contract shows none.
        widget.setAppearanceCharacteristics(new PdfDictionary());
        boolean attachment = p.spec().type() == TagType.ATTACHMENT;
        WidgetAppearance.set(pdf, widget, p.rotation(), (canvas, box) -> {
            if (attachment) {
                frame(canvas, box);
            }
        });
        return field;
    }

    /** The thin frame that shows where an attachment applies. */
    static void frame(PdfCanvas canvas, com.itextpdf.kernel.geom.Rectangle box) {
        canvas.saveState()
                .setStrokeColor(new DeviceGray(0.35f))
                .setLineWidth(BORDER)
                .rectangle(BORDER / 2, BORDER / 2, box.getWidth() - BORDER, box.getHeight() - BORDER)
                .stroke()
                .restoreState();
    }

    private static void rotate(PdfFormField field, Placed p) {
        if (p.rotation() != 0) {
            field.getFirstFormAnnotation().setRotation(p.rotation());
        }
    }
}
