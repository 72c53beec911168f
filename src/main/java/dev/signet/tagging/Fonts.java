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
import java.lang.ref.WeakReference;
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
    /**
     * Weak keys, so an entry goes with its document. The fonts are held weakly too: a font used in
     * a document refers to it, which would keep every key alive, and the document itself holds
     * each font it used until it is written.
     */
    private static final Map<PdfDocument, Fonts> OPEN = Collections.synchronizedMap(new WeakHashMap<>());

    private WeakReference<PdfFont> handwriting = new WeakReference<>(null);
    private WeakReference<PdfFont> text = new WeakReference<>(null);

    private Fonts() {}

    /** The fonts of one open document: the same instances for every drawing in it. */
    public static Fonts of(PdfDocument pdf) {
        // Until it is written, the document holds every font drawn with, so the weak references hold too.
        return OPEN.computeIfAbsent(pdf, d -> new Fonts());
    }

    synchronized PdfFont handwriting() {
        PdfFont font = handwriting.get();
        if (font == null) {
            font = create(HANDWRITING);
            handwriting = new WeakReference<>(font);
        }
        return font;
    }

    /** Noto Sans: Latin, Greek and Cyrillic, for any value a person typed. */
    public synchronized PdfFont text() {
        PdfFont font = text.get();
        if (font == null) {
            font = create(TEXT);
            text = new WeakReference<>(font);
        }
        return font;
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
