package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import dev.signet.document.PdfIntake;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code POST /v2/sandbox/envelopes/{id}/recipients/{recipientId}/sign}: an integrator signs without a browser. */
class SandboxSigningTest extends SignetIntegrationTest {

    @Autowired
    PdfIntake intake;

    private static String sign(UUID envelope, String recipient) {
        return "/v2/sandbox/envelopes/" + envelope + "/recipients/" + recipient + "/sign";
    }

    @Test
    void aSandboxKeySignsAsEachSignerWithSampleValuesAndTheEnvelopeCompletes() {
        Tenant tenant = newTenant();
        Options options = new Options("Sandbox signed")
                .signer("Ann Adams", "ann-sbx@example.com", 1)
                .signer("Ben Bell", "ben-sbx@example.com", 1);
        ((com.fasterxml.jackson.databind.node.ArrayNode) options.json().at("/recipients/0/tags"))
                .addObject()
                .put("type", "text_field")
                .put("name", "city")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.6)
                .put("optional", false);
        ((com.fasterxml.jackson.databind.node.ArrayNode) options.json().at("/recipients/0/tags"))
                .addObject()
                .put("type", "checkbox_field")
                .put("name", "agree")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.7)
                .put("optional", false);
        ((com.fasterxml.jackson.databind.node.ArrayNode) options.json().at("/recipients/1/tags"))
                .addObject()
                .put("type", "attachment")
                .put("name", "payslip")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.5)
                .put("y", 0.6)
                .put("optional", false);
        UUID envelope = create(tenant.sandboxKey(), options.toString());
        runJobs(envelope);
        JsonNode recipients =
                api.get("/v2/envelopes/" + envelope, tenant.sandboxKey()).json().at("/details/recipients");
        String ann = recipients.get(0).get("id").asText();
        String ben = recipients.get(1).get("id").asText();

        Api.Response live = api.post(sign(envelope, ann), tenant.liveKey());
        Api.Response stranger = api.post(sign(envelope, ann), newTenant().sandboxKey());
        Api.Response first = api.post(sign(envelope, ann), tenant.sandboxKey());
        Api.Response again = api.post(sign(envelope, ann), tenant.sandboxKey());
        runJobs(envelope);
        Api.Response second = api.post(sign(envelope, ben), tenant.sandboxKey());
        runJobs(envelope);

        assertThat(live.status()).isEqualTo(403);
        assertThat(live.json().get("code").asText()).isEqualTo("SANDBOX_ONLY");
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(first.status()).as(first.toString()).isEqualTo(204);
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(second.status()).as(second.toString()).isEqualTo(204);
        assertThat(status(envelope)).isEqualTo("COMPLETE");
        JsonNode tags =
                api.get("/v2/envelopes/" + envelope, tenant.sandboxKey()).json().at("/details/recipients/0/tags");
        assertThat(tags.findValuesAsText("value")).contains("Sandbox sample", "true");
        Map<String, byte[]> pack = completionPack(tenant.sandboxKey(), envelope);
        List<byte[]> attachments = pack.entrySet().stream()
                .filter(e -> e.getKey().startsWith("attachments/"))
                .map(Map.Entry::getValue)
                .toList();
        assertThat(attachments).as(pack.keySet().toString()).hasSize(1);
        // The sample attachment is what PDF intake made of a blank page: a well-formed file with its cross-reference
        // table, which the hand-written bytes never had.
        String sample = new String(attachments.get(0), StandardCharsets.ISO_8859_1);
        assertThat(sample).startsWith("%PDF-").contains("startxref");
        assertThat(intake.judge(attachments.get(0))).isInstanceOf(PdfIntake.Accepted.class);
    }
}
