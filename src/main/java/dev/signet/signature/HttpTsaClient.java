package dev.signet.signature;

import com.itextpdf.signatures.TSAClientBouncyCastle;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * An external TSA over HTTP (RFC 3161 §3.4). iText's client builds the request and checks the
 * reply (status, imprint, nonce); this one carries it with timeouts, which iText's has none of: a
 * TSA that stops answering must fail the signing job, so it retries, rather than hang it.
 */
final class HttpTsaClient extends TSAClientBouncyCastle {

    private static final Set<String> REPLY_TYPES =
            Set.of("application/timestamp-reply", "application/timestamp-response");

    private final URI url;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    HttpTsaClient(Timestamps.External tsa) {
        super(tsa.url().toString(), tsa.username(), tsa.password(), tsa.tokenSizeEstimate(), "SHA-256");
        this.url = tsa.url();
        this.timeout = tsa.timeout();
        this.authorization = tsa.username() == null || tsa.username().isBlank()
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (tsa.username() + ":" + tsa.password()).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        if (tsa.policyOid() != null && !tsa.policyOid().isBlank()) {
            setTSAReqPolicy(tsa.policyOid());
        }
    }

    @Override
    protected byte[] getTSAResponse(byte[] request) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/timestamp-query")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for the TSA", e);
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != 200 || !REPLY_TYPES.contains(type.split(";")[0].trim())) {
            throw new IOException("The TSA at " + url + " answered HTTP " + response.statusCode() + " " + type);
        }
        return response.body();
    }
}
