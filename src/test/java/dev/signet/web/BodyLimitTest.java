package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Request bodies are bounded before they are parsed (issue 11, point 5): a 50 MB body is answered
 * 413 with the error body at once, whether it declares its length or streams in chunks, and the
 * server reads little of it. Sent over a raw socket, so the client keeps writing while the server
 * answers, as an attacker's would.
 */
class BodyLimitTest extends SignetIntegrationTest {

    private static final long FIFTY_MB = 50L * 1024 * 1024;
    private static final long SERVER_ALLOCATION_ALLOWED = 16L * 1024 * 1024;

    @Test
    void aFiftyMegabyteJsonSubmitIsRefusedBeforeTheTokenIsEvenChecked() throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            Answer answer = post("/v2/signing/not-a-token/submit", "application/json", null, chunked);

            answer.assertTooLarge("submit, chunked=" + chunked);
        }
    }

    @Test
    void aFiftyMegabyteRawBodyToVerifyIsRefusedWithOrWithoutAKey() throws Exception {
        String key = newTenant().sandboxKey();
        for (boolean chunked : new boolean[] {false, true}) {
            post("/v2/verify", "application/pdf", "Bearer " + key, chunked).assertTooLarge("verify, chunked=" + chunked);
        }
        post("/v2/verify", "application/pdf", null, false).assertTooLarge("verify without a key");
        // Without a key and without a declared length, the key is missing before a byte is read.
        post("/v2/verify", "application/pdf", null, true).assertRefused("verify without a key, chunked", 401, "UNAUTHORIZED");
    }

    @Test
    void aFiftyMegabyteUploadIsRefused() throws Exception {
        String key = newTenant().sandboxKey();
        for (boolean chunked : new boolean[] {false, true}) {
            Answer answer = post("/v2/envelopes", "multipart/form-data; boundary=x", "Bearer " + key, chunked);

            answer.assertTooLarge("envelopes, chunked=" + chunked);
        }
    }

    @Test
    void anOrdinaryJsonBodyIsStillRead() {
        assertThat(api.postJson("/v2/signing/not-a-token/submit", null, "{\"tags\":[]}").status()).isEqualTo(404);
    }

    private record Answer(int status, JsonNode body, long millis, long serverAllocated) {
        void assertTooLarge(String what) {
            assertRefused(what, 413, "PAYLOAD_TOO_LARGE");
        }

        void assertRefused(String what, int expectedStatus, String code) {
            System.out.printf("%s: %d in %d ms, server threads allocated %d KB%n", what, status, millis, serverAllocated / 1024);
            assertThat(status).as(what).isEqualTo(expectedStatus);
            assertThat(body.path("code").asText()).as(what).isEqualTo(code);
            assertThat(millis).as(what + ": milliseconds to answer").isLessThan(10_000);
            assertThat(serverAllocated).as(what + ": bytes the server allocated").isLessThan(SERVER_ALLOCATION_ALLOWED);
        }
    }

    /** Posts 50 MB of a JSON string's worth of 'x' and reads the answer while still writing. */
    private Answer post(String path, String contentType, String authorization, boolean chunked) throws Exception {
        long allocatedBefore = serverAllocatedBytes();
        long start = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: " + contentType + "\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + FIFTY_MB + "\r\n").append("\r\n");
            OutputStream out = socket.getOutputStream();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> write(out, head.toString(), chunked));
            byte[] response = readResponse(socket.getInputStream());
            long millis = (System.nanoTime() - start) / 1_000_000;
            writing.cancel(true);
            socket.close();
            Thread.sleep(200);
            String text = new String(response, StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            String body = text.substring(text.indexOf("\r\n\r\n") + 4);
            return new Answer(status, JSON.readTree(body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1)), millis,
                    serverAllocatedBytes() - allocatedBefore);
        }
    }

    private static void write(OutputStream out, String head, boolean chunked) {
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) 'x');
        byte[] opening = "{\"tags\":[{\"name\":\"a\",\"value\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(opening, 0, block, 0, opening.length);
        try {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            for (long sent = 0; sent < FIFTY_MB; sent += block.length) {
                if (chunked) {
                    out.write((Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(block);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                if (sent == 0) {
                    Arrays.fill(block, 0, opening.length, (byte) 'x');
                }
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            // The server answered and closed the connection while we were still writing: as it should.
        }
    }

    /** The status line, headers and the error body (small, JSON); up to the connection's end or the body's. */
    private static byte[] readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            response.write(buffer, 0, n);
            String text = response.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (end > 0 && text.indexOf('}', end) > 0) {
                break;
            }
        }
        return response.toByteArray();
    }

    /** What Tomcat's request threads have allocated so far: the server's side of a request, not the test's. */
    private static long serverAllocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().contains("-exec-")) {
                total += Math.max(0, threads.getThreadAllocatedBytes(thread.getId()));
            }
        }
        return total;
    }
}
