package dev.signet.tagging;

import dev.signet.document.PdfInspector.PageSize;

/** Where a tag's field lands on its page, and whether it stays inside it. */
public final class TagGeometry {

    private TagGeometry() {}

    /** x, y: fractions of the page from its top-left corner; the field's size is fixed per type. */
    public static boolean fits(TagType type, double x, double y, Double widthFraction, PageSize page) {
        double width = type == TagType.TEXT_FIELD ? widthFraction * page.width() : type.widthPt();
        return x * page.width() + width <= page.width() && y * page.height() + type.heightPt() <= page.height();
    }
}
