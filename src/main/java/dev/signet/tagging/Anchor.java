package dev.signet.tagging;

import com.itextpdf.kernel.geom.Rectangle;
import java.util.UUID;

/**
 * A valid auto-tagging anchor found in a document.
 *
 * @param text the anchor as written, e.g. {@code |S1TR{"nm":"phone"}|}
 * @param tagName the {@code nm} of its meta, else generated: the tag type and a count per role,
 *     in document order ({@code signature_1}, {@code text_field_2}), so that a re-run names alike
 * @param groupName radio anchors only: {@code RG<k>}
 * @param helpText text anchors only, from {@code ph}; {@code prefilledValue} from {@code pf}
 * @param x the anchor's visible top-left corner, as a fraction of the visible page (like a tag's x)
 * @param y likewise from the top
 * @param width text fields only: 0.3 of the page width, less if the page ends sooner
 * @param box the anchor's glyph bounds in the page's user space
 */
public record Anchor(
        int pageNumber,
        String text,
        RoleKey role,
        TagType type,
        boolean optional,
        String tagName,
        String groupName,
        String helpText,
        String prefilledValue,
        double x,
        double y,
        Double width,
        Rectangle box) {

    /** The field this anchor becomes for the recipient whose role it names. */
    public FieldSpec toFieldSpec(UUID recipientId) {
        FieldSpec.TextOptions text = type == TagType.TEXT_FIELD
                ? new FieldSpec.TextOptions(prefilledValue, helpText, false)
                : FieldSpec.TextOptions.NONE;
        return new FieldSpec(recipientId, tagName, type, pageNumber, x, y, width, optional, groupName, text);
    }
}
