package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
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
            post("/v2/verify", "application/pdf", "Bearer " + key, chunked)
                    .assertTooLarge("verify, chunked=" + chunked);
        }
        post("/v2/verify", "application/pdf", null, false).assertTooLarge("verify without a key");
        // Without a key and without a declared length, the key is missing before a byte is read.
        post("/v2/verify", "application/pdf", null, true)
                .assertRefused("verify without a key, chunked", 401, "UNAUTHORIZED");
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
    void aSubmitMayCarryItsAttachmentsAndNoMore() {
        Options options =
                new Options("Attachments").signer("Ann", "ann@example.com", 1).signer("Ben", "ben@example.com", 1);
        ((ObjectNode) options.json().get("recipients").get(0))
                .withArray("tags")
                .addObject()
                .put("type", "attachment")
                .put("name", "ann_id")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.8)
                .put("y", 0.3);
        UUID id = create(newTenant().sandboxKey(), options.toString());
        runJobs(id);
        byte[] pdf = Pdfs.pages(1);
        byte[] fourMegabytePdf = Arrays.copyOf(pdf, 4 * 1024 * 1024);
        Arrays.fill(fourMegabytePdf, pdf.length, fourMegabytePdf.length, (byte) '\n');
        String attachment =
                "data:application/pdf;name=id.pdf;base64," + Base64.getEncoder().encodeToString(fourMegabytePdf);

        String ann = invitationTo(id, "ann@example.com").token();
        Api.Response withAttachment = api.postJson("/v2/signing/" + ann + "/submit", null, submitBody(ann, attachment));
        String ben = invitationTo(id, "ben@example.com").token();
        Api.Response withoutAttachmentTag =
                api.postJson("/v2/signing/" + ben + "/submit", null, submitBody(ben, attachment));

        assertThat(withAttachment.status()).as(withAttachment.toString()).isEqualTo(204);
        assertThat(withoutAttachmentTag.status())
                .as(withoutAttachmentTag.toString())
                .isEqualTo(413);
        assertThat(withoutAttachmentTag.json().path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    /** The signer's signature, and the file for an attachment tag if they have one. */
    private String submitBody(String token, String attachment) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode tags = body.putArray("tags");
        for (JsonNode tag : api.get("/v2/signing/" + token, null).json().get("tags")) {
            String value = tag.get("type").asText().equals("attachment") ? attachment : "A Signer";
            tags.addObject().put("name", tag.get("name").asText()).put("value", value);
        }
        if (tags.size() == 1) {
            // No attachment tag: the same file as an unknown tag's value, which is what makes the body large.
            tags.addObject().put("name", "smuggled").put("value", attachment);
        }
        return body.toString();
    }

    @Test
    void anOrdinaryJsonBodyIsStillRead() {
        assertThat(api.postJson("/v2/signing/not-a-token/submit", null, "{\"tags\":[]}")
                        .status())
                .isEqualTo(404);
    }

    private record Answer(int status, JsonNode body, long millis, long serverAllocated) {
        void assertTooLarge(String what) {
            assertRefused(what, 413, "PAYLOAD_TOO_LARGE");
        }

        void assertRefused(String what, int expectedStatus, String code) {
            System.out.printf(
                    "%s: %d in %d ms, server threads allocated %d KB%n", what, status, millis, serverAllocated / 1024);
            assertThat(status).as(what).isEqualTo(expectedStatus);
            assertThat(body.path("code").asText()).as(what).isEqualTo(code);
            assertThat(millis).as(what + ": milliseconds to answer").isLessThan(10_000);
            assertThat(serverAllocated)
                    .as(what + ": bytes the server allocated")
                    .isLessThan(SERVER_ALLOCATION_ALLOWED);
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
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + FIFTY_MB + "\r\n")
                    .append("\r\n");
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
            return new Answer(
                    status,
                    JSON.readTree(body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1)),
                    millis,
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
