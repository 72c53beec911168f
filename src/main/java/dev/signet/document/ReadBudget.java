package dev.signet.document;

import dev.signet.document.PdfLimitExceeded.Limit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What one reader may still spend: time inside iText's reading and decoding, decoded bytes, and
 * nesting while parsing. Time is the thread's CPU time, counted only while the reader works, not
 * while it is open: a signing job that waits for a timestamp authority with the document open is
 * not cut short, and a busy machine does not make a sound document fail. A reader is used by one
 * thread at a time, as iText's documents are.
 */
final class ReadBudget {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final long nanos;
    private final long bytes;
    private long spentNanos;
    private long decodedBytes;
    private int working;
    private long workingSince;
    private int nesting;

    ReadBudget(long nanos, long bytes) {
        this.nanos = nanos;
        this.bytes = bytes;
    }

    /** Runs a piece of reading on the clock; nested pieces are counted once. */
    <T, E extends Exception> T timed(Work<T, E> work) throws E {
        if (working++ == 0) {
            workingSince = now();
        }
        try {
            checkTime();
            return work.run();
        } finally {
            if (--working == 0) {
                spentNanos += now() - workingSince;
            }
        }
    }

    private static long now() {
        return CPU.isCurrentThreadCpuTimeSupported() && CPU.isThreadCpuTimeEnabled()
                ? CPU.getCurrentThreadCpuTime()
                : System.nanoTime();
    }

    void checkTime() {
        long spent = spentNanos + (working > 0 ? now() - workingSince : 0);
        if (spent > nanos) {
            throw new PdfLimitExceeded(Limit.READING_TIME);
        }
    }

    /** Bytes one more decoded stream may take: the per-stream limit, or what is left of the total. */
    long allowance() {
        return Math.min(SafePdf.MAX_STREAM, bytes - decodedBytes);
    }

    /** Which limit an allowance stands for, once it is passed. */
    Limit limitAt(long allowance) {
        return allowance < SafePdf.MAX_STREAM ? Limit.DECODED_TOTAL : Limit.STREAM_SIZE;
    }

    void decoded(long count) {
        decodedBytes += count;
        if (decodedBytes > bytes) {
            throw new PdfLimitExceeded(Limit.DECODED_TOTAL);
        }
    }

    void enter() {
        if (++nesting > SafePdf.MAX_NESTING) {
            nesting--;
            throw new PdfLimitExceeded(Limit.NESTING);
        }
    }

    void leave() {
        nesting--;
    }

    @FunctionalInterface
    interface Work<T, E extends Exception> {
        T run() throws E;
    }
}
