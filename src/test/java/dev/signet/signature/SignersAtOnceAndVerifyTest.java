package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Ten signers of one group who submit at the same moment, and whose signature jobs then run at the
 * same moment, each get a valid signature on the one document; and what Signet hands out, once
 * tampered with, is caught by {@code POST /v2/verify}.
 */
class SignersAtOnceAndVerifyTest extends SignetIntegrationTest {

    private static final int SIGNERS = 10;

    @Autowired
    Pki pki;

    @TempDir
    Path dir;

    @Test
    void tenSignersOfOneGroupSubmittingAtOnceGiveTenValidSignatures() throws Exception {
        ObjectNode options = JSON.createObjectNode().put("name", "Board resolution");
        ArrayNode recipients = options.putArray("recipients");
        for (int i = 0; i < SIGNERS; i++) {
            // Two columns of five signature boxes on page 1.
            recipients
                    .addObject()
                    .put("name", "Director " + (i + 1))
                    .put("email", "director" + (i + 1) + ".atonce@example.com")
                    .put("sign_group", 1)
                    .putArray("tags")
                    .addObject()
                    .put("type", "signature")
                    .put("file_name", "contract.pdf")
                    .put("page_number", 1)
                    .put("x", i % 2 == 0 ? 0.05 : 0.55)
                    .put("y", 0.1 + 0.15 * (i / 2));
        }
        Tenant tenant = newTenant();
        UUID id = create(tenant.liveKey(), options.toString());
        runJobs(id);
        List<String> tokens = new ArrayList<>();
        for (int i = 1; i <= SIGNERS; i++) {
            tokens.add(invitationTo(id, "director" + i + ".atonce@example.com").token());
        }

        List<Callable<Integer>> submits = new ArrayList<>();
        tokens.forEach(token -> submits.add(() -> sign(token).status()));
        assertThat(atOnce(submits)).containsOnly(204);
        List<Callable<Object>> signatures = new ArrayList<>();
        for (Job job : dueJobs(id)) {
            signatures.add(() -> {
                management.executeJob(job.getId());
                return "done";
            });
        }
        assertThat(signatures).hasSize(SIGNERS);
        assertThat(atOnce(signatures)).containsOnly("done");
        runJobs(id);
        assertThat(status(id)).isEqualTo("COMPLETE");

        Path sealed = Files.write(dir.resolve("resolution.pdf"), completed(tenant, id));
        SimpleReport report = Dss.validate(sealed, pki.root(Mode.LIVE)).getSimpleReport();
        assertThat(report.getSignatureIdList()).hasSize(SIGNERS + 1);
        for (String signature : report.getSignatureIdList()) {
            assertThat(report.getIndication(signature))
                    .as(report.getSignedBy(signature))
                    .isEqualTo(Indication.TOTAL_PASSED);
            assertThat(report.getSignatureFormat(signature)).isEqualTo(SignatureLevel.PAdES_BASELINE_LTA);
        }
        assertThat(report.getSignatureIdList())
                .extracting(report::getSignedBy)
                .filteredOn(s -> s.contains("Director"))
                .hasSize(SIGNERS)
                .doesNotHaveDuplicates();
    }

    @Test
    void verifyCatchesAChangedByteAnAppendedPageChangeAndSwappedSignatureContents() throws Exception {
        Tenant tenant = newTenant();
        UUID id = create(
                tenant.liveKey(),
                new Options("Loan agreement")
                        .signer("Ada Lender", "ada.verify@example.com", 1)
                        .signer("Ben Borrower", "ben.verify@example.com", 2)
                        .toString());
        runJobs(id);
        assertThat(sign(invitationTo(id, "ada.verify@example.com").token()).status())
                .isEqualTo(204);
        runJobs(id);
        assertThat(sign(invitationTo(id, "ben.verify@example.com").token()).status())
                .isEqualTo(204);
        runJobs(id);
        byte[] sealed = completed(tenant, id);

        JsonNode untouched = verify(tenant, sealed);
        assertThat(untouched.get("valid").asBoolean()).as(untouched.toString()).isTrue();
        // Signet's certification, Ada, Ben, and the seal's document timestamp.
        assertThat(untouched.get("signatures")).hasSize(4).allSatisfy(s -> {
            assertThat(s.get("intact").asBoolean()).isTrue();
            assertThat(s.get("later_changes_permitted").asBoolean()).isTrue();
            assertThat(s.get("trusted_by").asText()).isEqualTo("LIVE");
        });
        assertThat(untouched.get("signatures").get(1).get("signer_name").asText())
                .isEqualTo("Ada Lender");
        assertThat(untouched
                        .get("signatures")
                        .get(3)
                        .get("covers_whole_document")
                        .asBoolean())
                .isTrue();

        JsonNode changedByte = verify(tenant, Tamper.changeOneByte(sealed));
        assertThat(changedByte.get("valid").asBoolean()).isFalse();
        assertThat(changedByte.get("signatures"))
                .allSatisfy(s -> assertThat(s.get("intact").asBoolean()).isFalse());

        JsonNode pageChanged = verify(tenant, Tamper.appendPageChange(sealed));
        assertThat(pageChanged.get("valid").asBoolean()).isFalse();
        assertThat(pageChanged.get("problems").toString()).contains("appended");
        assertThat(pageChanged.get("signatures")).allSatisfy(s -> {
            assertThat(s.get("intact").asBoolean()).isTrue();
            assertThat(s.get("later_changes_permitted").asBoolean()).isFalse();
        });

        List<String> fields = new ArrayList<>();
        untouched.get("signatures").forEach(s -> fields.add(s.get("field_name").asText()));
        JsonNode swapped = verify(tenant, Tamper.swapContents(sealed, fields.get(1), fields.get(2)));
        assertThat(swapped.get("valid").asBoolean()).isFalse();
        JsonNode ada = swapped.get("signatures").get(1);
        assertThat(ada.get("intact").asBoolean()).as(ada.toString()).isFalse();
    }

    private JsonNode verify(Tenant tenant, byte[] pdf) {
        Api.Response response = api.send(api.builder("/v2/verify", tenant.liveKey())
                .header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(pdf)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** The one document of the envelope as the completion pack hands it out. */
    private byte[] completed(Tenant tenant, UUID id) {
        byte[] contract = completionPack(tenant.liveKey(), id).get("contract.pdf");
        assertThat(contract).as("contract.pdf in the completion pack").isNotNull();
        return contract;
    }
}
