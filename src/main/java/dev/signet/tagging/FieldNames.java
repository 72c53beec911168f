package dev.signet.tagging;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.kernel.pdf.PdfDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * How Signet names the form fields it adds, so that every field names its owner.
 *
 * <p>Fields form a tree: {@code signet} → one node per recipient id → one terminal field per tag,
 * giving fully qualified names like {@code signet.0b6c…e1.Signature 1}. A radio group is one
 * terminal field {@code signet.<recipientId>.group:<groupName>} whose widgets are the group's tags.
 * A partial name may not contain a period (ISO 32000-1, 12.7.3.2), so tag names are escaped:
 * {@code %}, {@code .} and {@code :} become {@code %25}, {@code %2E} and {@code %3A}. That keeps
 * names reversible and means a tag can never be taken for a group.
 */
public final class FieldNames {

    public static final String ROOT = "signet";
    static final String GROUP_PREFIX = "group:";
    static final char OWNER_MARK = '~';

    private FieldNames() {}

    /** The fully qualified name of the field of one tag that is not a radio button. */
    public static String tag(UUID recipientId, String tagName) {
        return ROOT + "." + recipientId + "." + partial(recipientId, tagName);
    }

    /**
     * The partial name (/T) of a tag's field: the tag's name and its owner's id. Two signers
     * may give their tags the same name, but validators that know signatures by partial name (EU
     * DSS does) then confuse their signatures, so partial names are unique within a document.
     */
    static String partial(UUID recipientId, String tagName) {
        return escape(tagName) + OWNER_MARK + recipientId;
    }

    /** The tag name a field's partial name stands for. */
    static String tagOf(String partial) {
        int mark = partial.lastIndexOf(OWNER_MARK);
        return unescape(mark < 0 ? partial : partial.substring(0, mark));
    }

    /** The fully qualified name of the radio field of one group. */
    public static String radioGroup(UUID recipientId, String groupName) {
        return ROOT + "." + recipientId + "." + GROUP_PREFIX + escape(groupName);
    }

    /** A radio button's "on" state (its export value): the tag's name, except the reserved state name Off. */
    public static String radioState(String tagName) {
        return "Off".equals(tagName) ? tagName + "_" : tagName;
    }

    /** The fully qualified name of a recipient's node: every field of theirs starts with it and a period. */
    public static String recipient(UUID recipientId) {
        return ROOT + "." + recipientId;
    }

    /** The owner of a Signet field, or empty for a name that is not one of Signet's. */
    public static Optional<UUID> owner(String fullName) {
        String[] parts = fullName.split("\\.", -1);
        if (parts.length != 3 || !ROOT.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(parts[1]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Every terminal field of one recipient, fully qualified, in document order: what a signing step
     * locks once that recipient has signed.
     */
    public static List<String> ofRecipient(PdfDocument pdf, UUID recipientId) {
        PdfAcroForm form = PdfAcroForm.getAcroForm(pdf, false);
        List<String> names = new ArrayList<>();
        if (form == null) {
            return names;
        }
        PdfFormField node = form.getField(recipient(recipientId));
        if (node != null) {
            for (PdfFormField field : node.getChildFormFields()) {
                names.add(field.getFieldName().toUnicodeString());
            }
        }
        return names;
    }

    static String escape(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            switch (c) {
                case '%':
                    out.append("%25");
                    break;
                case '.':
                    out.append("%2E");
                    break;
                case ':':
                    out.append("%3A");
                    break;
                case OWNER_MARK:
                    out.append("%7E");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String partial) {
        return partial.replace("%2E", ".")
                .replace("%3A", ":")
                .replace("%7E", "~")
                .replace("%25", "%");
    }
}
