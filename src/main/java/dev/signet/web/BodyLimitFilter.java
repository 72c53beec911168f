package dev.signet.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body before anything parses it. A declared length over the route's limit is
 * refused at once, unread; a body without one (chunked) is cut off while it streams, the moment it
 * passes the limit. Multipart and form bodies are parsed by Tomcat from its own stream; for them
 * {@code spring.servlet.multipart.*} and {@code server.tomcat.max-http-form-post-size} hold the same
 * ceilings while streaming, and the declared length is refused here as for any other body.
 */
final class BodyLimitFilter extends OncePerRequestFilter {

    /** Every JSON body Signet takes fits in far less; routes that carry files declare their own. */
    static final long DEFAULT_BYTES = RequestBodyLimit.MB;

    private final List<RequestBodyLimit> limits;

    BodyLimitFilter(List<RequestBodyLimit> limits) {
        this.limits = List.copyOf(limits);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request);
        if (request.getContentLengthLong() > limit) {
            refuse(response, limit);
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private long limitFor(HttpServletRequest request) {
        for (RequestBodyLimit l : limits) {
            if (l.route().matches(request)) {
                return l.bytes().applyAsLong(request);
            }
        }
        return DEFAULT_BYTES;
    }

    static void refuse(HttpServletResponse response, long limit) throws IOException {
        // Nothing of the body will be read: the connection cannot be reused for another request.
        response.setHeader("Connection", "close");
        ErrorResponses.send(
                response,
                HttpStatus.PAYLOAD_TOO_LARGE,
                "PAYLOAD_TOO_LARGE",
                "The request body may not exceed " + describe(limit));
    }

    static String describe(long bytes) {
        return bytes % RequestBodyLimit.MB == 0 ? bytes / RequestBodyLimit.MB + " MB" : bytes + " bytes";
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private LimitedStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        LimitedStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                throw new RequestBodyTooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
