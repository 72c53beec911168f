package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.account.Mode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two more independent judges on the command line: poppler's {@code pdfsig} (NSS underneath) and
 * {@code qpdf --check}. Needs Debian's poppler-utils, qpdf and libnss3-tools (.ci/run installs them).
 */
class PopplerAndQpdfTest {

    @TempDir
    static Path dir;

    static SignatureFixture fixture;
    static Path sealed;

    @BeforeAll
    static void certifySignAndSeal() throws Exception {
        for (String tool : List.of("pdfsig", "qpdf", "certutil")) {
            assertThat(onPath(tool))
                    .as(tool + " is missing: apt-get install poppler-utils qpdf libnss3-tools")
                    .isTrue();
        }
        fixture = SignatureFixture.create(dir);
        Path prepared = TestPdfs.withSignatureFields(dir.resolve("prepared.pdf"), 2, "signer-a", "signer-b");
        Path certified = dir.resolve("certified.pdf");
        fixture.signing.certify(prepared, certified, SealRequest.invisible(Mode.LIVE));
        Path signedA = dir.resolve("signed-a.pdf");
        fixture.signing.sign(
                certified, signedA, PadesLifecycleTest.signerRequest("signer-a", "Alice Archer", "2026-11-28"));
        Path signedB = dir.resolve("signed-b.pdf");
        fixture.signing.sign(signedA, signedB, PadesLifecycleTest.signerRequest("signer-b", "Bob Baker", "2026-11-29"));
        sealed = dir.resolve("sealed.pdf");
        fixture.signing.seal(signedB, sealed, Mode.LIVE);
    }

    @Test
    void pdfsigFindsEverySignatureValid() throws Exception {
        String out = Poppler.run("pdfsig", sealed.toString());

        // Three signatures; the fourth entry is the seal's document timestamp, which poppler 22.12
        // lists but cannot validate (ETSI.RFC3161: "Unable to validate this type of signature").
        assertThat(Poppler.count(out, "Signature Validation: Signature is Valid."))
                .as(out)
                .isEqualTo(3);
        assertThat(Poppler.count(out, "Signature Field Name:")).as(out).isEqualTo(4);
        assertThat(out)
                .doesNotContain("Signature is Invalid")
                .contains("Alice Archer", "Bob Baker", "Signet Seal")
                .contains("Signer Certificate Common Name: Signet Timestamp Authority");
    }

    @Test
    void pdfsigTrustsEveryCertificateOnceSignetsRootIsInItsNssStore() throws Exception {
        String out = Poppler.pdfsig(dir, sealed, fixture.pki.root(Mode.LIVE));

        assertThat(Poppler.count(out, "Signature Validation: Signature is Valid."))
                .as(out)
                .isEqualTo(3);
        assertThat(Poppler.count(out, "Certificate Validation: Certificate is Trusted."))
                .as(out)
                .isEqualTo(3);
        assertThat(out).doesNotContain("isn't Trusted");
    }

    @Test
    void qpdfFindsNoErrors() throws Exception {
        String out = Poppler.run("qpdf", "--check", sealed.toString());

        assertThat(out).contains("No syntax or stream encoding errors found").doesNotContainIgnoringCase("error:");
    }

    private static boolean onPath(String tool) {
        List<String> path = new ArrayList<>(List.of(System.getenv("PATH").split(File.pathSeparator)));
        return path.stream().anyMatch(p -> Files.isExecutable(Path.of(p, tool)));
    }
}
