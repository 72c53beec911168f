package dev.signet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A closed loop of concurrent clients: each sends one request, waits for the answer, sends the
 * next, until the deadline. Bounded by time and by {@link #MAX_CALLS_PER_CLIENT}; it stops by itself,
 * or when the request supplier has no more work (answers null).
 */
final class Load {

    static final int MAX_CALLS_PER_CLIENT = 1_000_000;

    /**
     * One request: which ({@code uri}), when it was sent (wall clock, to compare with database
     * timestamps) and how it went.
     */
    record Call(URI uri, long sentAtMillis, long latencyNanos, int status, String body) {
        long answeredAtMillis() {
            return sentAtMillis + latencyNanos / 1_000_000;
        }

        boolean failed() {
            return status < 0;
        }
    }

    private Load() {}

    /**
     * @param request the next request, or null when there is no more work: the client then stops
     * @param mayStart asked before each request; while it says no, the client waits (back-pressure)
     * @param answered counts answers as they come, for progress reports
     * @param callsPerClient a client stops after this many calls even before the deadline
     */
    static List<Call> run(
            HttpClient http,
            int clients,
            Duration length,
            Supplier<HttpRequest> request,
            BooleanSupplier mayStart,
            LongAdder answered,
            int callsPerClient)
            throws InterruptedException {
        int limit = Math.min(callsPerClient, MAX_CALLS_PER_CLIENT);
        long deadline = System.nanoTime() + length.toNanos();
        List<List<Call>> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            List<Call> calls = new ArrayList<>();
            perClient.add(calls);
            Thread thread = new Thread(
                    () -> loop(http, deadline, limit, request, mayStart, answered, calls), "bench-client-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        List<Call> all = new ArrayList<>();
        perClient.forEach(all::addAll);
        return all;
    }

    private static void loop(
            HttpClient http,
            long deadline,
            int limit,
            Supplier<HttpRequest> request,
            BooleanSupplier mayStart,
            LongAdder answered,
            List<Call> calls) {
        while (System.nanoTime() < deadline && calls.size() < limit) {
            if (!mayStart.getAsBoolean()) {
                pause();
                continue;
            }
            HttpRequest next = request.get();
            if (next == null) {
                return;
            }
            long sentAt = System.currentTimeMillis();
            long start = System.nanoTime();
            int status;
            String body;
            try {
                HttpResponse<String> response = http.send(next, HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                body = response.body();
            } catch (IOException e) {
                status = -1;
                body = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            calls.add(new Call(next.uri(), sentAt, System.nanoTime() - start, status, body));
            answered.increment();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
