package dev.signet.document;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDNonTerminalField;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;

/**
 * One page to an image with PDFBox, within limits: PDFBox's buffers in memory only and at most
 * {@value #MAX_MEMORY} bytes, at most {@value #MAX_PIXELS} pixels, and a deadline checked before
 * every content-stream operator (a page that loops through forms, or has millions of operators,
 * stops there). Large images are subsampled to the output's size rather than decoded whole.
 */
final class PageRenderer {

    static final long MAX_MEMORY = 64L * 1024 * 1024;
    /** A portrait A4 page at the widest width is 1600 × 2263; a strip of paper fifty times longer is not drawn. */
    static final long MAX_PIXELS = 1600L * 3200;

    static final String MEDIA_TYPE = "image/png";
    /**
     * Four levels of grey, two bits a pixel, as PNG: the image shows for the seconds before the
     * viewer draws the page itself, on a network that moves 180 KB a second. Measured on a page of
     * text (48 lines of 10 pt Noto Sans) 1,200 pixels wide, a 390 px phone at 3 device pixels:
     * 94 KB, against 346 KB as 8-bit grey PNG, 570 KB as colour PNG and 354–696 KB as JPEG
     * (quality 0.5–0.9), which smears text; one bit a pixel (28 KB) loses the glyphs' smoothing. At
     * 800 pixels, what the signing page asks for on that phone, 26 KB.
     */
    static final int GREY_BITS = 2;

    private static final int MAX_FIELD_DEPTH = 8;

    private final long deadline;

    PageRenderer(long deadlineNanos) {
        this.deadline = deadlineNanos;
    }

    PageImages.Image render(byte[] pdf, int pageNumber, int width, String hiddenFieldNode) throws IOException {
        checkTime();
        try (PDDocument document =
                Loader.loadPDF(pdf, "", null, null, MemoryUsageSetting.setupMainMemoryOnly(MAX_MEMORY).streamCache)) {
            if (pageNumber > document.getNumberOfPages()) {
                throw new PageImages.Refused(PageImages.Refusal.NO_PAGE, "The document has no such page");
            }
            PDPage page = document.getPage(pageNumber - 1);
            PDRectangle box = page.getCropBox();
            boolean turned = page.getRotation() % 180 != 0;
            float pointsWide = turned ? box.getHeight() : box.getWidth();
            float pointsHigh = turned ? box.getWidth() : box.getHeight();
            if (pointsWide < 1 || pointsHigh < 1) {
                throw new PageImages.Refused(PageImages.Refusal.NOT_RENDERED, "The page has no area");
            }
            // Half a pixel more, so that PDFBox's rounding down still gives exactly the width asked for.
            float scale = (width + 0.5f) / pointsWide;
            long height = (long) Math.floor(pointsHigh * scale);
            if (height * width > MAX_PIXELS) {
                throw new PageImages.Refused(PageImages.Refusal.NOT_RENDERED, "The page is too large to draw");
            }
            Set<COSDictionary> hidden = widgetsUnder(document, hiddenFieldNode);
            PDFRenderer renderer = new TimedRenderer(document);
            renderer.setSubsamplingAllowed(true);
            renderer.setAnnotationsFilter(annotation -> !hidden.contains(annotation.getCOSObject()));
            BufferedImage image = renderer.renderImage(pageNumber - 1, scale, ImageType.GRAY);
            checkTime();
            return new PageImages.Image(png(fewGreys(image)), MEDIA_TYPE, image.getWidth(), image.getHeight());
        } catch (StackOverflowError e) {
            throw new PageImages.Refused(PageImages.Refusal.NOT_RENDERED, "The page nests too deep");
        }
    }

    /** The widgets of every field under the named node (or of the field itself), by identity. */
    private static Set<COSDictionary> widgetsUnder(PDDocument document, String fieldName) {
        Set<COSDictionary> widgets = Collections.newSetFromMap(new IdentityHashMap<>());
        if (fieldName == null) {
            return widgets;
        }
        PDAcroForm form = document.getDocumentCatalog().getAcroForm(null);
        PDField node = form == null ? null : form.getField(fieldName);
        if (node != null) {
            collect(node, widgets, 0);
        }
        return widgets;
    }

    private static void collect(PDField field, Set<COSDictionary> widgets, int depth) {
        if (depth > MAX_FIELD_DEPTH) {
            return;
        }
        if (field instanceof PDNonTerminalField node) {
            for (PDField child : node.getChildren()) {
                collect(child, widgets, depth + 1);
            }
        }
        for (PDAnnotationWidget widget : field.getWidgets()) {
            widgets.add(widget.getCOSObject());
        }
    }

    /** The grey image with {@value #GREY_BITS} bits a pixel, each pixel to the nearest level. */
    private static BufferedImage fewGreys(BufferedImage grey) {
        int levels = 1 << GREY_BITS;
        byte[] palette = new byte[levels];
        for (int i = 0; i < levels; i++) {
            palette[i] = (byte) (i * 255 / (levels - 1));
        }
        IndexColorModel model = new IndexColorModel(GREY_BITS, levels, palette, palette, palette);
        BufferedImage out = new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_BYTE_BINARY, model);
        Raster from = grey.getRaster();
        WritableRaster to = out.getRaster();
        int[] row = new int[grey.getWidth()];
        for (int y = 0; y < grey.getHeight(); y++) {
            from.getSamples(0, y, row.length, 1, 0, row);
            for (int x = 0; x < row.length; x++) {
                row[x] = (row[x] * (levels - 1) + 127) / 255;
            }
            to.setSamples(0, y, row.length, 1, 0, row);
        }
        return out;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("No PNG writer");
        }
        return out.toByteArray();
    }

    private void checkTime() {
        if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
            throw new PageImages.Refused(PageImages.Refusal.NOT_RENDERED, "The page takes too long to draw");
        }
    }

    /** PDFBox's renderer with the deadline checked before each operator, in forms and patterns too. */
    private final class TimedRenderer extends PDFRenderer {

        TimedRenderer(PDDocument document) {
            super(document);
        }

        @Override
        protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
            PageDrawer drawer = new PageDrawer(parameters) {
                @Override
                protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
                    checkTime();
                    super.processOperator(operator, operands);
                }
            };
            // What PDFRenderer's own drawer is given, and a drawer of one's own is not.
            drawer.setAnnotationFilter(getAnnotationsFilter());
            return drawer;
        }
    }
}
