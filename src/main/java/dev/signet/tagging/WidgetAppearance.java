package dev.signet.tagging;

import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfArray;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfNumber;
import com.itextpdf.kernel.pdf.annot.PdfWidgetAnnotation;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import com.itextpdf.kernel.pdf.xobject.PdfFormXObject;
import java.util.function.BiConsumer;

/**
 * Draws a widget's normal appearance ourselves, for the fields iText would draw in a way a contract
 * should not look (push buttons get a grey bevel, images get stretched). The drawing happens upright
 * in a box of the size the reader sees; on a rotated page the appearance's matrix turns it so it
 * reads upright there too, as {@code /MK /R} tells viewers that regenerate appearances.
 */
final class WidgetAppearance {

    private WidgetAppearance() {}

    static void set(PdfDocument pdf, PdfWidgetAnnotation widget, int rotation, BiConsumer<PdfCanvas, Rectangle> draw) {
        Rectangle rect = widget.getRectangle().toRectangle();
        boolean turned = rotation % 180 != 0;
        float width = turned ? rect.getHeight() : rect.getWidth();
        float height = turned ? rect.getWidth() : rect.getHeight();
        Rectangle box = new Rectangle(0, 0, width, height);
        PdfFormXObject xObject = new PdfFormXObject(box);
        PdfArray matrix = matrix(rotation, width, height);
        if (matrix != null) {
            xObject.put(PdfName.Matrix, matrix);
        }
        PdfCanvas canvas = new PdfCanvas(xObject, pdf);
        draw.accept(canvas, box);
        canvas.release();
        PdfDictionary appearances = new PdfDictionary();
        appearances.put(PdfName.N, xObject.getPdfObject());
        widget.put(PdfName.AP, appearances);
        rotate(widget, rotation);
    }

    /** Records the rotation in the widget's appearance characteristics ({@code /MK /R}). */
    static void rotate(PdfWidgetAnnotation widget, int rotation) {
        if (rotation == 0) {
            return;
        }
        PdfDictionary mk = widget.getAppearanceCharacteristics();
        if (mk == null) {
            mk = new PdfDictionary();
            widget.setAppearanceCharacteristics(mk);
        }
        mk.put(PdfName.R, new PdfNumber(rotation));
    }

    /** Turns a width × height box counter-clockwise by the page's rotation, into the widget's rectangle. */
    private static PdfArray matrix(int rotation, float width, float height) {
        switch (rotation) {
            case 90:
                return new PdfArray(new float[] {0, 1, -1, 0, height, 0});
            case 180:
                return new PdfArray(new float[] {-1, 0, 0, -1, width, height});
            case 270:
                return new PdfArray(new float[] {0, -1, 1, 0, 0, width});
            default:
                return null;
        }
    }
}
