package dev.signet.tagging;

import com.itextpdf.io.font.FontProgram;
import com.itextpdf.io.font.PdfEncodings;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.font.PdfFontFactory.EmbeddingStrategy;
import com.itextpdf.kernel.pdf.PdfDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The two fonts Signet ships (both SIL OFL 1.1, licences beside them in {@code fonts/}): Dancing
 * Script for typed signatures and initials, Noto Sans for values and captions. Both are embedded as
 * subsets, so a value renders the same in every viewer and its text stays extractable.
 *
 * <p>A {@link PdfFont} belongs to one document and is subset when that document is written, so
 * there is one {@code Fonts} per open document ({@link #of}): every value, caption and typed
 * signature drawn into one revision shares one subset per font, instead of each field embedding
 * its own copy. The font files are read and parsed once, and their subsets carry no font-wide
 * {@code cmap} (see {@link CompactTrueTypeFont}).
 */
public final class Fonts {

    private static final FontProgram HANDWRITING = load("/fonts/DancingScript-Regular.ttf");
    private static final FontProgram TEXT = load("/fonts/NotoSans-Regular.ttf");
    /** Weak keys: an entry goes when its document is closed and dropped. */
    private static final Map<PdfDocument, Fonts> OPEN = Collections.synchronizedMap(new WeakHashMap<>());

    private PdfFont handwriting;
    private PdfFont text;

    private Fonts() {}

    /** The fonts of one open document: the same instances for every drawing in it. */
    public static Fonts of(PdfDocument pdf) {
        return OPEN.computeIfAbsent(pdf, d -> new Fonts());
    }

    synchronized PdfFont handwriting() {
        if (handwriting == null) {
            handwriting = create(HANDWRITING);
        }
        return handwriting;
    }

    /** Noto Sans: Latin, Greek and Cyrillic, for any value a person typed. */
    public synchronized PdfFont text() {
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

    private static PdfFont create(FontProgram program) {
        // Identity-H with a subset: only the glyphs used go into the file, any Unicode character works.
        return PdfFontFactory.createFont(program, PdfEncodings.IDENTITY_H, EmbeddingStrategy.FORCE_EMBEDDED);
    }

    private static FontProgram load(String resource) {
        try (InputStream in = Fonts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("font " + resource + " is missing from the classpath");
            }
            return new CompactTrueTypeFont(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
