package dev.signet.tagging;

import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfNumber;
import com.itextpdf.kernel.pdf.annot.PdfWidgetAnnotation;

/**
 * The font size of a value in a single-line field: 10 pt, smaller when the value would not fit the
 * width, never below 4 pt. iText's automatic size (size 0) picks sizes from the box height alone and
 * gave barely readable 5 pt text in a 20 pt high field.
 */
final class TextSizes {

    static final float DEFAULT = 10;
    static final float MIN = 4;
    /** iText's text field appearance leaves 2 pt on each side. */
    private static final float INSET = 4;

    private TextSizes() {}

    static float fit(PdfFont font, String value, PdfFormField field) {
        PdfWidgetAnnotation widget = field.getWidgets().get(0);
        Rectangle rect = widget.getRectangle().toRectangle();
        PdfDictionary mk = widget.getAppearanceCharacteristics();
        PdfNumber rotation = mk == null ? null : mk.getAsNumber(PdfName.R);
        float width = rotation != null && rotation.intValue() % 180 != 0 ? rect.getHeight() : rect.getWidth();
        float natural = font.getWidth(value, 1);
        float size = natural <= 0 ? DEFAULT : Math.min(DEFAULT, (width - INSET) / natural);
        return Math.max(MIN, (float) Math.floor(size * 10) / 10);
    }
}
