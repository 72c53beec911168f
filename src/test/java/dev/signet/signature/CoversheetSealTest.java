package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** Every PDF of the completion pack is signed: the coversheet too, by Signet's seal, ready for long-term validation. */
class CoversheetSealTest extends SignetIntegrationTest {

    private static final String SIGNER = "cora.cover@example.com";

    @Autowired
    Pki pki;

    @TempDir
    Path dir;

    @Test
    void theCoversheetIsSealedAndEuDssPassesItAtBaselineLta() throws Exception {
        Tenant tenant = newTenant();
        ObjectNode options = JSON.createObjectNode().put("name", "Cover");
        options.putArray("recipients")
                .addObject()
                .put("name", "Cora Cover")
                .put("email", SIGNER)
                .put("role", "Signer 1")
                .putArray("tags")
                .addObject()
                .put("type", "signature")
                .put("name", "sig")
                .put("file_name", "cover.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.5);
        Api.Response created =
                api.createEnvelope(tenant.liveKey(), options.toString(), Map.of("cover.pdf", Pdfs.pages(1)));
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        UUID envelopeId = UUID.fromString(created.json().get("envelope_id").asText());
        runJobs(envelopeId);
        assertThat(sign(invitationTo(envelopeId, SIGNER).token()).status()).isEqualTo(204);
        runJobs(envelopeId);
        assertThat(status(envelopeId)).isEqualTo("COMPLETE");

        Path coversheet = Files.write(
                dir.resolve("coversheet.pdf"),
                completionPack(tenant.liveKey(), envelopeId).get("coversheet.pdf"));

        SimpleReport report = Dss.validate(coversheet, pki.root(Mode.LIVE)).getSimpleReport();
        assertThat(report.getSignatureIdList()).hasSize(1);
        String id = report.getSignatureIdList().get(0);
        assertThat(report.getSignedBy(id)).contains("Seal");
        assertThat(report.getIndication(id))
                .as(report.getSubIndication(id) + " "
                        + report.getAdESValidationErrors(id).stream()
                                .map(eu.europa.esig.dss.jaxb.object.Message::getValue)
                                .toList())
                .isEqualTo(Indication.TOTAL_PASSED);
        assertThat(report.getSignatureFormat(id)).isEqualTo(SignatureLevel.PAdES_BASELINE_LTA);
        String pdfsig = Poppler.pdfsig(dir, coversheet, pki.root(Mode.LIVE));
        assertThat(pdfsig).contains("Signature is Valid.", "Certificate is Trusted.");
    }
}
