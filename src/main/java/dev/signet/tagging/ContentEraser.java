package dev.signet.tagging;

import com.itextpdf.io.source.PdfTokenizer;
import com.itextpdf.io.source.RandomAccessFileOrArray;
import com.itextpdf.io.source.RandomAccessSourceFactory;
import com.itextpdf.kernel.pdf.PdfArray;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfNumber;
import com.itextpdf.kernel.pdf.PdfObject;
import com.itextpdf.kernel.pdf.PdfPage;
import com.itextpdf.kernel.pdf.PdfResources;
import com.itextpdf.kernel.pdf.PdfStream;
import com.itextpdf.kernel.pdf.PdfString;
import com.itextpdf.kernel.pdf.canvas.parser.util.PdfCanvasParser;
import dev.signet.tagging.PageGlyphs.Glyph;
import dev.signet.tagging.PageGlyphs.Operator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Takes glyphs out of a page's content stream so that they are gone, not covered: nothing draws
 * them and text extraction no longer finds them.
 *
 * <p>Only the text-showing operators that carry a dropped glyph are rewritten, each as one TJ whose
 * dropped glyphs are replaced by a positioning number worth exactly their advance, so everything
 * after them on the line stays where it was. Every other byte of the content is copied as it was
 * (inline images, comments and odd spacing included): the page is parsed a second time only to know
 * where each operator starts and ends.
 */
final class ContentEraser {

    private ContentEraser() {}

    /** Whether every glyph can be taken out (drawn by the page itself, its bytes understood). */
    static boolean canErase(PageGlyphs page, Collection<Glyph> drop) {
        return drop.stream().allMatch(Glyph::erasable)
                && drop.stream().map(Glyph::operator).distinct().allMatch(op -> rebuildable(page, op));
    }

    static void erase(PdfPage page, PageGlyphs glyphs, Collection<Glyph> drop) {
        if (drop.isEmpty()) {
            return;
        }
        List<long[]> ranges = operatorRanges(glyphs.content, page.getResources());
        if (ranges.size() != glyphs.operators.size()) {
            throw new IllegalStateException(
                    "page content parsed into " + ranges.size() + " and " + glyphs.operators.size() + " operators");
        }
        Map<Integer, List<Glyph>> byOperator =
                drop.stream().collect(Collectors.groupingBy(Glyph::operator, TreeMap::new, Collectors.toList()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(glyphs.content.length);
        int copied = 0;
        for (Map.Entry<Integer, List<Glyph>> entry : byOperator.entrySet()) {
            long[] range = ranges.get(entry.getKey());
            out.write(glyphs.content, copied, (int) range[0] - copied);
            Set<Long> dropped = entry.getValue().stream().map(Glyph::key).collect(Collectors.toSet());
            byte[] replacement = rewrite(glyphs, entry.getKey(), dropped);
            out.write(replacement, 0, replacement.length);
            copied = (int) range[1];
        }
        out.write(glyphs.content, copied, glyphs.content.length - copied);
        PdfStream stream = new PdfStream(out.toByteArray());
        stream.makeIndirect(page.getDocument());
        page.getPdfObject().put(PdfName.Contents, stream);
        page.setModified();
    }

    /** Start and end offset of each operator (with its operands and the blank before them). */
    static List<long[]> operatorRanges(byte[] content, PdfResources resources) {
        PdfTokenizer tokenizer =
                new PdfTokenizer(new RandomAccessFileOrArray(new RandomAccessSourceFactory().createSource(content)));
        PdfCanvasParser parser = new PdfCanvasParser(tokenizer, resources);
        List<long[]> ranges = new ArrayList<>();
        List<PdfObject> operands = new ArrayList<>();
        try {
            long start = tokenizer.getPosition();
            while (!parser.parse(operands).isEmpty()) {
                long end = tokenizer.getPosition();
                ranges.add(new long[] {start, end});
                start = end;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ranges;
    }

    private static boolean rebuildable(PageGlyphs page, int operator) {
        if (operator < 0) {
            return false;
        }
        List<PdfString> strings = strings(page.operators.get(operator));
        if (strings == null) {
            return false;
        }
        for (int s = 0; s < strings.size(); s++) {
            if (!Arrays.equals(strings.get(s).getValueBytes(), concat(glyphsOf(page, operator, s)))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] rewrite(PageGlyphs page, int operator, Set<Long> dropped) {
        Operator op = page.operators.get(operator);
        StringBuilder text = new StringBuilder("\n");
        List<PdfObject> operands = op.operands();
        switch (op.name()) {
            case "\"":
                text.append(number((PdfNumber) operands.get(0)))
                        .append(" Tw ")
                        .append(number((PdfNumber) operands.get(1)))
                        .append(" Tc T*\n");
                break;
            case "'":
                text.append("T*\n");
                break;
            default:
                break;
        }
        text.append('[');
        int s = 0;
        for (PdfObject element : elements(op)) {
            if (element instanceof PdfNumber) {
                text.append(number((PdfNumber) element)).append(' ');
            } else {
                appendString(text, glyphsOf(page, operator, s++), dropped);
            }
        }
        text.append("] TJ\n");
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A string's glyphs as hex strings, each run of dropped glyphs as one number worth their advance. */
    private static void appendString(StringBuilder text, List<Glyph> glyphs, Set<Long> dropped) {
        StringBuilder hex = new StringBuilder();
        double adjustment = 0;
        for (Glyph g : glyphs) {
            if (dropped.contains(g.key())) {
                // A TJ number n moves the pen by -n/1000 · Tfs · Th; the glyph moved it by its advance.
                float scale = g.fontSize() * g.scaling();
                adjustment += scale == 0 ? 0 : -g.advance() * 1000.0 / scale;
                continue;
            }
            if (adjustment != 0) {
                flushHex(text, hex);
                text.append(number(adjustment)).append(' ');
                adjustment = 0;
            }
            for (byte b : g.code()) {
                hex.append(String.format("%02X", b & 0xFF));
            }
        }
        flushHex(text, hex);
        if (adjustment != 0) {
            text.append(number(adjustment)).append(' ');
        }
    }

    private static void flushHex(StringBuilder text, StringBuilder hex) {
        if (hex.length() > 0) {
            text.append('<').append(hex).append("> ");
            hex.setLength(0);
        }
    }

    private static List<PdfObject> elements(Operator op) {
        if (op.name().equals("TJ")) {
            List<PdfObject> list = new ArrayList<>();
            ((PdfArray) op.operands().get(0)).forEach(list::add);
            return list;
        }
        return List.of(op.operands().get(op.operands().size() - 2));
    }

    /** The strings a text-showing operator shows, or null for any other operator. */
    private static List<PdfString> strings(Operator op) {
        switch (op.name()) {
            case "Tj":
            case "'":
            case "\"":
            case "TJ":
                List<PdfString> strings = new ArrayList<>();
                for (PdfObject element : elements(op)) {
                    if (element instanceof PdfString) {
                        strings.add((PdfString) element);
                    } else if (!(element instanceof PdfNumber)) {
                        return null;
                    }
                }
                return strings;
            default:
                return null;
        }
    }

    private static List<Glyph> glyphsOf(PageGlyphs page, int operator, int string) {
        return page.glyphs.stream()
                .filter(g -> g.operator() == operator && g.string() == string)
                .toList();
    }

    private static byte[] concat(List<Glyph> glyphs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        glyphs.forEach(g -> out.write(g.code(), 0, g.code().length));
        return out.toByteArray();
    }

    private static String number(PdfNumber n) {
        return number(n.getValue());
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value)
                .setScale(4, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros()
                .toPlainString();
    }
}
