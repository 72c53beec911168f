package dev.signet.tagging;

import java.util.Arrays;
import java.util.Optional;

/** The seven tag types of the reference, with the fixed field sizes of design/api.md (points). */
public enum TagType {
    SIGNATURE("signature", 180, 50),
    INITIALS("initials", 60, 40),
    TEXT_FIELD("text_field", 0, 20),
    CHECKBOX_FIELD("checkbox_field", 14, 14),
    RADIO_FIELD("radio_field", 14, 14),
    DATE_SIGNED_FIELD("date_signed_field", 110, 20),
    ATTACHMENT("attachment", 24, 24);

    private final String wireName;
    private final double widthPt;
    private final double heightPt;

    TagType(String wireName, double widthPt, double heightPt) {
        this.wireName = wireName;
        this.widthPt = widthPt;
        this.heightPt = heightPt;
    }

    public String wireName() {
        return wireName;
    }

    /** Width in points; text fields take theirs from the tag's {@code width} fraction instead. */
    public double widthPt() {
        return widthPt;
    }

    public double heightPt() {
        return heightPt;
    }

    public static Optional<TagType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(value)).findFirst();
    }
}
