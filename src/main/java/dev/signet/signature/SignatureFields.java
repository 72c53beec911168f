package dev.signet.signature;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfIndirectReference;
import com.itextpdf.kernel.pdf.PdfName;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every signed signature field of a document, one entry per signature dictionary.
 *
 * <p>Unlike iText's {@code SignatureUtil}, nothing is skipped: a field whose value has no
 * {@code /ByteRange} or {@code /Contents}, or odd ones, is still a signature a validator must
 * report on (as broken) — skipping it would let a forger hide a signature that does not verify.
 * And a dictionary that is the value of several fields counts once, with every field named, so
 * 300 fields pointing at one timestamp are one signature and a finding, not 300 signatures.
 */
final class SignatureFields {

    private SignatureFields() {}

    /**
     * @param fieldNames the fields whose {@code /V} is this dictionary (more than one is a finding)
     * @param signature the signature dictionary as the document parses it
     * @param holder the indirect object that holds the dictionary in the file: itself, or its field
     */
    record Candidate(List<String> fieldNames, PdfDictionary signature, PdfDictionary holder) {
        String name() {
            return fieldNames.get(0);
        }
    }

    static List<Candidate> of(PdfDocument document) {
        PdfAcroForm form = PdfAcroForm.getAcroForm(document, false);
        if (form == null) {
            return List.of();
        }
        Map<Object, Candidate> byDictionary = new LinkedHashMap<>();
        Map<PdfDictionary, Object> directKeys = new IdentityHashMap<>();
        for (Map.Entry<String, PdfFormField> entry : form.getAllFormFields().entrySet()) {
            PdfFormField field = entry.getValue();
            if (!PdfName.Sig.equals(field.getFormType())) {
                continue;
            }
            PdfDictionary value = field.getPdfObject().getAsDictionary(PdfName.V);
            if (value == null) {
                continue;
            }
            PdfIndirectReference reference = value.getIndirectReference();
            Object key = reference != null
                    ? List.of(reference.getObjNumber(), reference.getGenNumber())
                    : directKeys.computeIfAbsent(value, v -> new Object());
            PdfDictionary holder = reference != null ? value : field.getPdfObject();
            byDictionary
                    .computeIfAbsent(key, k -> new Candidate(new ArrayList<>(), value, holder))
                    .fieldNames()
                    .add(entry.getKey());
        }
        return List.copyOf(byDictionary.values());
    }
}
