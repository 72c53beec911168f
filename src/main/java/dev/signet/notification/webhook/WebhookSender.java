package dev.signet.notification.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 POST to a checked address. Written on a plain socket rather than an HTTP client
 * library so that the connection provably goes to the address {@link DestinationPolicy} checked
 * (a library would resolve the name again), while TLS still verifies the certificate against the
 * name. Redirects are not followed. Only the status line is needed: at most
 * {@code maxResponseBytes} of the answer are read, within {@code responseTimeout} in all, however
 * slowly the receiver dribbles.
 */
final class WebhookSender {

    /** How one try went: a status code (0 when none came back), how long it took, what went wrong. */
    record Result(int statusCode, long latencyMillis, String error) {
        boolean delivered() {
            return statusCode >= 200 && statusCode < 300;
        }
    }

    private final DestinationPolicy policy;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final int maxResponseBytes;

    WebhookSender(DestinationPolicy policy, Duration connectTimeout, Duration responseTimeout, int maxResponseBytes) {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    Result post(String url, Map<String, String> headers, byte[] body) {
        long start = System.nanoTime();
        DestinationPolicy.Target target;
        try {
            target = policy.check(url);
        } catch (DestinationPolicy.Refused e) {
            return new Result(0, millisSince(start), e.getMessage());
        }
        try (Socket socket = connect(target)) {
            long deadline = System.nanoTime() + responseTimeout.toNanos();
            OutputStream out = socket.getOutputStream();
            out.write(requestHead(target, headers, body.length));
            out.write(body);
            out.flush();
            int status = readStatus(socket, socket.getInputStream(), deadline);
            return new Result(status, millisSince(start), status >= 200 && status < 300 ? null : "HTTP " + status);
        } catch (SocketTimeoutException e) {
            return new Result(0, millisSince(start), "Timed out");
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null
                    ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Result(0, millisSince(start), reason.length() > 400 ? reason.substring(0, 400) : reason);
        }
    }

    private Socket connect(DestinationPolicy.Target target) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(target.address(), target.port()), (int) connectTimeout.toMillis());
            if (!target.tls()) {
                return socket;
            }
            SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                    .createSocket(socket, target.host(), target.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            // The certificate must name the host we were given, though we connected to an address.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!target.host().contains(":")
                    && !Character.isDigit(target.host().charAt(target.host().length() - 1))) {
                parameters.setServerNames(List.of(new SNIHostName(target.host())));
            }
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            tls.setSSLParameters(parameters);
            tls.setSoTimeout((int) Math.max(1, responseTimeout.toMillis()));
            tls.startHandshake();
            return tls;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static byte[] requestHead(DestinationPolicy.Target target, Map<String, String> headers, int length) {
        String path =
                target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty()
                        ? "/"
                        : target.uri().getRawPath();
        if (target.uri().getRawQuery() != null) {
            path += "?" + target.uri().getRawQuery();
        }
        boolean defaultPort = target.port() == (target.tls() ? 443 : 80);
        String hostHeader = (target.host().contains(":") ? "[" + target.host() + "]" : target.host())
                + (defaultPort ? "" : ":" + target.port());
        StringBuilder head = new StringBuilder()
                .append("POST ")
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(hostHeader)
                .append("\r\n")
                .append("User-Agent: Signet-Webhooks/1\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ")
                .append(length)
                .append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads until the status line is complete, within the byte and time budget. */
    private int readStatus(Socket socket, InputStream in, long deadline) throws IOException {
        byte[] buffer = new byte[Math.min(4096, maxResponseBytes)];
        StringBuilder line = new StringBuilder();
        int total = 0;
        while (total < maxResponseBytes) {
            long remaining = (deadline - System.nanoTime()) / 1_000_000;
            if (remaining <= 0) {
                throw new SocketTimeoutException("response");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
            int n = in.read(buffer, 0, Math.min(buffer.length, maxResponseBytes - total));
            if (n < 0) {
                break;
            }
            total += n;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    return statusOf(line.toString().trim());
                }
                line.append((char) (buffer[i] & 0xff));
            }
        }
        throw new IOException(total >= maxResponseBytes ? "Response status line too long" : "No HTTP response");
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

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
