package dev.signet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A plain HTTP client for the tests: real requests to the running server, nothing mocked. */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, Map<String, List<String>> headers, byte[] bytes) {
        public JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + text(), e);
            }
        }

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    /** One part of a multipart body. */
    public record Part(String name, String fileName, String contentType, byte[] content) {
        public static Part file(String fileName, byte[] content) {
            return new Part("file", fileName, "application/pdf", content);
        }

        public static Part options(String json) {
            return new Part("options", null, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    public Response get(String path, String key) {
        return send(builder(path, key).GET());
    }

    public Response delete(String path, String key) {
        return send(builder(path, key).DELETE());
    }

    public Response postJson(String path, String key, String json) {
        return send(builder(path, key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response patchJson(String path, String key, String json) {
        return send(builder(path, key)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response patch(String path, String key) {
        return send(builder(path, key).method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    public Response post(String path, String key) {
        return send(builder(path, key).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response multipart(String path, String key, Map<String, String> headers, List<Part> parts) {
        String boundary = "signet-" + UUID.randomUUID();
        List<byte[]> chunks = new ArrayList<>();
        for (Part p : parts) {
            StringBuilder head = new StringBuilder(
                    "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\"");
            if (p.fileName() != null) {
                head.append("; filename=\"").append(p.fileName()).append('"');
            }
            head.append("\r\nContent-Type: ").append(p.contentType()).append("\r\n\r\n");
            chunks.add(head.toString().getBytes(StandardCharsets.UTF_8));
            chunks.add(p.content());
            chunks.add("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        chunks.add(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder builder = builder(path, key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(chunks));
        headers.forEach(builder::header);
        return send(builder);
    }

    public Response createEnvelope(String key, String optionsJson, Map<String, byte[]> files) {
        List<Part> parts = new ArrayList<>();
        files.forEach((name, content) -> parts.add(Part.file(name, content)));
        parts.add(Part.options(optionsJson));
        return multipart("/v2/envelopes", key, Map.of(), parts);
    }

    public Response createEnvelope(String key, String optionsJson) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("contract.pdf", Pdfs.pages(2));
        return createEnvelope(key, optionsJson, files);
    }

    public HttpRequest.Builder builder(String path, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    public Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
