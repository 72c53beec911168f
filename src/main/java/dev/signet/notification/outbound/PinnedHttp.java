package dev.signet.notification.outbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 requests to addresses someone outside the operator chose, sent to the address
 * {@link Destinations} checked: the name is resolved once, for the check, and the connection goes
 * to that address, never to the name again (a DNS answer that changed in between, DNS rebinding,
 * cannot point Signet inside its own network). The name still goes in the Host header and TLS's SNI,
 * and the certificate must name it. Written on a plain socket because an HTTP client library
 * resolves the name itself. Redirects are not followed. What is read of an answer is bounded in
 * bytes and, in all, in time, however slowly it comes.
 */
public final class PinnedHttp {

    /** A request; {@code body} is null for none. Header names and values may hold no line break. */
    public record Request(String method, String url, Map<String, String> headers, byte[] body) {

        public static Request get(String url, Map<String, String> headers) {
            return new Request("GET", url, headers, null);
        }

        public static Request post(String url, Map<String, String> headers, byte[] body) {
            return new Request("POST", url, headers, body);
        }
    }

    /** An answer: its status code and its body, whole. */
    public record Response(int status, byte[] body) {}

    /** An answer whose body is larger than the caller reads. */
    public static final class TooLarge extends IOException {
        TooLarge() {
            super("Response body too large");
        }
    }

    private static final int MAX_CHUNK_LINE = 1024;

    private final Destinations destinations;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final int maxHeadBytes;
    private final String userAgent;
    private final SSLSocketFactory tls;

    /**
     * @param responseTimeout how long an answer may take in all, from the request's last byte
     * @param maxHeadBytes at most this much is read of the status line and headers
     */
    public PinnedHttp(
            Destinations destinations,
            Duration connectTimeout,
            Duration responseTimeout,
            int maxHeadBytes,
            String userAgent) {
        this(destinations, connectTimeout, responseTimeout, maxHeadBytes, userAgent, (SSLSocketFactory)
                SSLSocketFactory.getDefault());
    }

    /** With a TLS socket factory of the caller's, for tests that trust a certificate of their own. */
    PinnedHttp(
            Destinations destinations,
            Duration connectTimeout,
            Duration responseTimeout,
            int maxHeadBytes,
            String userAgent,
            SSLSocketFactory tls) {
        this.destinations = destinations;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.maxHeadBytes = maxHeadBytes;
        this.userAgent = userAgent;
        this.tls = tls;
    }

    /** Sends the request and reads the status line alone (a receiver's body and headers are not needed). */
    public int status(Request request) throws Destinations.Refused, IOException {
        return send(request, answer -> statusOf(answer.line(maxHeadBytes, "Response status line")));
    }

    /** Sends the request and reads the whole answer, its body at most {@code maxBody} bytes ({@link TooLarge}). */
    public Response exchange(Request request, int maxBody) throws Destinations.Refused, IOException {
        return send(request, answer -> {
            int status;
            Map<String, String> headers;
            do {
                status = statusOf(answer.line(maxHeadBytes, "Response status line"));
                headers = answer.headers(maxHeadBytes);
            } while (status >= 100 && status < 200);
            boolean none = request.method().equals("HEAD") || status == 204 || status == 304;
            return new Response(status, none ? new byte[0] : answer.body(headers, maxBody));
        });
    }

    private interface Reading<T> {
        T read(Answer answer) throws IOException;
    }

    private <T> T send(Request request, Reading<T> reading) throws Destinations.Refused, IOException {
        Destinations.Target target = destinations.check(request.url());
        byte[] head = head(target, request);
        try (Socket socket = connect(target)) {
            OutputStream out = socket.getOutputStream();
            out.write(head);
            if (request.body() != null) {
                out.write(request.body());
            }
            out.flush();
            return reading.read(new Answer(socket, System.nanoTime() + responseTimeout.toNanos()));
        }
    }

