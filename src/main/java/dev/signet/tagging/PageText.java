package dev.signet.tagging;

import com.itextpdf.kernel.geom.Rectangle;
import dev.signet.tagging.PageGlyphs.Glyph;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A page's glyphs as one searchable string, each character pointing back to its glyph. Glyphs that
 * follow each other on a line are joined whatever operator drew them, which is what finds an anchor
 * split across text chunks; a line break or a jump puts a newline in between, so two texts that only
 * happen to be neighbours in the content stream cannot form an anchor.
 */
final class PageText {

    private static final int BREAK = -1;

    final String text;
    private final int[] glyphAt;
    private final List<Glyph> glyphs;

    private PageText(String text, int[] glyphAt, List<Glyph> glyphs) {
        this.text = text;
        this.glyphAt = glyphAt;
        this.glyphs = glyphs;
    }

    static PageText of(List<Glyph> glyphs) {
        StringBuilder text = new StringBuilder();
        List<Integer> map = new ArrayList<>();
        Glyph previous = null;
        for (int i = 0; i < glyphs.size(); i++) {
            Glyph g = glyphs.get(i);
            if (g.text() == null || g.text().isEmpty()) {
                continue;
            }
            if (previous != null && !adjacent(previous, g)) {
                text.append('\n');
                map.add(BREAK);
            }
            for (int c = 0; c < g.text().length(); c++) {
                text.append(g.text().charAt(c));
                map.add(i);
            }
            previous = g;
        }
        return new PageText(
                text.toString(), map.stream().mapToInt(Integer::intValue).toArray(), glyphs);
    }

    /** The next glyph starts where the previous one ended, give or take half a line's height. */
    private static boolean adjacent(Glyph previous, Glyph next) {
        float gap = next.baselineStart().subtract(previous.baselineEnd()).length();
        return gap <= 0.5f * Math.max(previous.height(), next.height());
    }

    /** The glyphs behind characters {@code start} (inclusive) to {@code end} (exclusive). */
    List<Glyph> glyphs(int start, int end) {
        Set<Integer> indexes = new LinkedHashSet<>();
        for (int c = start; c < end; c++) {
            if (glyphAt[c] != BREAK) {
                indexes.add(glyphAt[c]);
            }
        }
        List<Glyph> result = new ArrayList<>(indexes.size());
        indexes.forEach(i -> result.add(glyphs.get(i)));
        return result;
    }

    static Rectangle bounds(List<Glyph> glyphs) {
        Rectangle box = null;
        for (Glyph g : glyphs) {
            box = box == null ? g.box().clone() : Rectangle.getCommonRectangle(box, g.box());
        }
        return box;
    }
}
