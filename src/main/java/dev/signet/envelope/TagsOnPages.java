package dev.signet.envelope;

import dev.signet.document.PdfInspector.PageSize;
import dev.signet.document.Uploads;
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
     * A field that would leave its page is a 422 at once (design/api.md) for every PDF measured in
     * the request ({@code files}, by file name); a page that does not exist stays an ERRORED
     * envelope, as the reference has it. The rule itself is {@link TagGeometry}'s.
     */
    static void checkFieldsStayOnTheirPages(EnvelopeDraft draft, Map<String, Uploads.Facts> files) {
        List<FieldError> errors = new ArrayList<>();
        for (int r = 0; r < draft.recipients().size(); r++) {
            List<EnvelopeDraft.TagDraft> tags = draft.recipients().get(r).tags();
            for (int t = 0; t < tags.size(); t++) {
                EnvelopeDraft.TagDraft tag = tags.get(t);
                Uploads.Facts file = files.get(tag.fileName());
                List<PageSize> pages = file == null ? List.of() : file.pages();
                if (!pages.isEmpty() && TagGeometry.problem(tag.type(), tag.pageNumber(), tag.x(), tag.y(), tag.width(),
                        pages).filter(p -> p == TagGeometry.Problem.OUTSIDE_PAGE).isPresent()) {
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
