package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.account.Mode;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.reports.Reports;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PadesLifecycleTest {

    @TempDir
    static Path dir;
    static SignatureFixture fixture;
    static Path sealed;

    @BeforeAll
    static void signAndSeal() throws Exception {
        fixture = SignatureFixture.create(dir);
        Path prepared = TestPdfs.withSignatureFields(dir.resolve("prepared.pdf"), 2, "signer-a", "signer-b");
        Path certified = dir.resolve("certified.pdf");
        fixture.signing.certify(prepared, certified, SealRequest.invisible(Mode.LIVE));
        Path signedA = dir.resolve("signed-a.pdf");
        fixture.signing.sign(certified, signedA, SignerRequest.of(Mode.LIVE, "signer-a", SignatureFixture.signer("Alice Archer")));
        Path signedB = dir.resolve("signed-b.pdf");
        fixture.signing.sign(signedA, signedB, SignerRequest.of(Mode.LIVE, "signer-b", SignatureFixture.signer("Bob Baker")));
        sealed = dir.resolve("sealed.pdf");
        fixture.signing.seal(signedB, sealed, Mode.LIVE);
    }

    @Test
    void euDssFindsEverySignatureBaselineLtaAndTotalPassed() {
        Reports reports = Dss.validate(sealed, fixture.pki.root(Mode.LIVE));
        SimpleReport simple = reports.getSimpleReport();
        System.out.println(reports.getXmlDetailedReport());
        System.out.println(reports.getXmlDiagnosticData());
        assertThat(simple.getSignatureIdList()).hasSize(3);
        for (String id : simple.getSignatureIdList()) {
            assertThat(simple.getSignatureFormat(id)).as(id).isEqualTo(SignatureLevel.PAdES_BASELINE_LTA);
            assertThat(simple.getIndication(id)).as(id).isEqualTo(Indication.TOTAL_PASSED);
        }
    }
}
