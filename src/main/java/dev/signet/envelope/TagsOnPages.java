package dev.signet.envelope;

import dev.signet.document.PdfInspector.PageSize;
import dev.signet.tagging.TagGeometry;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A draft's tags checked against the pages they are placed on, before anything is stored. */
final class TagsOnPages {

    private TagsOnPages() {}

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
                if (sizes != null && tag.pageNumber() <= sizes.size() && !TagGeometry.fits(
                        tag.type(), tag.x(), tag.y(), tag.width(), sizes.get(tag.pageNumber() - 1))) {
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
