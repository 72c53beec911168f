package dev.signet.tagging;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * A file a signer attaches, as the submit API carries it:
 * {@code data:application/pdf;name=<percent-encoded file name>;base64,<content>}. PDF only (the
 * content must start like one, and pass PDF intake on submit), at most 5 MB; the completion pack
 * hands it on as uploaded.
 */
public record AttachmentValue(String fileName, byte[] content) {

    public static final int MAX_BYTES = 5 * 1024 * 1024;
    private static final String PREFIX = "data:application/pdf;";
    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    /** @throws IllegalArgumentException with a sentence for the signer */
    public static AttachmentValue parse(String value) {
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new IllegalArgumentException("must be a PDF file (data:application/pdf;name=…;base64,…)");
        }
        int comma = value.indexOf(',');
        if (comma < 0 || !value.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
            throw new IllegalArgumentException("must be base64-encoded");
        }
        String name = "attachment.pdf";
        for (String parameter : value.substring(PREFIX.length(), comma).split(";")) {
            if (parameter.startsWith("name=")) {
                name = URLDecoder.decode(parameter.substring(5), StandardCharsets.UTF_8);
            }
        }
        name = name.replaceAll("[/\\\\\\p{Cntrl}]", "_").strip();
        if (name.isEmpty() || name.length() > 200) {
            throw new IllegalArgumentException("needs a file name of 1 to 200 characters");
        }
        if (!name.toLowerCase(Locale.ROOT).endsWith(".pdf")) {
            name = name + ".pdf";
        }
        if ((long) (value.length() - comma - 1) * 3 / 4 > MAX_BYTES + 3) {
            throw new IllegalArgumentException("may be at most 5 MB");
        }
        byte[] content;
        try {
            content = Base64.getMimeDecoder().decode(value.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not valid base64");
        }
        if (content.length > MAX_BYTES) {
            throw new IllegalArgumentException("may be at most 5 MB");
        }
        if (content.length < PDF_MAGIC.length || !Arrays.equals(Arrays.copyOf(content, PDF_MAGIC.length), PDF_MAGIC)) {
            throw new IllegalArgumentException("is not a PDF file");
        }
        return new AttachmentValue(name, content);
    }
}
