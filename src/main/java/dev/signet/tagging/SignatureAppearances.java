package dev.signet.tagging;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.forms.fields.PdfSignatureFormField;
import com.itextpdf.forms.form.element.SignatureFieldAppearance;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.xobject.PdfFormXObject;
import com.itextpdf.layout.element.Div;
import com.itextpdf.layout.element.Image;
import com.itextpdf.layout.properties.Property;
import com.itextpdf.layout.properties.UnitValue;

/**
 * The visible appearance of a signer's signature field.
 *
 * <p>iText's {@code PdfSigner} redraws the appearance of the field it signs from its
 * {@code SignerProperties}' {@link SignatureFieldAppearance} (and uses a default text if none is
 * set), so the signing step must pass this appearance, not rely on what {@link FieldFiller} drew:
 * <pre>{@code
 * signerProperties.setFieldName(field)
 *         .setSignatureAppearance(SignatureAppearances.of(signer.getDocument(), field, value, caption));
 * }</pre>
 */
public final class SignatureAppearances {

    private SignatureAppearances() {}

    /**
     * @param fieldName the signature field's fully qualified name ({@link FieldNames#tag})
     * @param value typed text or {@code data:image/png;base64,…}
     * @throws InvalidFieldValueException for an image that is not a readable PNG
     * @throws IllegalArgumentException if the document has no such signature field
     */
    public static SignatureFieldAppearance of(
            PdfDocument pdf, String fieldName, String value, FieldFiller.Caption caption) {
        PdfAcroForm form = PdfAcroForm.getAcroForm(pdf, false);
        PdfFormField field = form == null ? null : form.getField(fieldName);
        if (!(field instanceof PdfSignatureFormField)) {
            throw new IllegalArgumentException("no signature field " + fieldName);
        }
        Rectangle rect = field.getWidgets().get(0).getRectangle().toRectangle();
        var page = field.getWidgets().get(0).getPage();
        int rotation = page == null ? 0 : page.getRotation();
        boolean turned = rotation % 180 != 0;
        return of(
                pdf,
                fieldName,
                tagName(fieldName),
                value,
                caption,
                turned ? rect.getHeight() : rect.getWidth(),
                turned ? rect.getWidth() : rect.getHeight(),
                Fonts.of(pdf));
    }

    static SignatureFieldAppearance of(
            PdfDocument pdf,
            String fieldName,
            String tagName,
            String value,
            FieldFiller.Caption caption,
            float width,
            float height,
            Fonts fonts) {
        PdfFormXObject drawing = SignatureDrawing.xObject(
                pdf,
                SignatureDrawing.Mark.of(tagName, value),
                caption == null ? "" : caption.line(),
                width,
                height,
                fonts);
        SignatureFieldAppearance appearance = new SignatureFieldAppearance(fieldName);
        for (int side :
                new int[] {Property.PADDING_TOP, Property.PADDING_RIGHT, Property.PADDING_BOTTOM, Property.PADDING_LEFT
                }) {
            appearance.setProperty(side, UnitValue.createPointValue(0));
        }
        // Auto-scaled so that a rounding error in the available area cannot push the drawing out.
        appearance.setContent(new Div().setMargin(0).setPadding(0).add(new Image(drawing).setAutoScale(true)));
        return appearance;
    }

    private static String tagName(String fieldName) {
        return FieldNames.tagOf(fieldName.substring(fieldName.lastIndexOf('.') + 1));
    }
}
