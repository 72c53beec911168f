package dev.signet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * How the answers of a closed-loop phase fall around its measured window: answered in the window
 * (accepted, refused, failed), the backlog at the window's edges, latencies of requests sent in
 * the window, and those that never got done. "Done" is the phase's own moment, read from the
 * tables (ACTIVE with invitations, a signature applied); {@link Long#MAX_VALUE} for never.
 */
final class Tally {

    long accepted;
    long refused;
    long failed;
    long doneInWindow;
    long backlogAtStart;
    long backlogAtEnd;
    long unfinished;
    final List<Double> requestMillis = new ArrayList<>();
    final List<Double> toDoneMillis = new ArrayList<>();

    private Tally() {}

    static Tally of(
            List<Load.Call> calls, int okStatus, long windowStart, long windowEnd, ToLongFunction<Load.Call> doneAt) {
        Tally t = new Tally();
        for (Load.Call call : calls) {
            boolean sentInWindow = call.sentAtMillis() >= windowStart && call.sentAtMillis() < windowEnd;
            boolean answeredInWindow = call.answeredAtMillis() >= windowStart && call.answeredAtMillis() < windowEnd;
            if (call.status() != okStatus) {
                if (answeredInWindow && call.failed()) {
                    t.failed++;
                } else if (answeredInWindow) {
                    t.refused++;
                }
                continue;
            }
            if (answeredInWindow) {
                t.accepted++;
            }
            long done = doneAt.applyAsLong(call);
            if (done >= windowStart && done < windowEnd) {
                t.doneInWindow++;
            }
            if (call.answeredAtMillis() < windowStart && done >= windowStart) {
                t.backlogAtStart++;
            }
            if (call.answeredAtMillis() < windowEnd && done >= windowEnd) {
                t.backlogAtEnd++;
            }
            if (sentInWindow) {
                t.requestMillis.add(call.latencyNanos() / 1e6);
                if (done == Long.MAX_VALUE) {
                    t.unfinished++;
                } else {
                    t.toDoneMillis.add((double) (done - call.sentAtMillis()));
                }
            }
        }
        return t;
    }
}
