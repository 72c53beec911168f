package dev.signet.signature;

import com.itextpdf.kernel.pdf.PdfDocument;
import dev.signet.account.Mode;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What {@link PadesSigning#sign} needs for one signer's signature.
 *
 * @param mode the hierarchy whose CA issues the one-time certificate
 * @param fieldName the existing, empty signature field to sign
 * @param signer who signs and how Signet checked them
 * @param lockedFields the fields this signer filled, which signing must lock (FieldMDP) so no
 *     later revision may change them; the lock itself is defined with the field when the document
 *     is prepared ({@link FieldLocks#define}) and signing refuses a field that does not lock them
 * @param appearance what the field shows, or {@code null} for iText's "Digitally signed by" text
 * @param beforeSigning runs on the document before it is signed, in the same incremental update:
 *     fill the signer's form fields here. {@code null} for nothing
 * @param reason the signature's reason, or {@code null}
 */
public record SignerRequest(
        Mode mode,
        String fieldName,
        SignerIdentity signer,
        List<String> lockedFields,
        SignatureAppearance appearance,
        Consumer<PdfDocument> beforeSigning,
        String reason) {

    public SignerRequest {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(fieldName, "fieldName");
        Objects.requireNonNull(signer, "signer");
        lockedFields = lockedFields == null ? List.of() : List.copyOf(lockedFields);
    }

    /** A signature with no other fields, iText's default appearance and nothing to fill. */
    public static SignerRequest of(Mode mode, String fieldName, SignerIdentity signer) {
        return new SignerRequest(mode, fieldName, signer, List.of(), null, null, null);
    }
}
