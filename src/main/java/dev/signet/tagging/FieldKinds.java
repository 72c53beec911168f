package dev.signet.tagging;

import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.kernel.pdf.PdfName;
import java.util.Optional;

/**
 * The tag type a Signet field was made for, kept in the field dictionary under a second-class key
 * (ISO 32000-1, annex E) that viewers ignore. Initials and attachments are both push buttons, so the
 * field type alone cannot tell the filler which drawing a value needs.
 */
final class FieldKinds {

    static final PdfName KEY = new PdfName("Signet_TagType");

    private FieldKinds() {}

    static void mark(PdfFormField field, TagType type) {
        field.put(KEY, new PdfName(type.wireName()));
    }

    static Optional<TagType> of(PdfFormField field) {
        PdfName name = field.getPdfObject().getAsName(KEY);
        return name == null ? Optional.empty() : TagType.fromWire(name.getValue());
    }
}
