package dev.signet.tagging;

import java.util.UUID;

/**
 * A field one recipient fills: where it sits (fractions of the page, from the top left), its options and its
 * value.
 */
public record Tag(
        UUID id,
        UUID recipientId,
        UUID documentId,
        int position,
        TagType type,
        String name,
        int pageNumber,
        double x,
        double y,
        Double width,
        boolean optional,
        String tagGroupName,
        TagAttributes attributes,
        String value) {

    public Tag {
        attributes = attributes == null ? TagAttributes.NONE : attributes;
    }
}
