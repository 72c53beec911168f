package dev.signet.tagging;

import com.itextpdf.io.font.FontMetrics;
import com.itextpdf.io.image.ImageData;
import com.itextpdf.kernel.colors.DeviceGray;
import com.itextpdf.kernel.colors.DeviceRgb;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import com.itextpdf.kernel.pdf.xobject.PdfFormXObject;

/**
 * What a signature or initials field shows: the typed value in the handwriting font, or the drawn or
 * uploaded image scaled to fit without distortion; under a signature, a small caption with the
 * signer's name and the date.
 *
 * <p>It is drawn once, into a form XObject of the field's size, with plain canvas operators: exact
 * positions, and nothing a layout engine could clip. The same XObject then serves the signature
 * field (wrapped in iText's signature appearance, so PdfSigner draws it identically) and the push
 * buttons of initials and of further signature tags.
 */
final class SignatureDrawing {

    static final float PADDING = 1;
    static final float CAPTION_SIZE = 6;
    /** Room for the caption line: Noto Sans spans 1.36 em from descender to ascender. */
    private static final float CAPTION_HEIGHT = CAPTION_SIZE * 1.5f;

    private static final float MAX_FONT_SIZE = 28;
    private static final DeviceRgb INK = new DeviceRgb(0x10, 0x2a, 0x6b);

    /** The value: typed text or an already decoded image (exactly one is non-null). */
    record Mark(String typed, ImageData image) {

        static Mark of(String tag, String value) {
            return ImageValue.isImage(value)
                    ? new Mark(null, ImageValue.png(tag, value))
                    : new Mark(value.strip(), null);
        }
    }

    private SignatureDrawing() {}

    /**
     * The drawing for a box of {@code width} × {@code height} points.
     *
     * @param caption the caption line, or null for none (initials)
     */
    static PdfFormXObject xObject(PdfDocument pdf, Mark mark, String caption, float width, float height, Fonts fonts) {
        PdfFormXObject xObject = new PdfFormXObject(new Rectangle(0, 0, width, height));
        PdfCanvas canvas = new PdfCanvas(xObject, pdf);
        float bottom = PADDING + (caption == null ? 0 : CAPTION_HEIGHT);
        Rectangle area = new Rectangle(PADDING, bottom, width - 2 * PADDING, height - PADDING - bottom);
        if (mark.image() != null) {
            image(canvas, mark.image(), area);
        } else {
            PdfFont font = fonts.handwritingFor(mark.typed());
            float fit = 0.95f * area.getWidth() / Math.max(font.getWidth(mark.typed(), 1), 0.01f);
            float size = Math.min(Math.min(MAX_FONT_SIZE, area.getHeight() / 1.3f), fit);
            line(canvas, font, size, INK, mark.typed(), area);
        }
        if (caption != null && !caption.isEmpty()) {
            PdfFont font = fonts.text();
            float fit = 0.98f * area.getWidth() / Math.max(font.getWidth(caption, 1), 0.01f);
            line(
                    canvas,
                    font,
                    Math.min(CAPTION_SIZE, fit),
                    new DeviceGray(0.3f),
                    caption,
                    new Rectangle(PADDING, PADDING, area.getWidth(), CAPTION_HEIGHT));
        }
        canvas.release();
        return xObject;
    }

    private static void image(PdfCanvas canvas, ImageData image, Rectangle area) {
        float scale = Math.min(area.getWidth() / image.getWidth(), area.getHeight() / image.getHeight());
        float w = image.getWidth() * scale;
        float h = image.getHeight() * scale;
        canvas.addImageFittedIntoRectangle(
                image,
                new Rectangle(area.getX() + (area.getWidth() - w) / 2, area.getY() + (area.getHeight() - h) / 2, w, h),
                false);
    }

    /** One line of text centred in the box, its ascender-to-descender span centred vertically. */
    private static void line(
            PdfCanvas canvas,
            PdfFont font,
            float size,
            com.itextpdf.kernel.colors.Color color,
            String text,
            Rectangle box) {
        FontMetrics metrics = font.getFontProgram().getFontMetrics();
        float ascent = metrics.getTypoAscender() / 1000f * size;
        float descent = metrics.getTypoDescender() / 1000f * size;
        float baseline = box.getY() + (box.getHeight() - (ascent - descent)) / 2 - descent;
        float x = box.getX() + (box.getWidth() - font.getWidth(text, size)) / 2;
        canvas.saveState()
                .beginText()
                .setFontAndSize(font, size)
                .setFillColor(color)
                .moveText(x, baseline)
                .showText(text)
                .endText()
                .restoreState();
    }
}
