package dev.signet.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Api;
import dev.signet.Pdfs;
import dev.signet.workflow.Processes.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/** Documents that cannot be prepared end the envelope as ERRORED, with a code the sender can act on. */
class PrepareErrorsProcessTest extends ProcessTest {

    /** Creates the envelope, runs preparation and returns the first error of GET /v2/envelopes/{id}. */
    private JsonNode firstErrorOf(Options options, byte[] contract) {
        Tenant tenant = newTenant();
        Api.Response created =
                api.createEnvelope(tenant.sandboxKey(), options.toString(), Map.of("contract.pdf", contract));
        assertThat(created.status()).as("%s", created).isEqualTo(202);
        UUID id = UUID.fromString(created.json().get("envelope_id").asText());
        ProcessInstance envelope = envelopeProcess(id);
        assertThat(envelope).isWaitingAt(Envelope.PREPARE_DOCUMENTS);

        runJobs(id);
        assertThat(envelope)
                .isEnded()
                .hasPassed(Envelope.PREPARE_DOCUMENTS, Envelope.END_ERRORED)
                .hasNotPassed(Envelope.ACTIVATE);
        assertThat(status(id)).isEqualTo("ERRORED");
        assertThat(outbox(id, "INVITATION")).isEmpty();
        assertThat(history.createHistoricProcessInstanceQuery()
                        .superProcessInstanceId(envelope.getId())
                        .count())
                .isZero();

        JsonNode body = api.get("/v2/envelopes/" + id, tenant.sandboxKey()).json();
        assertThat(body.get("status").asText()).isEqualTo("ERRORED");
        JsonNode first = body.at("/details/errors/0");
        assertThat(first.isMissingNode()).as("details.errors[0] in %s", body).isFalse();
        assertThat(first.get("file_name").asText()).isEqualTo("contract.pdf");
        return first;
    }

    private static Options aliceSigns() {
        return new Options("Lease").signer("Alice", "alice@example.com", 1);
    }

    @Test
    void aTagOnAPageTheDocumentDoesNotHaveErrorsTheEnvelope() {
        Options options = withFirstTag(aliceSigns(), 0, tag -> tag.put("page_number", 5));
        assertThat(firstErrorOf(options, Pdfs.pages(2)).get("code").asText()).isEqualTo("NO_PAGE_FOR_TAG_ERROR");
    }

    @Test
    void aCorruptPdfErrorsTheEnvelopeAsUnreadable() {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        byte[] header = "%PDF-1.7\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] corrupt = new byte[header.length + garbage.length];
        System.arraycopy(header, 0, corrupt, 0, header.length);
        System.arraycopy(garbage, 0, corrupt, header.length, garbage.length);
        assertThat(firstErrorOf(aliceSigns(), corrupt).get("code").asText()).isEqualTo("PDF_READER");
    }

    @Test
    void aSignatureBoxThatWouldCrossThePagesEdgeIsFittedAndPrepared() {
        // 0.9 of an A4 page's 595pt width leaves 60pt for the 180pt-wide signature box: it used to be
        // refused (422); the reference accepts x up to 0.949, so the box is moved inside the page.
        Options options = withFirstTag(aliceSigns(), 0, tag -> tag.put("x", 0.9));
        Api.Response response =
                api.createEnvelope(newTenant().sandboxKey(), options.toString(), Map.of("contract.pdf", Pdfs.pages(2)));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        UUID id = UUID.fromString(response.json().get("envelope_id").asText());
        runJobs(id);
        assertThat(status(id)).isEqualTo("ACTIVE");
    }
}