    private Socket connect(Destinations.Target target) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(target.address(), target.port()), (int) connectTimeout.toMillis());
            if (!target.tls()) {
                return socket;
            }
            SSLSocket secured = (SSLSocket) tls.createSocket(socket, target.host(), target.port(), true);
            SSLParameters parameters = secured.getSSLParameters();
            // The certificate must name the host we were given, though we connected to an address.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!target.host().contains(":")
                    && !Character.isDigit(target.host().charAt(target.host().length() - 1))) {
                parameters.setServerNames(List.of(new SNIHostName(target.host())));
            }
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            secured.setSSLParameters(parameters);
            secured.setSoTimeout((int) Math.max(1, responseTimeout.toMillis()));
            secured.startHandshake();
            return secured;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private byte[] head(Destinations.Target target, Request request) {
        String path =
                target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty()
                        ? "/"
                        : target.uri().getRawPath();
        if (target.uri().getRawQuery() != null) {
            path += "?" + target.uri().getRawQuery();
        }
        boolean defaultPort = target.port() == (target.tls() ? 443 : 80);
        String host = (target.host().contains(":") ? "[" + target.host() + "]" : target.host())
                + (defaultPort ? "" : ":" + target.port());
        StringBuilder head = new StringBuilder()
                .append(request.method())
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Host", host);
        fields.put("User-Agent", userAgent);
        if (request.body() != null) {
            fields.put("Content-Length", String.valueOf(request.body().length));
        }
        fields.put("Connection", "close");
        fields.putAll(request.headers());
        fields.forEach((name, value) -> {
            if (!oneLine(name) || name.indexOf(':') >= 0 || !oneLine(value)) {
                throw new IllegalArgumentException("A header may hold no line break: " + name);
            }
            head.append(name).append(": ").append(value).append("\r\n");
        });
        return head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean oneLine(String text) {
        return text.indexOf('\r') < 0 && text.indexOf('\n') < 0;
    }

    private static int statusOf(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || parts[1].length() != 3) {
            throw new IOException("Not an HTTP response");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("Not an HTTP response");
        }
    }

    /** The answer as it comes off the socket, every read within the deadline. */
    private static final class Answer {

        private final Socket socket;
        private final InputStream in;
        private final long deadline;
        private final byte[] buffer = new byte[4096];
        private int position;
        private int limit;
        private int headRead;

        Answer(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        /** The next byte, or -1 at the end of the answer. */
        private int next() throws IOException {
            if (position == limit) {
                long remaining = (deadline - System.nanoTime()) / 1_000_000;
                if (remaining <= 0) {
                    throw new SocketTimeoutException("response");
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
                int n = in.read(buffer);
                if (n < 0) {
                    return -1;
                }
                position = 0;
                limit = n;
            }
            return buffer[position++] & 0xff;
        }

        /** One line without its CR LF; the head's lines count against {@code max} together. */
        String line(int max, String what) throws IOException {
            StringBuilder line = new StringBuilder();
            while (headRead < max) {
                int b = next();
                if (b < 0) {
                    throw new IOException("No HTTP response");
                }
                headRead++;
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) b);
            }
            throw new IOException(what + " too long");
        }

        /** The header fields up to the blank line, by lower-case name (a repeated one: the last). */
        Map<String, String> headers(int max) throws IOException {
            Map<String, String> headers = new HashMap<>();
            for (String line = line(max, "Response head"); !line.isEmpty(); line = line(max, "Response head")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(
                            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
            return headers;
        }

        /** The body, framed as RFC 9112 section 6.3 says: chunked, by its length, or up to the end. */
        byte[] body(Map<String, String> headers, int max) throws IOException {
            String coding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
            if (coding.endsWith("chunked")) {
                return chunked(max);
            }
            String length = headers.get("content-length");
            if (length != null) {
                long size;
                try {
                    size = Long.parseLong(length);
                } catch (NumberFormatException e) {
                    throw new IOException("Bad Content-Length");
                }
                if (size < 0) {
                    throw new IOException("Bad Content-Length");
                }
                if (size > max) {
                    throw new TooLarge();
                }
                return exactly((int) size);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int b = next(); b >= 0; b = next()) {
                if (body.size() == max) {
                    throw new TooLarge();
                }
                body.write(b);
            }
            return body.toByteArray();
        }

        private byte[] chunked(int max) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                headRead = 0;
                String line = line(MAX_CHUNK_LINE, "Chunk size line");
                int extension = line.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("Bad chunk size");
                }
                if (size < 0) {
                    throw new IOException("Bad chunk size");
                }
                if (size == 0) {
                    break;
                }
                if (body.size() + size > max) {
                    throw new TooLarge();
                }
                body.writeBytes(exactly((int) size));
                headRead = 0;
                if (!line(2, "Chunk end").isEmpty()) {
                    throw new IOException("Bad chunk end");
                }
            }
            headRead = 0;
            while (!line(MAX_CHUNK_LINE, "Trailer").isEmpty()) {
                // trailer fields are not needed; together they count against one line's bound
            }
            return body.toByteArray();
        }

        private byte[] exactly(int size) throws IOException {
            byte[] bytes = new byte[size];
            for (int i = 0; i < size; i++) {
                int b = next();
                if (b < 0) {
                    throw new IOException("Response body cut short");
                }
                bytes[i] = (byte) b;
            }
            return bytes;
        }
    }
}
