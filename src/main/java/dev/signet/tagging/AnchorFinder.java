package dev.signet.tagging;

import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfPage;
import dev.signet.tagging.AnchorGrammar.Invalid;
import dev.signet.tagging.AnchorGrammar.Parsed;
import dev.signet.tagging.PageGlyphs.Glyph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Auto-tagging (reference §3): finds the {@code |AT|} header on page 1 and the anchors
 * {@code |<role><n><type><R|O>[meta]|} on every page by text extraction with glyph positions, so an
 * anchor split across several text chunks is still found.
 *
 * <p>{@link #removeAnchors} then takes the header and every valid anchor out of the page content
 * (see {@link ContentEraser}): they are not painted over, they are gone, and the rest of each line
 * stays where it was. Invalid anchors are reported in {@link AnchorScan#problems()} and left in the
 * document for the sender to see. Place the fields afterwards with
 * {@link AnchorScan#fieldSpecs} and {@link FieldPlacement}.
 */
public final class AnchorFinder {

    static final double DEFAULT_TEXT_WIDTH = TagGeometry.DEFAULT_TEXT_WIDTH;

    /** Finds the header and the anchors; changes nothing. */
    public AnchorScan scan(PdfDocument pdf, Industry industry) {
        return new Run(pdf, industry).scan();
    }

    /**
     * Finds the header and the anchors, and removes the header and the valid anchors from the page
     * content. A document without the header is left as it is.
     */
    public AnchorScan removeAnchors(PdfDocument pdf, Industry industry) {
        Run run = new Run(pdf, industry);
        AnchorScan scan = run.scan();
        run.erase();
        return scan;
    }

    /** An anchor on its way to becoming an {@link Anchor}. */
    private record Found(int page, String text, Parsed parsed, List<Glyph> glyphs) {}

    private static final class Run {
        private final PdfDocument pdf;
        private final Industry industry;
        private final Map<Integer, PageGlyphs> pages = new TreeMap<>();
        private final Map<Integer, List<Glyph>> erase = new HashMap<>();
        private final List<AnchorProblem> problems = new ArrayList<>();

        Run(PdfDocument pdf, Industry industry) {
            this.pdf = pdf;
            this.industry = industry;
        }

        AnchorScan scan() {
            PageGlyphs first = glyphs(1);
            PageText firstText = PageText.of(first.glyphs);
            Matcher header = AnchorGrammar.HEADER.matcher(firstText.text);
            StringBuilder masked = new StringBuilder(firstText.text);
            boolean tagged = false;
            while (header.find()) {
                tagged = true;
                List<Glyph> glyphs = firstText.glyphs(header.start(), header.end());
                if (ContentEraser.canErase(first, glyphs)) {
                    erase.computeIfAbsent(1, p -> new ArrayList<>()).addAll(glyphs);
                } else {
                    problems.add(new AnchorProblem(1, header.group(), unerasable()));
                }
                for (int c = header.start(); c < header.end(); c++) {
                    masked.setCharAt(c, '\n');
                }
            }
            if (!tagged) {
                return new AnchorScan(false, List.of(), List.of());
            }
            List<Found> found = new ArrayList<>();
            for (int p = 1; p <= pdf.getNumberOfPages(); p++) {
                PageText text = p == 1 ? firstText : PageText.of(glyphs(p).glyphs);
                candidates(p, text, p == 1 ? masked.toString() : text.text, found);
            }
            List<Anchor> anchors = anchors(checkRadioGroups(found));
            return new AnchorScan(true, anchors, problems);
        }

        void erase() {
            erase.forEach((p, glyphs) -> ContentEraser.erase(pdf.getPage(p), pages.get(p), glyphs));
        }

        private PageGlyphs glyphs(int page) {
            return pages.computeIfAbsent(page, p -> PageGlyphs.of(pdf.getPage(p)));
        }

        private void candidates(int page, PageText text, String searchable, List<Found> found) {
            Matcher m = AnchorGrammar.CANDIDATE.matcher(searchable);
            while (m.find()) {
                try {
                    Parsed parsed = AnchorGrammar.parse(m, industry);
                    List<Glyph> glyphs = text.glyphs(m.start(), m.end());
                    if (!ContentEraser.canErase(pages.get(page), glyphs)) {
                        throw new Invalid(unerasable());
                    }
                    found.add(new Found(page, m.group(), parsed, glyphs));
                } catch (Invalid e) {
                    problems.add(new AnchorProblem(page, m.group(), e.getMessage()));
                }
            }
        }

        /** A group needs two buttons or more, all required or all optional (reference §2.2). */
        private List<Found> checkRadioGroups(List<Found> found) {
            Map<String, List<Found>> groups = new LinkedHashMap<>();
            for (Found f : found) {
                if (f.parsed().type() == TagType.RADIO_FIELD) {
                    String key = f.parsed().role() + "/" + f.parsed().radioGroup();
                    groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
                }
            }
            Set<Found> rejected = new HashSet<>();
            for (List<Found> members : groups.values()) {
                String reason = members.size() < 2
                        ? "a radio group needs at least two buttons"
                        : members.stream()
                                                .map(f -> f.parsed().optional())
                                                .distinct()
                                                .count()
                                        > 1
                                ? "a radio group may not mix required (R) and optional (O) buttons"
                                : null;
                if (reason != null) {
                    members.forEach(f -> problems.add(new AnchorProblem(f.page(), f.text(), reason)));
                    rejected.addAll(members);
                }
            }
            return found.stream().filter(f -> !rejected.contains(f)).toList();
        }

        private List<Anchor> anchors(List<Found> found) {
            Map<RoleKey, Set<String>> named = new HashMap<>();
            for (Found f : found) {
                if (f.parsed().name() != null) {
                    named.computeIfAbsent(f.parsed().role(), r -> new HashSet<>())
                            .add(f.parsed().name());
                }
            }
            Map<RoleKey, Set<String>> used = new HashMap<>();
            Map<String, Integer> counters = new HashMap<>();
            List<Anchor> anchors = new ArrayList<>();
            for (Found f : found) {
                Parsed parsed = f.parsed();
                Set<String> taken = used.computeIfAbsent(parsed.role(), r -> new HashSet<>());
                String name = parsed.name();
                if (name == null) {
                    do {
                        int n = counters.merge(parsed.role() + "/" + parsed.type(), 1, Integer::sum);
                        name = parsed.type().wireName() + "_" + n;
                    } while (named.getOrDefault(parsed.role(), Set.of()).contains(name) || taken.contains(name));
                }
                if (!taken.add(name)) {
                    problems.add(new AnchorProblem(
                            f.page(), f.text(), "tag name '" + name + "' is used twice for " + parsed.role()));
                    continue;
                }
                anchors.add(anchor(f, name));
                erase.computeIfAbsent(f.page(), p -> new ArrayList<>()).addAll(f.glyphs());
            }
            return anchors;
        }

        private Anchor anchor(Found f, String name) {
            PdfPage page = pdf.getPage(f.page());
            PageGeometry geometry = PageGeometry.of(page);
            Rectangle box = PageText.bounds(f.glyphs());
            double[] visible = geometry.toVisible(box);
            double x = visible[0] / geometry.visibleWidth();
            double y = visible[1] / geometry.visibleHeight();
            Parsed p = f.parsed();
            Double width = p.type() == TagType.TEXT_FIELD ? Math.min(DEFAULT_TEXT_WIDTH, 1 - x) : null;
            String group = p.radioGroup() == null ? null : "RG" + p.radioGroup();
            return new Anchor(
                    f.page(),
                    f.text(),
                    p.role(),
                    p.type(),
                    p.optional(),
                    name,
                    group,
                    p.help(),
                    p.prefill(),
                    x,
                    y,
                    width,
                    box);
        }

        private static String unerasable() {
            return "cannot be removed from the page (drawn inside a form XObject or in a font Signet cannot re-encode)";
        }
    }
}
