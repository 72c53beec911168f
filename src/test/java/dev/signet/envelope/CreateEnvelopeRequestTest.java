package dev.signet.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.Api.Part;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that fail before or beside the options rules: unreadable bodies, missing parts, wrong
 * types, files of the wrong kind, number or size, unknown addresses. Each answers with the one
 * error body and leaves no trace in the database.
 */
class CreateEnvelopeRequestTest extends SignetIntegrationTest {

    private static final int MB = 1024 * 1024;

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                row(
                        "options that are not JSON",
                        400,
                        "MALFORMED_REQUEST",
                        null,
                        (api, key) -> create(api, key, "{\"name\": \"Lease\", recipients: [", contract())),
                row(
                        "no options part",
                        400,
                        "MALFORMED_REQUEST",
                        null,
                        (api, key) -> api.multipart(
                                "/v2/envelopes", key, Map.of(), List.of(Part.file("contract.pdf", Pdfs.pages(1))))),
                row(
                        "options that are a JSON array",
                        422,
                        "VALIDATION_FAILED",
                        "options",
                        (api, key) -> create(api, key, "[]", contract())),
                row(
                        "envelope name that is a number",
                        422,
                        "VALIDATION_FAILED",
                        "name",
                        (api, key) -> create(api, key, valid().put("name", 5).toString(), contract())),
                row("recipients that are an object", 422, "VALIDATION_FAILED", "recipients", (api, key) -> {
                    ObjectNode options = valid();
                    options.putObject("recipients");
                    return create(api, key, options.toString(), contract());
                }),
                row("a recipient that is a string", 422, "VALIDATION_FAILED", "recipients[1]", (api, key) -> {
                    ObjectNode options = valid();
                    options.withArray("recipients").add("bob@example.com");
                    return create(api, key, options.toString(), contract());
                }),
                row(
                        "has_envelope_otps as a string",
                        422,
                        "VALIDATION_FAILED",
                        "has_envelope_otps",
                        (api, key) -> create(
                                api,
                                key,
                                valid().put("has_envelope_otps", "yes").toString(),
                                contract())),
                row(
                        "a JSON body instead of multipart",
                        415,
                        "UNSUPPORTED_MEDIA_TYPE",
                        null,
                        (api, key) -> api.postJson("/v2/envelopes", key, valid().toString())),
                row(
                        "no file",
                        422,
                        "VALIDATION_FAILED",
                        "file",
                        (api, key) -> api.multipart(
                                "/v2/envelopes", key, Map.of(), List.of(Part.options(valid().toString())))),
                row("21 files", 422, "VALIDATION_FAILED", "file", (api, key) -> {
                    List<Part> parts = new ArrayList<>();
                    parts.add(Part.file("contract.pdf", Pdfs.pages(1)));
                    for (int i = 1; i <= 20; i++) {
                        parts.add(Part.file("annex-" + i + ".pdf", Pdfs.pages(1)));
                    }
                    parts.add(Part.options(valid().toString()));
                    return api.multipart("/v2/envelopes", key, Map.of(), parts);
                }),
                row(
                        "files of more than 20 MB together",
                        413,
                        "PAYLOAD_TOO_LARGE",
                        null,
                        (api, key) -> api.multipart(
                                "/v2/envelopes",
                                key,
                                Map.of(),
                                List.of(
                                        Part.file("contract.pdf", padded(Pdfs.pages(1), 11 * MB)),
                                        Part.file("annex.pdf", padded(Pdfs.pages(1), 10 * MB)),
                                        Part.options(valid().toString())))),
                row(
                        "an upload above the 25 MB ceiling",
                        413,
                        "PAYLOAD_TOO_LARGE",
                        null,
                        (api, key) -> create(api, key, valid().toString(), padded(Pdfs.pages(1), 26 * MB))),
                row(
                        "a text file named .pdf",
                        415,
                        "UNSUPPORTED_FILE_TYPE",
                        null,
                        (api, key) -> create(
                                api,
                                key,
                                valid().toString(),
                                "This is not a PDF at all".getBytes(StandardCharsets.UTF_8))),
                row(
                        "an empty file",
                        422,
                        "VALIDATION_FAILED",
                        "file[0]",
                        (api, key) -> create(api, key, valid().toString(), new byte[0])),
                row(
                        "a filename with a path in it",
                        422,
                        "VALIDATION_FAILED",
                        "file[0]",
                        (api, key) -> api.multipart(
                                "/v2/envelopes",
                                key,
                                Map.of(),
                                List.of(
                                        Part.file("../../contract.pdf", Pdfs.pages(1)),
                                        Part.options(valid().toString())))),
                row(
                        "two files with one name",
                        422,
                        "VALIDATION_FAILED",
                        "file[1]",
                        (api, key) -> api.multipart(
                                "/v2/envelopes",
                                key,
                                Map.of(),
                                List.of(
                                        Part.file("contract.pdf", Pdfs.pages(1)),
                                        Part.file("contract.pdf", Pdfs.pages(2)),
                                        Part.options(valid().toString())))),
                row(
                        "an unknown route",
                        404,
                        "NOT_FOUND",
                        null,
                        (api, key) -> api.get("/v2/envelopes-of-the-future", key)),
                row(
                        "an unknown route outside /v2",
                        404,
                        "NOT_FOUND",
                        null,
                        (api, key) -> api.get("/no/such/page", key)),
                row(
                        "an envelope id that is not a UUID",
                        400,
                        "MALFORMED_REQUEST",
                        null,
                        (api, key) -> api.get("/v2/envelopes/not-a-uuid", key)),
                row(
                        "a recipient id that is not a UUID",
                        400,
                        "MALFORMED_REQUEST",
                        null,
                        (api, key) -> api.post(
                                "/v2/envelopes/" + java.util.UUID.randomUUID() + "/recipients/42/send-reminder", key)),
                row(
                        "a method the route does not have",
                        405,
                        "METHOD_NOT_ALLOWED",
                        null,
                        (api, key) -> api.send(api.builder("/v2/envelopes", key)
                                .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void aRefusedRequestAnswersTheErrorBodyAndWritesNothing(
            String description, int status, String code, String field, BiFunction<Api, String, Api.Response> request) {
        Tenant tenant = newTenant();
        RowCounts before = RowCounts.of(jdbc, tenant.organisationId());

        Api.Response response = request.apply(api, tenant.sandboxKey());

        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json().path("code").asText()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
        assertThat(response.text()).doesNotContain("Exception", "\tat ", "trace", "dev.signet");
        if (field != null) {
            assertThat(response.json().path("errors"))
                    .extracting(e -> e.path("field").asText())
                    .containsExactly(field);
        }
        assertThat(RowCounts.of(jdbc, tenant.organisationId())).isEqualTo(before);
    }

    private static Arguments row(
            String description, int status, String code, String field, BiFunction<Api, String, Api.Response> request) {
        return Arguments.of(description, status, code, field, request);
    }

    private static ObjectNode valid() {
        return (ObjectNode) JSON.valueToTree(
                new Options("Lease").signer("Alice", "alice@example.com", 1).json());
    }

    private static byte[] contract() {
        return Pdfs.pages(1);
    }

    private static Api.Response create(Api api, String key, String options, byte[] contract) {
        return api.multipart(
                "/v2/envelopes", key, Map.of(), List.of(Part.file("contract.pdf", contract), Part.options(options)));
    }

    /** The bytes, then zeros up to the size: a file's type is judged by its head, its size by its length. */
    private static byte[] padded(byte[] head, int size) {
        return Arrays.copyOf(head, Math.max(size, head.length));
    }
}
