package dev.signet.tagging;

import dev.signet.document.PdfInspector.PageSize;
import java.util.List;
import java.util.Optional;

/**
 * Does a tag's field fit on its page: the one rule, asked at create (for every PDF measured in the
 * request), in preparation, and by {@link FieldPlacement} before it adds a field. Pages are as a
 * person sees them (crop box, turned by /Rotate); x and y are fractions of the page from its
 * visible top-left corner; a field's size is fixed per type, a text field's width a fraction of
 * the page.
 */
public final class TagGeometry {

    /** A text field without a width is this fraction of its page wide. */
    static final double DEFAULT_TEXT_WIDTH = 0.3;
    /** Fractions come as decimals from JSON; a field that ends within this of the edge still fits. */
    private static final double TOLERANCE_PT = 0.01;

    /** Why a tag cannot be placed where it is; the reference's NO_PAGE_FOR_TAG_ERROR and TAG_OFF_PAGE_ERROR. */
    public enum Problem { NO_SUCH_PAGE, OUTSIDE_PAGE }

    private TagGeometry() {}

    /**
     * @param pageNumber from 1
     * @param widthFraction a text field's width as a fraction of the page, null for the default; ignored for other types
     * @param pages the document's visible page sizes, in order
     */
    public static Optional<Problem> problem(TagType type, int pageNumber, double x, double y, Double widthFraction,
            List<PageSize> pages) {
        if (pageNumber < 1 || pageNumber > pages.size()) {
            return Optional.of(Problem.NO_SUCH_PAGE);
        }
        PageSize page = pages.get(pageNumber - 1);
        return fits(type, x, y, widthFraction, page.width(), page.height()) ? Optional.empty()
                : Optional.of(Problem.OUTSIDE_PAGE);
    }

    /** The field's width in points on a page of this visible width. */
    public static double widthPt(TagType type, Double widthFraction, double pageWidth) {
        if (type != TagType.TEXT_FIELD) {
            return type.widthPt();
        }
        return (widthFraction == null ? DEFAULT_TEXT_WIDTH : widthFraction) * pageWidth;
    }

    static boolean fits(TagType type, double x, double y, Double widthFraction, double pageWidth, double pageHeight) {
        double width = widthPt(type, widthFraction, pageWidth);
        return x >= 0 && y >= 0 && width > 0
                && x * pageWidth + width <= pageWidth + TOLERANCE_PT
                && y * pageHeight + type.heightPt() <= pageHeight + TOLERANCE_PT;
    }
}
