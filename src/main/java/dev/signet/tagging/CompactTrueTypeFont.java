package dev.signet.tagging;

import com.itextpdf.commons.datastructures.Tuple2;
import com.itextpdf.io.font.TrueTypeFont;
import java.io.IOException;
import java.util.Set;

/**
 * A TrueType font program whose subsets carry a minimal {@code cmap} table instead of the whole
 * font's. iText copies the full {@code cmap} into every subset; for Noto Sans that is 8 KB
 * compressed, most of a subset of a few dozen glyphs. Signet embeds its fonts as CIDFontType2 with
 * Identity-H, where a viewer finds each glyph by its id (CID = glyph id) and never consults the
 * font's own {@code cmap} (ISO 32000-1 §9.9 does not list it among the tables such a program
 * needs; text extraction reads the PDF's /ToUnicode). The stand-in (one empty format 4 subtable)
 * keeps the program a well-formed TrueType file for renderers that insist on the table.
 */
final class CompactTrueTypeFont extends TrueTypeFont {

    CompactTrueTypeFont(byte[] program) throws IOException {
        super(program);
    }

    @Override
    public Tuple2<Integer, byte[]> subset(Set<Integer> glyphs, boolean subset) {
        Tuple2<Integer, byte[]> program = super.subset(glyphs, subset);
        return subset ? new Tuple2<>(program.getFirst(), SfntTables.withEmptyCmap(program.getSecond())) : program;
    }
}
