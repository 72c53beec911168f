package dev.signet.tagging;

import com.itextpdf.io.font.PdfEncodings;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.font.PdfFontFactory.EmbeddingStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The two fonts Signet ships (both SIL OFL 1.1, licences beside them in {@code fonts/}): Dancing
 * Script for typed signatures and initials, Noto Sans for values and captions. Both are embedded as
 * subsets, so a value renders the same in every viewer and its text stays extractable.
 *
 * <p>A {@link PdfFont} belongs to one document and is subset when that document is written, so one
 * {@code Fonts} serves one document change: every value it draws shares one subset per font. The
 * file bytes are read once.
 */
final class Fonts {

    private static final byte[] HANDWRITING = load("/fonts/DancingScript-Regular.ttf");
    private static final byte[] TEXT = load("/fonts/NotoSans-Regular.ttf");

    private PdfFont handwriting;
    private PdfFont text;

    PdfFont handwriting() {
        if (handwriting == null) {
            handwriting = create(HANDWRITING);
        }
        return handwriting;
    }

    PdfFont text() {
        if (text == null) {
            text = create(TEXT);
        }
        return text;
    }

    /** The handwriting font if it has every character of the value, otherwise the text font. */
    PdfFont handwritingFor(String value) {
        return covers(handwriting(), value) ? handwriting() : text();
    }

    static boolean covers(PdfFont font, String value) {
        return value.codePoints().allMatch(c -> Character.isWhitespace(c) || font.containsGlyph(c));
    }

    private static PdfFont create(byte[] program) {
        try {
            // Identity-H with a subset: only the glyphs used go into the file, any Unicode character works.
            return PdfFontFactory.createFont(program, PdfEncodings.IDENTITY_H, EmbeddingStrategy.FORCE_EMBEDDED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] load(String resource) {
        try (InputStream in = Fonts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("font " + resource + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
