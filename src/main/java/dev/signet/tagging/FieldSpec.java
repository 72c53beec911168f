package dev.signet.tagging;

import java.util.Objects;
import java.util.UUID;

/**
 * One tag to turn into a form field.
 *
 * @param recipientId the owner, who alone fills the field
 * @param tagName unique per recipient; radio tags use it as the button's export value
 * @param pageNumber 1-based
 * @param x fraction of the visible page width, from the visible left edge, to the field's left edge
 * @param y fraction of the visible page height, from the visible top edge, to the field's top edge
 * @param width fraction of the visible page width, text fields only; {@code null} means 0.3
 * @param groupName the radio group (required for radio fields, ignored otherwise)
 * @param text what a text field starts with; {@link TextOptions#NONE} for other types
 */
public record FieldSpec(
        UUID recipientId,
        String tagName,
        TagType type,
        int pageNumber,
        double x,
        double y,
        Double width,
        boolean optional,
        String groupName,
        TextOptions text) {

    /**
     * @param prefilledValue shown in the field from the start; {@code null} for none
     * @param helpText the field's tooltip ({@code /TU}); {@code null} for none
     * @param readOnly the prefilled value cannot be changed
     */
    public record TextOptions(String prefilledValue, String helpText, boolean readOnly) {
        public static final TextOptions NONE = new TextOptions(null, null, false);
    }

    public FieldSpec {
        Objects.requireNonNull(recipientId, "recipientId");
        Objects.requireNonNull(tagName, "tagName");
        Objects.requireNonNull(type, "type");
        text = text == null ? TextOptions.NONE : text;
    }

    /** The spec of a stored tag; text options come from its attributes. */
    public static FieldSpec of(Tag tag) {
        TagAttributes a = tag.attributes();
        TextOptions text = a.prefilledValue() == null && a.helpText() == null && !a.readOnly()
                ? TextOptions.NONE
                : new TextOptions(a.prefilledValue(), a.helpText(), a.readOnly());
        return new FieldSpec(
                tag.recipientId(),
                tag.name(),
                tag.type(),
                tag.pageNumber(),
                tag.x(),
                tag.y(),
                tag.width(),
                tag.optional(),
                tag.tagGroupName(),
                text);
    }
}
