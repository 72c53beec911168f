package dev.signet.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each PDF is parsed once per request (issue 12): the readers {@link SafePdf} opens while the API
 * answers are counted. Jobs do not run by themselves in these tests, so every reader counted
 * between the request and its answer belongs to that request.
 */
class OnePassPerRequestTest extends SignetIntegrationTest {

    @Test
    void aCreateRequestOpensEachPdfOnce() {
        Tenant tenant = newTenant();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("contract.pdf", Pdfs.pages(2));
        files.put("annex.pdf", Pdfs.pages(3));
        ObjectNode options = new Options("Two files")
                .signer("Ann", "ann.once@example.com", 1)
                .json();
        ((ObjectNode) options.withArray("recipients").get(0))
                .withArray("tags")
                .addObject()
                .put("type", "signature")
                .put("file_name", "annex.pdf")
                .put("page_number", 3)
                .put("x", 0.5)
                .put("y", 0.5);

        long before = SafePdf.opened();
        Api.Response created = api.createEnvelope(tenant.sandboxKey(), options.toString(), files);
        long opened = SafePdf.opened() - before;

        assertThat(created.status()).as("%s", created).isEqualTo(202);
        assertThat(opened)
                .as("readers opened by one create request with two PDFs")
                .isEqualTo(2);
    }

    @Test
    void aCreateRequestWithATagAtItsPagesEdgeOpensEachPdfOnce() {
        // Such a tag was refused (422) after the PDF was read; it is now fitted inside the page.
        Tenant tenant = newTenant();
        ObjectNode options = new Options("Off the page")
                .signer("Ann", "ann.off@example.com", 1)
                .json();
        ((ObjectNode) options.withArray("recipients").get(0).get("tags").get(0)).put("x", 0.9);

        long before = SafePdf.opened();
        Api.Response accepted = api.createEnvelope(tenant.sandboxKey(), options.toString());
        long opened = SafePdf.opened() - before;

        assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
        assertThat(opened).isEqualTo(1);
    }

    @Test
    void aSubmitWithAPdfAttachmentOpensItOnce() {
        Tenant tenant = newTenant();
        ObjectNode options = new Options("Attachment")
                .signer("Dana", "dana.once@example.com", 1)
                .json();
        ((ObjectNode) options.withArray("recipients").get(0))
                .withArray("tags")
                .addObject()
                .put("name", "id_scan")
                .put("type", "attachment")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.6);
        UUID envelope = create(tenant.sandboxKey(), options.toString());
        runJobs(envelope);
        String token = invitationTo(envelope, "dana.once@example.com").token();
        String scan = "data:application/pdf;name=scan.pdf;base64,"
                + Base64.getEncoder().encodeToString(Pdfs.pages(1));
        ObjectNode body = JSON.createObjectNode();
        for (var tag : api.get("/v2/signing/" + token, null).json().get("tags")) {
            body.withArray("tags")
                    .addObject()
                    .put("name", tag.get("name").asText())
                    .put("value", tag.get("type").asText().equals("attachment") ? scan : "Dana");
        }

        long before = SafePdf.opened();
        Api.Response submitted = api.postJson("/v2/signing/" + token + "/submit", null, body.toString());
        long opened = SafePdf.opened() - before;

        assertThat(submitted.status()).as("%s", submitted).isEqualTo(204);
        assertThat(opened)
                .as("readers opened by a submit with one PDF attachment")
                .isEqualTo(1);
    }
}
