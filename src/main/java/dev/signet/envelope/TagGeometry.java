package dev.signet.envelope;

import dev.signet.document.PdfInspector.PageSize;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where a tag's field lands on its page, and whether it stays inside it. */
final class TagGeometry {

    private TagGeometry() {}

    /** x, y: fractions of the page from its top-left corner; the field's size is fixed per type. */
    static boolean fits(TagType type, double x, double y, Double widthFraction, PageSize page) {
        double width = type == TagType.TEXT_FIELD ? widthFraction * page.width() : type.widthPt();
        return x * page.width() + width <= page.width() && y * page.height() + type.heightPt() <= page.height();
    }

    /**
     * A field that would leave its page is a 422 at once (design/api.md) for every PDF that can be
     * measured now ({@code pages}, by file name); a page that does not exist stays an ERRORED
     * envelope, as the reference has it.
     */
    static void checkFieldsStayOnTheirPages(EnvelopeDraft draft, Map<String, List<PageSize>> pages) {
        List<FieldError> errors = new ArrayList<>();
        for (int r = 0; r < draft.recipients().size(); r++) {
            List<EnvelopeDraft.TagDraft> tags = draft.recipients().get(r).tags();
            for (int t = 0; t < tags.size(); t++) {
                EnvelopeDraft.TagDraft tag = tags.get(t);
                List<PageSize> sizes = pages.get(tag.fileName());
                if (sizes != null && tag.pageNumber() <= sizes.size()
                        && !fits(tag.type(), tag.x(), tag.y(), tag.width(), sizes.get(tag.pageNumber() - 1))) {
                    errors.add(new FieldError("recipients[" + r + "].tags[" + t + "]",
                            "the " + tag.type().wireName() + " field would leave page " + tag.pageNumber()
                                    + "; move it up or left"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }
}
