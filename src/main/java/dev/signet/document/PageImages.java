package dev.signet.document;

import jakarta.annotation.PreDestroy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A page of a document as it stands, as an image: what a signer on a slow phone sees at once while
 * the viewer (pdf.js) is still on its way. Rendered with Apache PDFBox, which Signet uses for this
 * only; iText remains the PDF library for everything else.
 *
 * <p>Rendered on request, never at upload (the create path stays as it was), and bounded: one
 * rendering thread with a short queue (over it the caller is told {@link Refusal#BUSY} and the
 * signer simply waits for the viewer), {@link #TIME_LIMIT} per page, {@value PageRenderer#MAX_PIXELS}
 * pixels, PDFBox's buffers in memory only and capped. Rendered images are kept in a small LRU keyed
 * by the revision's digest, so a reload does not render again and a new signature is never hidden
 * by an old image.
 */
@Component
public class PageImages {

    /** The widths a caller may get, in device pixels; a request is clamped and rounded to a step. */
    public static final int MIN_WIDTH = 400;

    public static final int MAX_WIDTH = 1600;
    public static final int WIDTH_STEP = 200;

    static final Duration TIME_LIMIT = Duration.ofSeconds(4);
    static final int QUEUE = 2;

    private final DocumentStore store;
    private final ImageCache cache = new ImageCache(24L * 1024 * 1024, 128);
    private final ThreadPoolExecutor renderer =
            new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), runnable -> {
                Thread thread = new Thread(runnable, "page-images");
                thread.setDaemon(true);
                return thread;
            });

    private static final Logger log = LoggerFactory.getLogger(PageImages.class);

    /** The first page drawn after a start may wait this long: PDFBox's classes, fonts and JIT are cold. */
    static final Duration WARM_UP_LIMIT = Duration.ofSeconds(60);

    PageImages(DocumentStore store, @Value("${signet.data-dir:./data}") Path dataDir) {
        this.store = store;
        // PDFBox scans the system's fonts once, the first time a page names a font it does not embed, and
        // keeps the list in a file; by default in the home directory, which a container may not keep (or
        // may not let it write), so that every start would scan again. It belongs with Signet's data.
        if (System.getProperty("pdfbox.fontcache") == null) {
            System.setProperty("pdfbox.fontcache", dataDir.toAbsolutePath().toString());
        }
    }

    /**
     * Draws one small page of text on the rendering thread once Signet has started, so that the first
     * signer after a start does not pay for PDFBox's first page (its classes, the font scan, the first
     * compilation): measured at 0.4 s on a quiet machine and over the {@link #TIME_LIMIT} on a busy
     * one, where that first signer would have been refused the image and waited for the viewer.
     * Nothing depends on it: a failure is logged and forgotten.
     */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        try {
            renderer.submit(() -> {
                try {
                    new PageRenderer(System.nanoTime() + WARM_UP_LIMIT.toNanos())
                            .render(warmUpPage(), 1, MIN_WIDTH, null);
                } catch (RuntimeException | IOException e) {
                    log.warn("Page images: the warm-up page was not drawn ({})", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // Signet is stopping.
        }
    }

    /** One A4 page with a line of text in a font PDFBox must find on the system, as a signer's PDF often has. */
    static byte[] warmUpPage() throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 760);
                content.showText("Signet");
                content.endText();
                content.addRect(72, 700, 200, 40);
                content.fill();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    /** An encoded page image and its size in pixels. */
    public record Image(byte[] bytes, String mediaType, int width, int height) {}

    /** Why a page was not given as an image; the caller answers with the viewer instead. */
    public enum Refusal {
        /** No such document or page. */
        NO_PAGE,
        /** The renderer is busy with other pages; try again in a moment, or wait for the viewer. */
        BUSY,
        /** The page cannot be rendered within the limits (size, time, memory) or is not readable. */
        NOT_RENDERED
    }

    /** A page that was not given as an image, and why. */
    public static final class Refused extends RuntimeException {

        private final Refusal refusal;

        Refused(Refusal refusal, String message) {
            super(message, null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /** The width actually rendered for a requested width: clamped to the range, rounded to the nearest step. */
    public static int bucket(int requested) {
        int clamped = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, requested));
        return Math.round((float) (clamped - MIN_WIDTH) / WIDTH_STEP) * WIDTH_STEP + MIN_WIDTH;
    }

    /**
     * Page {@code page} (from 1) of the document's latest revision, {@link #bucket}ed {@code width}
     * pixels wide, without the widgets of the fields under {@code hiddenFieldNode} (a field's fully
     * qualified name: the page's viewer draws those fields itself).
     *
     * @throws Refused when there is no such page or it is not rendered now
     */
    public Image render(UUID documentId, int page, int width, String hiddenFieldNode) {
        if (page < 1) {
            throw new Refused(Refusal.NO_PAGE, "Pages are numbered from 1");
        }
        String revision =
                store.currentSha256(documentId).orElseThrow(() -> new Refused(Refusal.NO_PAGE, "No such document"));
        ImageCache.Key key = new ImageCache.Key(documentId, revision, page, bucket(width), hiddenFieldNode);
        Image cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Image image = renderNow(documentId, key);
        cache.put(key, image);
        return image;
    }

    private Image renderNow(UUID documentId, ImageCache.Key key) {
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        Future<Image> job;
        try {
            job = renderer.submit(() -> {
                byte[] pdf =
                        store.latest(documentId).orElseThrow(() -> new Refused(Refusal.NO_PAGE, "No such document"));
                return new PageRenderer(deadline).render(pdf, key.page(), key.width(), key.hiddenFieldNode());
            });
        } catch (RejectedExecutionException e) {
            throw new Refused(Refusal.BUSY, "Other pages are being drawn; try again in a moment");
        }
        try {
            return job.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            job.cancel(true);
            throw new Refused(Refusal.NOT_RENDERED, "The page takes too long to draw");
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new Refused(Refusal.BUSY, "Interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Refused refused) {
                throw refused;
            }
            throw new Refused(Refusal.NOT_RENDERED, "The page could not be drawn");
        }
    }

    /** Pages being drawn or waiting to be (for tests that fill the queue without guessing at timing). */
    int inFlight() {
        return renderer.getActiveCount() + renderer.getQueue().size();
    }

    @PreDestroy
    void stop() {
        renderer.shutdownNow();
    }
}
