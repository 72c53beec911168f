package dev.signet.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Requests shaped as clients written from Yoti's public docs send them (issue 14, point 5). Each is
 * written byte for byte on a socket: Java's HTTP client would encode the brackets or add a
 * Content-Type, and the point is what Signet does with exactly these headers.
 */
class RequestShapesTest extends SignetIntegrationTest {

    /** Status code, headers and body of one raw HTTP/1.1 exchange (the server closes after it). */
    record Raw(int status, String head, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private Raw raw(String requestHead, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(requestHead.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; all.size() < 1_000_000 && (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
            }
            String response = all.toString(StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String head = response.substring(0, split);
            String rest = response.substring(split + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                rest = unchunk(rest);
            }
            return new Raw(Integer.parseInt(head.substring(9, 12)), head, rest);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        for (int guard = 0; guard < 10_000; guard++) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return body.toString();
    }

    private Raw get(String target, String key, String extraHeaders) throws IOException {
        return raw(
                "GET " + target + " HTTP/1.1\nHost: localhost\nAuthorization: Bearer " + key + "\n" + extraHeaders
                        + "Connection: close\n\n",
                new byte[0]);
    }

    @Test
    void aGetCarryingAMultipartContentTypeAndNoBodyIsAnsweredAsAGet() throws IOException {
        Tenant tenant = newTenant();
        UUID envelope = create(
                tenant.sandboxKey(),
                new Options("Shapes").signer("Ann", "ann@example.com", 1).toString());

        Raw got = get("/v2/envelopes/" + envelope, tenant.sandboxKey(), "Content-Type: multipart/form-data\n");
        Raw searched =
                get("/v2/organisations/envelopes/search", tenant.sandboxKey(), "Content-Type: multipart/form-data\n");

        assertThat(got.status()).as(got.toString()).isEqualTo(200);
        assertThat(got.json().get("envelope_id").asText()).isEqualTo(envelope.toString());
        assertThat(searched.status()).as(searched.toString()).isEqualTo(200);
        assertThat(searched.json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void aSearchWithLiteralBracketsIsAnsweredBySignetInJson() throws IOException {
        Tenant tenant = newTenant();
        UUID envelope = create(
                tenant.sandboxKey(),
                new Options("Brackets").signer("Ann", "ann@example.com", 1).toString());

        Raw valid = get("/v2/organisations/envelopes/search?status[]=QUEUED&status[]=ACTIVE", tenant.sandboxKey(), "");
        Raw invalid = get("/v2/organisations/envelopes/search?status[]=WAITING", tenant.sandboxKey(), "");

        assertThat(valid.status()).as(valid.toString()).isEqualTo(200);
        assertThat(valid.json().at("/envelopes/0/envelope_id").asText()).isEqualTo(envelope.toString());
        assertThat(invalid.status()).as(invalid.toString()).isEqualTo(422);
        assertThat(invalid.head().toLowerCase()).contains("content-type: application/json");
        assertThat(invalid.json().get("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(invalid.json().at("/errors/0/field").asText()).isEqualTo("status");
    }

    @Test
    void findWithoutAContentTypeReadsTheBodyAsJson() throws IOException {
        Tenant tenant = newTenant();
        UUID envelope = create(
                tenant.sandboxKey(),
                new Options("Found").signer("Ann", "ann@example.com", 1).toString());
        byte[] body = ("{\"envelope_ids\":[\"" + envelope + "\"]}").getBytes(StandardCharsets.UTF_8);

        Raw found = raw(
                "POST /v2/organisations/envelopes/find HTTP/1.1\nHost: localhost\nAuthorization: Bearer "
                        + tenant.sandboxKey() + "\nContent-Length: " + body.length + "\nConnection: close\n\n",
                body);
        byte[] broken = "{\"envelope_ids\":".getBytes(StandardCharsets.UTF_8);
        Raw malformed = raw(
                "POST /v2/organisations/envelopes/find HTTP/1.1\nHost: localhost\nAuthorization: Bearer "
                        + tenant.sandboxKey() + "\nContent-Length: " + broken.length + "\nConnection: close\n\n",
                broken);

        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        assertThat(found.json().at("/envelopes/0/envelope_id").asText()).isEqualTo(envelope.toString());
        assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
        assertThat(malformed.json().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
    }

    @Test
    void aTagOnAFileThatWasNotUploadedIsAcceptedAndTheEnvelopeGoesErrored() {
        Tenant tenant = newTenant();
        Options options = new Options("Missing file").signer("Ann", "ann@example.com", 1);
        ((ObjectNode) options.json().at("/recipients/0/tags/0"))
                .put("file_name", "annex.pdf")
                .put("name", "sig");

        Api.Response created = api.createEnvelope(tenant.sandboxKey(), options.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        UUID envelope = UUID.fromString(created.json().get("envelope_id").asText());
        JsonNode queued =
                api.get("/v2/envelopes/" + envelope, tenant.sandboxKey()).json();
        runJobs(envelope);

        assertThat(queued.path("details").isMissingNode()
                        || queued.path("details").isNull())
                .as("a queued envelope shows no errors yet: " + queued)
                .isTrue();
        assertThat(status(envelope)).isEqualTo("ERRORED");
        JsonNode errors =
                api.get("/v2/envelopes/" + envelope, tenant.sandboxKey()).json().at("/details/errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("file_name").asText()).isEqualTo("annex.pdf");
        assertThat(errors.get(0).get("code").asText()).isEqualTo("NO_FILE_FOR_TAG_ERROR");
        assertThat(outbox(envelope, "INVITATION")).isEmpty();
    }

    @Test
    void aTagOutsideAnyGroupShowsAnEmptyTagGroupName() {
        Tenant tenant = newTenant();
        UUID envelope = create(
                tenant.sandboxKey(),
                new Options("Groups").signer("Ann", "ann@example.com", 1).toString());
        runJobs(envelope);

        JsonNode tag =
                api.get("/v2/envelopes/" + envelope, tenant.sandboxKey()).json().at("/details/recipients/0/tags/0");

        assertThat(tag.has("tag_group_name")).as(tag.toString()).isTrue();
        assertThat(tag.get("tag_group_name").asText()).isEmpty();
    }

    @Test
    void mobileNumbersAreStoredAndTextedInE164() {
        Tenant tenant = newTenant();
        Options options = new Options("Texted").signer("Ann", "ann@example.com", 1);
        ((ObjectNode) options.json().at("/recipients/0"))
                .put("iso_country_code", "GB")
                .put("mobile_number", "07400 123456")
                .putArray("event_notifications")
                .add("signer_invitation")
                .add("signer_invitation_sms");
        Options bad = new Options("Not a mobile").signer("Bo", "bo@example.com", 1);
        ((ObjectNode) bad.json().at("/recipients/0"))
                .put("iso_country_code", "GB")
                .put("mobile_number", "02079460000");

        UUID envelope = create(tenant.sandboxKey(), options.toString());
        runJobs(envelope);
        Api.Response refused = api.createEnvelope(tenant.sandboxKey(), bad.toString());

        assertThat(jdbc.sql("select mobile_number from recipient where envelope_id = ?")
                        .param(envelope)
                        .query(String.class)
                        .single())
                .isEqualTo("+447400123456");
        assertThat(outbox(envelope).stream()
                        .filter(m -> m.channel().equals("SMS"))
                        .map(Message::address))
                .containsExactly("+447400123456");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("recipients[0].mobile_number");
    }
}
