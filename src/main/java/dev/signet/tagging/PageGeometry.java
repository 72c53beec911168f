package dev.signet.tagging;

import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfPage;

/**
 * The page as a person sees it (the crop box, turned by /Rotate) and the way back to the page's own
 * coordinates. Tags are given in the first, widgets and content live in the second.
 *
 * <p>"Visible" coordinates start at the visible top-left corner, u to the right and v downwards, in
 * points. /Rotate turns the page clockwise for display, so with 90 the crop box's lower-left corner
 * is what the reader sees at the top left.
 */
final class PageGeometry {

    private final Rectangle crop;
    private final int rotation;

    PageGeometry(Rectangle crop, int rotation) {
        this.crop = crop;
        this.rotation = ((rotation % 360) + 360) % 360;
    }

    static PageGeometry of(PdfPage page) {
        return new PageGeometry(page.getCropBox(), page.getRotation());
    }

    int rotation() {
        return rotation;
    }

    double visibleWidth() {
        return rotation % 180 == 0 ? crop.getWidth() : crop.getHeight();
    }

    double visibleHeight() {
        return rotation % 180 == 0 ? crop.getHeight() : crop.getWidth();
    }

    /** The user-space rectangle covering a box given by its visible top-left corner and its visible size. */
    Rectangle toUserSpace(double u, double v, double width, double height) {
        double[] a = point(u, v);
        double[] b = point(u + width, v + height);
        double x = Math.min(a[0], b[0]);
        double y = Math.min(a[1], b[1]);
        return new Rectangle((float) x, (float) y, (float) Math.abs(a[0] - b[0]), (float) Math.abs(a[1] - b[1]));
    }

    /** The visible top-left corner and size of a user-space rectangle: {u, v, width, height}. */
    double[] toVisible(Rectangle r) {
        double[] a = inverse(r.getLeft(), r.getBottom());
        double[] b = inverse(r.getRight(), r.getTop());
        return new double[] {Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1])};
    }

    private double[] point(double u, double v) {
        double llx = crop.getLeft();
        double lly = crop.getBottom();
        double urx = crop.getRight();
        double ury = crop.getTop();
        switch (rotation) {
            case 90:
                return new double[] {llx + v, lly + u};
            case 180:
                return new double[] {urx - u, lly + v};
            case 270:
                return new double[] {urx - v, ury - u};
            default:
                return new double[] {llx + u, ury - v};
        }
    }

    private double[] inverse(double x, double y) {
        double llx = crop.getLeft();
        double lly = crop.getBottom();
        double urx = crop.getRight();
        double ury = crop.getTop();
        switch (rotation) {
            case 90:
                return new double[] {y - lly, x - llx};
            case 180:
                return new double[] {urx - x, y - lly};
            case 270:
                return new double[] {ury - y, urx - x};
            default:
                return new double[] {x - llx, ury - y};
        }
    }
}
