package dev.signet.signature;

/**
 * What a signer's signature field shows. Passed in the request (not painted by the
 * {@link SignerRequest#beforeSigning} callback) because iText regenerates the appearance of the
 * field it signs: anything drawn into that field beforehand would be replaced.
 *
 * @param image PNG or JPEG bytes of the adopted signature, or {@code null}
 * @param text a caption (name, date), or {@code null}
 */
public record SignatureAppearance(byte[] image, String text) {

    public SignatureAppearance {
        if (image == null && text == null) {
            throw new IllegalArgumentException("An appearance needs an image, a text or both");
        }
    }

    public static SignatureAppearance image(byte[] image) {
        return new SignatureAppearance(image, null);
    }

    public static SignatureAppearance text(String text) {
        return new SignatureAppearance(null, text);
    }
}
