package dev.signet.tagging;

import dev.signet.document.PdfInspector.PageSize;
import java.util.List;
import java.util.Optional;

/**
 * Where a tag's field goes on its page: the one geometry rule, asked at create (a text field's
 * width), in preparation (does the page exist) and by {@link FieldPlacement} (the field's box).
 * Pages are as a person sees them (crop box, turned by /Rotate); x and y are fractions of the page
 * from its visible top-left corner and mark the field's top-left corner; a field's size is fixed per
 * type ({@link TagType}), a text field's width a fraction of the page.
 *
 * <p>The reference accepts x and y up to 0.949 for every type, so a field of fixed size may reach
 * past the right or bottom edge (a signature at x 0.70 on A4 would end 1.5 pt beyond it). Such a
 * field is <em>moved</em> back inside the page, keeping its size, and shrunk only where the page
 * itself is smaller than the field. Moving keeps what the signer needs: a signature, initials or a
 * date drawn in the box they were designed for, a checkbox still big enough to click; it moves the
 * field only by the amount that crossed the edge, so its right or bottom edge stays at the page's
 * edge, next to where the sender pointed. Shrinking a signature at x 0.949 to the 30 pt left of the
 * page would leave a box nobody can sign in.
 */
public final class TagGeometry {

    /** A text field without a width is this fraction of its page wide. */
    public static final double DEFAULT_TEXT_WIDTH = 0.3;
    /** The narrowest text field the reference accepts, a fraction of the page. */
    public static final double MIN_TEXT_WIDTH = 0.05;

    /** Why a tag cannot be placed: the reference's NO_PAGE_FOR_TAG_ERROR, and a point that is not on the page. */
    public enum Problem {
        NO_SUCH_PAGE,
        OUTSIDE_PAGE
    }

    /**
     * A field's box on the page as a person sees it, in points from the visible top-left corner.
     *
     * @param u from the left edge to the field's left edge
     * @param v from the top edge to the field's top edge
     */
    public record Box(double u, double v, double width, double height) {}

    private TagGeometry() {}

    /**
     * The reference's rule for a text field's width (a fraction of the page): at least {@link
     * #MIN_TEXT_WIDTH}, and {@code x + width < 1}. The one place this is decided: the request is
     * refused (422) when it fails, and every other tag fits by {@link #box}.
     *
     * @param widthFraction null for the default
     */
    public static boolean textWidthAllowed(double x, Double widthFraction) {
        double width = widthFraction == null ? DEFAULT_TEXT_WIDTH : widthFraction;
        return width >= MIN_TEXT_WIDTH && x + width < 1;
    }

    /**
     * @param pageNumber from 1
     * @param pages the document's visible page sizes, in order
     * @return {@link Problem#NO_SUCH_PAGE} for a page the document lacks, {@link Problem#OUTSIDE_PAGE}
     *     for a point outside the page (x or y not in [0, 1)); any other tag fits, by {@link #box}
     */
    public static Optional<Problem> problem(int pageNumber, double x, double y, List<PageSize> pages) {
        if (pageNumber < 1 || pageNumber > pages.size()) {
            return Optional.of(Problem.NO_SUCH_PAGE);
        }
        return onPage(x, y) ? Optional.empty() : Optional.of(Problem.OUTSIDE_PAGE);
    }

    static boolean onPage(double x, double y) {
        return x >= 0 && x < 1 && y >= 0 && y < 1;
    }

    /** The field's natural width in points on a page of this visible width, before it is fitted. */
    static double widthPt(TagType type, Double widthFraction, double pageWidth) {
        if (type != TagType.TEXT_FIELD) {
            return type.widthPt();
        }
        return (widthFraction == null ? DEFAULT_TEXT_WIDTH : widthFraction) * pageWidth;
    }

    /**
     * The field's box, fitted inside a page of this visible size: its natural size, shrunk only to
     * the page's own size, and its top-left corner at (x, y) unless that would take the field past
     * the right or bottom edge, in which case it is moved left or up until it ends on that edge.
     * The point must be on the page ({@link #problem}).
     */
    public static Box box(TagType type, double x, double y, Double widthFraction, double pageWidth, double pageHeight) {
        double width = Math.min(widthPt(type, widthFraction, pageWidth), pageWidth);
        double height = Math.min(type.heightPt(), pageHeight);
        double u = Math.min(x * pageWidth, pageWidth - width);
        double v = Math.min(y * pageHeight, pageHeight - height);
        return new Box(u, v, width, height);
    }
}
