package dev.signet.tagging;

import com.itextpdf.kernel.geom.LineSegment;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.geom.Vector;
import com.itextpdf.kernel.pdf.PdfLiteral;
import com.itextpdf.kernel.pdf.PdfObject;
import com.itextpdf.kernel.pdf.PdfPage;
import com.itextpdf.kernel.pdf.PdfResources;
import com.itextpdf.kernel.pdf.canvas.parser.EventType;
import com.itextpdf.kernel.pdf.canvas.parser.PdfCanvasProcessor;
import com.itextpdf.kernel.pdf.canvas.parser.data.IEventData;
import com.itextpdf.kernel.pdf.canvas.parser.data.TextRenderInfo;
import com.itextpdf.kernel.pdf.canvas.parser.listener.IEventListener;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every glyph a page shows, in content order, with its box and the place in the page's content
 * stream that drew it: the operator, which string of that operator, which glyph of that string.
 * That place is what lets {@link ContentEraser} take a glyph out again.
 *
 * <p>Glyphs drawn inside form XObjects are collected (an anchor there is still found) but marked as
 * not erasable: the XObject may be shared, and rewriting it is out of scope.
 */
final class PageGlyphs {

    /** One glyph: {@code advance} is its displacement in text space, what a TJ adjustment must replace. */
    record Glyph(
            String text,
            Rectangle box,
            Vector baselineStart,
            Vector baselineEnd,
            float height,
            int operator,
            int string,
            int index,
            byte[] code,
            float advance,
            float fontSize,
            float scaling,
            boolean erasable) {

        /** Where the glyph was drawn: operator, string and index, which identify it on its page. */
        long key() {
            return ((long) operator << 42) | ((long) string << 21) | index;
        }
    }

    /** The operands of one operator of the page's own content stream, the operator last. */
    record Operator(List<PdfObject> operands) {
        String name() {
            return operands.get(operands.size() - 1).toString();
        }
    }

    final List<Glyph> glyphs = new ArrayList<>();
    final List<Operator> operators = new ArrayList<>();
    final byte[] content;

    private PageGlyphs(byte[] content) {
        this.content = content;
    }

    static PageGlyphs of(PdfPage page) {
        PageGlyphs result = new PageGlyphs(page.getContentBytes());
        Collector collector = new Collector(result);
        collector.processor.processPageContent(page);
        return result;
    }

    private static final class Collector implements IEventListener {
        private final PageGlyphs target;
        private final Processor processor;

        Collector(PageGlyphs target) {
            this.target = target;
            this.processor = new Processor(this);
        }

        @Override
        public void eventOccurred(IEventData data, EventType type) {
            TextRenderInfo info = (TextRenderInfo) data;
            boolean page = processor.depth == 1;
            int operator = page ? target.operators.size() - 1 : -1;
            int string = page ? processor.strings++ : -1;
            int index = 0;
            for (TextRenderInfo glyph : info.getCharacterRenderInfos()) {
                target.glyphs.add(glyph(glyph, operator, string, index++, page));
            }
        }

        private static Glyph glyph(TextRenderInfo g, int operator, int string, int index, boolean erasable) {
            LineSegment ascent = g.getAscentLine();
            LineSegment descent = g.getDescentLine();
            Rectangle box = bounds(
                    ascent.getStartPoint(), ascent.getEndPoint(), descent.getStartPoint(), descent.getEndPoint());
            float height =
                    ascent.getStartPoint().subtract(descent.getStartPoint()).length();
            return new Glyph(
                    g.getText(),
                    box,
                    g.getBaseline().getStartPoint(),
                    g.getBaseline().getEndPoint(),
                    height,
                    operator,
                    string,
                    index,
                    g.getPdfString().getValueBytes(),
                    g.getUnscaledWidth(),
                    g.getFontSize(),
                    g.getHorizontalScaling() / 100f,
                    erasable);
        }

        private static Rectangle bounds(Vector... points) {
            float minX = Float.MAX_VALUE;
            float minY = Float.MAX_VALUE;
            float maxX = -Float.MAX_VALUE;
            float maxY = -Float.MAX_VALUE;
            for (Vector p : points) {
                minX = Math.min(minX, p.get(Vector.I1));
                maxX = Math.max(maxX, p.get(Vector.I1));
                minY = Math.min(minY, p.get(Vector.I2));
                maxY = Math.max(maxY, p.get(Vector.I2));
            }
            return new Rectangle(minX, minY, maxX - minX, maxY - minY);
        }

        @Override
        public Set<EventType> getSupportedEvents() {
            return EnumSet.of(EventType.RENDER_TEXT);
        }
    }

    /** Records the page's own operators and how deep in form XObjects the processor is. */
    private static final class Processor extends PdfCanvasProcessor {
        private final Collector collector;
        int depth;
        int strings;

        Processor(Collector collector) {
            super(collector);
            this.collector = collector;
        }

        @Override
        public void processContent(byte[] contentBytes, PdfResources resources) {
            depth++;
            try {
                super.processContent(contentBytes, resources);
            } finally {
                depth--;
            }
        }

        @Override
        protected void invokeOperator(PdfLiteral operator, List<PdfObject> operands) {
            if (depth == 1) {
                // The parser reuses its operand list; keep a copy.
                collector.target.operators.add(new Operator(new ArrayList<>(operands)));
                strings = 0;
            }
            super.invokeOperator(operator, operands);
        }
    }
}
