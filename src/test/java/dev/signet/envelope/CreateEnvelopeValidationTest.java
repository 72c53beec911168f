package dev.signet.envelope;

import static dev.signet.envelope.CreateEnvelopeRequests.addCcs;
import static dev.signet.envelope.CreateEnvelopeRequests.addSigners;
import static dev.signet.envelope.CreateEnvelopeRequests.files;
import static dev.signet.envelope.CreateEnvelopeRequests.notifications;
import static dev.signet.envelope.CreateEnvelopeRequests.recipient;
import static dev.signet.envelope.CreateEnvelopeRequests.validOptions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /v2/envelopes} at the edge of its rules, on the whole service: what passes is
 * accepted and stored as sent. The refusals, one row per rule, run in the web slice
 * ({@link CreateEnvelopeValidationSliceTest}); the rows are in {@link CreateEnvelopeRequests}.
 */
class CreateEnvelopeValidationTest extends SignetIntegrationTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.signet.envelope.CreateEnvelopeRequests#validOptionsAtTheEdges")
    void aRequestAtTheEdgeOfTheRulesIsAccepted(String description, Consumer<ObjectNode> mutation, Set<String> unused) {
        Tenant tenant = newTenant();
        ObjectNode options = validOptions();
        mutation.accept(options);

        Api.Response response = api.createEnvelope(tenant.sandboxKey(), options.toString(), files());

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(RowCounts.of(jdbc, tenant.organisationId()).envelopes()).isEqualTo(1);
    }

    /** A live key's webhook to a public host over HTTPS passes validation and is accepted: webhooks are delivered. */
    @Test
    void aLiveKeysWebhookToAPublicHostIsAccepted() {
        Tenant tenant = newTenant();
        ObjectNode options = validOptions();
        notifications(options, "https://hooks.example.com/signet");

        Api.Response response = api.createEnvelope(tenant.liveKey(), options.toString(), files());

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
    }

    @Test
    void thirtySignersAndThirtyCcsAreAccepted() {
        Tenant tenant = newTenant();
        ObjectNode options = validOptions();
        addSigners(options, 28);
        addCcs(options, 29);

        Api.Response response = api.createEnvelope(tenant.sandboxKey(), options.toString(), files());

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(RowCounts.of(jdbc, tenant.organisationId()).recipients()).isEqualTo(60);
    }

    @Test
    void aSignGroupSentAsAStringIsStoredAsThatGroup() {
        Tenant tenant = newTenant();
        ObjectNode options = validOptions();
        recipient(options, 1).put("sign_group", "2");

        UUID id = UUID.fromString(api.createEnvelope(tenant.sandboxKey(), options.toString(), files())
                .json()
                .get("envelope_id")
                .asText());
        runJobs(id);

        JsonNode recipients = api.get("/v2/envelopes/" + id, tenant.sandboxKey())
                .json()
                .path("details")
                .path("recipients");
        assertThat(recipients.get(1).path("email").asText()).isEqualTo("bob@example.com");
        assertThat(recipients.get(1).path("sign_group_order").asInt()).isEqualTo(2);
        assertThat(outbox(id, "INVITATION")).extracting(Message::address).containsExactly("alice@example.com");
    }

    /**
     * The reference accepts x and y up to 0.949 for every tag type. Until fields were fitted, a
     * signature at x 0.70 on an A4 page was a 422 (180 pt from 416.5 pt ends past 595 pt); now every
     * type at the far edges is accepted and its widget, in the prepared PDF, lies inside the page.
     */
    @Test
    void tagsOfEveryTypeAtThePagesFarEdgesAreAcceptedAndPreparedInsideThePage() throws Exception {
        Tenant tenant = newTenant();
        ObjectNode options = validOptions();
        com.fasterxml.jackson.databind.node.ArrayNode tags =
                recipient(options, 0).putArray("tags");
        String[] types = {
            "signature",
            "initials",
            "text_field",
            "checkbox_field",
            "date_signed_field",
            "attachment",
            "radio_field",
            "radio_field"
        };
        for (int i = 0; i < types.length; i++) {
            ObjectNode tag = tags.addObject()
                    .put("type", types[i])
                    .put("name", "edge_" + i)
                    .put("file_name", "contract.pdf")
                    .put("page_number", 1 + i % 2)
                    .put("x", 0.949)
                    .put("y", 0.949);
            if (types[i].equals("text_field")) {
                tag.put("width", 0.05);
            }
            if (types[i].equals("radio_field")) {
                tag.put("tag_group_name", "edge").put("page_number", 1);
            }
        }
        tags.addObject()
                .put("type", "signature")
                .put("name", "at_070")
                .put("file_name", "contract.pdf")
                .put("page_number", 2)
                .put("x", 0.70)
                .put("y", 0.5);

        Api.Response response = api.createEnvelope(tenant.sandboxKey(), options.toString(), files());
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        UUID id = UUID.fromString(response.json().get("envelope_id").asText());
        runJobs(id);
        assertThat(status(id)).isEqualTo("ACTIVE");

        String token = invitationTo(id, "alice@example.com").token();
        JsonNode view = api.get("/v2/signing/" + token, null).json();
        String documentId = view.get("documents").get(0).get("id").asText();
        byte[] prepared = api.get("/v2/signing/" + token + "/documents/" + documentId, null)
                .bytes();
        int widgets = 0;
        try (com.itextpdf.kernel.pdf.PdfDocument pdf = new com.itextpdf.kernel.pdf.PdfDocument(
                new com.itextpdf.kernel.pdf.PdfReader(new java.io.ByteArrayInputStream(prepared)))) {
            for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
                com.itextpdf.kernel.geom.Rectangle crop = pdf.getPage(page).getCropBox();
                for (com.itextpdf.kernel.pdf.annot.PdfAnnotation a :
                        pdf.getPage(page).getAnnotations()) {
                    if (!(a instanceof com.itextpdf.kernel.pdf.annot.PdfWidgetAnnotation)) {
                        continue;
                    }
                    com.itextpdf.kernel.geom.Rectangle r = a.getRectangle().toRectangle();
                    if (r.getWidth() == 0) {
                        continue;
                    }
                    widgets++;
                    String where =
                            "widget " + r.getLeft() + "," + r.getBottom() + " " + r.getWidth() + "×" + r.getHeight()
                                    + " on page " + page + " (crop " + crop.getLeft() + "," + crop.getBottom() + " "
                                    + crop.getWidth()
                                    + "×" + crop.getHeight() + ")";
                    assertThat(r.getLeft()).as(where).isGreaterThanOrEqualTo(crop.getLeft() - 0.001f);
                    assertThat(r.getBottom()).as(where).isGreaterThanOrEqualTo(crop.getBottom() - 0.001f);
                    assertThat(r.getRight()).as(where).isLessThanOrEqualTo(crop.getRight() + 0.001f);
                    assertThat(r.getTop()).as(where).isLessThanOrEqualTo(crop.getTop() + 0.001f);
                }
            }
        }
        // Alice's eight edge tags and her signature at x 0.70, and Bob's signature: one widget each.
        assertThat(widgets).isEqualTo(types.length + 1 + 1);
    }
}
