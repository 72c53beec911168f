package dev.signet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/**
 * The baseline: the cheapest useful process on the same engine and database, start → user task,
 * started over the engine's REST API (HTTP Basic as Cockpit's admin) until it waits at the task.
 * It is deployed by the bench, never shipped with Signet.
 */
final class BarePhase {

    static final String KEY = "benchBare";

    record Result(
            long windowStart,
            long windowEnd,
            int clients,
            long started,
            long refused,
            long failed,
            long waiting,
            Percentiles start,
            Monitor.Usage usage)
            implements Measured {
        double startsPerSecond() {
            return perSecond(started);
        }
    }

    private final Settings settings;
    private final HttpClient http;
    private final Database db;
    private final Monitor monitor;
    private final String authorization = "Basic "
            + Base64.getEncoder().encodeToString(("admin:" + Settings.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

    BarePhase(Settings settings, HttpClient http, Database db, Monitor monitor) {
        this.settings = settings;
        this.http = http;
        this.db = db;
        this.monitor = monitor;
    }

    Result run() throws Exception {
        deploy();
        LongAdder answered = new LongAdder();
        Window window = Window.startingNow(settings);
        long windowStart = window.start();
        long windowEnd = window.end();
        Thread watcher =
                Progress.watch("bare", window.loadStart(), windowStart, windowEnd, answered, () -> -1, monitor);
        Statistics.analyzeAt(db, "bare", window.midWarmup());
        List<Load.Call> calls = Load.run(
                http,
                settings.clients(),
                settings.warmup().plus(settings.duration()),
                this::request,
                () -> true,
                answered,
                Integer.MAX_VALUE);
        watcher.interrupt();
        long started = 0, refused = 0, failed = 0, ok = 0;
        List<Double> latencies = new ArrayList<>();
        for (Load.Call call : calls) {
            boolean inWindow = call.answeredAtMillis() >= windowStart && call.answeredAtMillis() < windowEnd;
            if (call.status() == 200) {
                ok++;
            }
            if (inWindow) {
                if (call.status() == 200) {
                    started++;
                } else if (call.failed()) {
                    failed++;
                } else {
                    refused++;
                }
            }
            if (call.status() == 200 && call.sentAtMillis() >= windowStart && call.sentAtMillis() < windowEnd) {
                latencies.add(call.latencyNanos() / 1e6);
            }
        }
        long waiting = db.waitingAtUserTask(KEY);
        if (waiting != ok) {
            System.out.printf("bare: %d starts answered 200 but %d instances wait at the user task%n", ok, waiting);
        }
        return new Result(
                windowStart,
                windowEnd,
                settings.clients(),
                started,
                refused,
                failed,
                waiting,
                Percentiles.ofMillis(latencies),
                monitor.between(windowStart, windowEnd));
    }

    private void deploy() throws Exception {
        BpmnModelInstance model = Bpmn.createExecutableProcess(KEY)
                .name("Bench: bare user task")
                .camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_Bare")
                .userTask("Task_Wait")
                .endEvent("EndEvent_Bare")
                .done();
        byte[] body = new Multipart()
                .part("deployment-name", null, "text/plain", "signet-bench".getBytes(StandardCharsets.UTF_8))
                .part("enable-duplicate-filtering", null, "text/plain", "true".getBytes(StandardCharsets.UTF_8))
                .part(
                        "data",
                        "bench-bare.bpmn",
                        "application/octet-stream",
                        Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8))
                .bytes();
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/engine-rest/deployment/create"))
                .header("Authorization", authorization)
                .header("Content-Type", Multipart.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "Deploying the bare process answered " + response.statusCode() + ": " + response.body());
        }
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(
                        URI.create(settings.baseUrl() + "/engine-rest/process-definition/key/" + KEY + "/start"))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
    }
}
