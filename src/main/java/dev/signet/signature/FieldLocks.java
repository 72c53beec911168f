package dev.signet.signature;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.forms.PdfSigFieldLock;
import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.kernel.pdf.PdfArray;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The FieldMDP locks of signature fields: which form fields become read-only when a signature
 * field is signed.
 *
 * <p>A lock is part of the field's definition (ISO 32000-2 Table 232, {@code /Lock}), so it is set
 * when the field is prepared — before Signet certifies the document — and {@link PadesSigning#sign}
 * only honours it: signing then adds the matching FieldMDP reference to the signature. Adding the
 * lock at signing time instead would change a field's definition after certification, which strict
 * validators (iText's revision validator among them) rightly count as a forbidden change.
 */
public final class FieldLocks {

    private FieldLocks() {}

    /**
     * Makes signing {@code signatureField} lock {@code fields} (Action Include). Call it on the
     * document being prepared, before {@link PadesSigning#certify}.
     *
     * @throws SignatureException if there is no such signature field, or it is already signed
     */
    public static void define(PdfDocument document, String signatureField, Collection<String> fields) {
        PdfFormField field = signatureField(document, signatureField);
        if (field.getValue() != null) {
            throw new SignatureException("Field " + signatureField + " is already signed; its lock is fixed");
        }
        PdfSigFieldLock lock =
                new PdfSigFieldLock().setFieldLock(PdfSigFieldLock.LockAction.INCLUDE, fields.toArray(new String[0]));
        lock.getPdfObject().makeIndirect(document);
        field.put(PdfName.Lock, lock.getPdfObject());
        field.setModified();
    }

    /** The fields signing {@code signatureField} locks (empty when it has no Include lock). */
    public static List<String> lockedBy(PdfDocument document, String signatureField) {
        PdfDictionary lock =
                signatureField(document, signatureField).getPdfObject().getAsDictionary(PdfName.Lock);
        List<String> names = new ArrayList<>();
        PdfArray fields = lock == null ? null : lock.getAsArray(PdfName.Fields);
        if (fields != null && PdfName.Include.equals(lock.getAsName(PdfName.Action))) {
            for (int i = 0; i < fields.size(); i++) {
                PdfString name = fields.getAsString(i);
                if (name != null) {
                    names.add(name.toUnicodeString());
                }
            }
        }
        return names;
    }

    private static PdfFormField signatureField(PdfDocument document, String name) {
        PdfAcroForm form = PdfAcroForm.getAcroForm(document, false);
        PdfFormField field = form == null ? null : form.getField(name);
        if (field == null || !PdfName.Sig.equals(field.getFormType())) {
            throw new SignatureException("The document has no signature field named " + name);
        }
        return field;
    }
}
