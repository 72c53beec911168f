package dev.signet.tagging;

import com.itextpdf.io.image.ImageData;
import com.itextpdf.io.image.ImageDataFactory;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * A signature or initials value that is a picture: {@code data:image/png;base64,…}. PNG only, as the
 * signing pages produce (drawn on a canvas or uploaded and converted), so there is one decoder to
 * trust and transparency works.
 */
final class ImageValue {

    static final String PREFIX = "data:image/png;base64,";
    static final int MAX_BYTES = 2 * 1024 * 1024;
    static final int MAX_SIDE = 4000;
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private ImageValue() {}

    /** Whether the value claims to be an image at all (then it must be a valid PNG). */
    static boolean isImage(String value) {
        return value.regionMatches(true, 0, "data:", 0, 5);
    }

    static ImageData png(String tag, String value) {
        if (!value.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            throw new InvalidFieldValueException(
                    tag,
                    "tag '" + tag + "' takes typed text or a PNG image (" + PREFIX + "…), not "
                            + value.substring(0, Math.min(value.indexOf(',') + 1, 40)));
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldValueException(tag, "tag '" + tag + "': the image is not valid base64");
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidFieldValueException(tag, "tag '" + tag + "': the image is larger than 2 MB");
        }
        if (bytes.length < PNG_MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, PNG_MAGIC.length), PNG_MAGIC)) {
            throw new InvalidFieldValueException(tag, "tag '" + tag + "': the image is not a PNG");
        }
        ImageData image;
        try {
            image = ImageDataFactory.createPng(bytes);
        } catch (RuntimeException e) {
            throw new InvalidFieldValueException(tag, "tag '" + tag + "': the PNG image cannot be read");
        }
        float width = image.getWidth();
        float height = image.getHeight();
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new InvalidFieldValueException(
                    tag, "tag '" + tag + "': the image must be 1 to " + MAX_SIDE + " pixels on each side");
        }
        return image;
    }
}
