package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.account.Mode;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signatures form a chain: each signs the latest revision, and none breaks the ones before it. */
class ManySignersTest {

    @TempDir
    Path dir;

    @Test
    void tenSignersOneAfterAnotherGiveTenValidSignaturesInEuDss() throws Exception {
        SignatureFixture fixture = SignatureFixture.create(dir);
        String[] fields =
                IntStream.rangeClosed(1, 10).mapToObj(i -> "signer-" + i).toArray(String[]::new);
        Path current = TestPdfs.withSignatureFields(dir.resolve("prepared.pdf"), 3, fields);
        Path certified = dir.resolve("certified.pdf");
        fixture.signing.certify(current, certified, SealRequest.invisible(Mode.LIVE));
        current = certified;
        for (int i = 1; i <= 10; i++) {
            Path next = dir.resolve("signed-" + i + ".pdf");
            fixture.signing.sign(
                    current,
                    next,
                    SignerRequest.of(Mode.LIVE, "signer-" + i, SignatureFixture.signer("Signer Number" + i)));
            current = next;
        }
        Path sealed = dir.resolve("sealed.pdf");
        fixture.signing.seal(current, sealed, Mode.LIVE);

        SimpleReport simple = Dss.validate(sealed, fixture.pki.root(Mode.LIVE)).getSimpleReport();

        assertThat(simple.getSignatureIdList()).hasSize(11);
        assertThat(simple.getSignatureIdList()).allSatisfy(id -> {
            assertThat(simple.getIndication(id)).as(simple.getSignedBy(id)).isEqualTo(Indication.TOTAL_PASSED);
            assertThat(simple.getSignatureFormat(id))
                    .as(simple.getSignedBy(id))
                    .isEqualTo(SignatureLevel.PAdES_BASELINE_LTA);
        });
        assertThat(simple.getSignatureIdList())
                .extracting(simple::getSignedBy)
                .filteredOn(n -> n.startsWith("Signer Number"))
                .hasSize(10);
        assertThat(fixture.verifier.verify(sealed).valid()).isTrue();
    }
}
