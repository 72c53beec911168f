package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import dev.signet.account.Mode;
import eu.europa.esig.dss.detailedreport.jaxb.XmlConstraint;
import eu.europa.esig.dss.diagnostic.PDFRevisionWrapper;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.enumerations.CertificationPermission;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.reports.Reports;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certify → signer A → signer B → seal, the life of every Signet document, judged by EU DSS and by Signet. */
class PadesLifecycleTest {

    @TempDir
    static Path dir;

    static SignatureFixture fixture;
    static Path sealed;

    @BeforeAll
    static void certifySignAndSeal() throws Exception {
        fixture = SignatureFixture.create(dir);
        Path prepared = TestPdfs.withSignatureFields(dir.resolve("prepared.pdf"), 2, "signer-a", "signer-b");
        Path certified = dir.resolve("certified.pdf");
        fixture.signing.certify(prepared, certified, SealRequest.invisible(Mode.LIVE));
        Path signedA = dir.resolve("signed-a.pdf");
        fixture.signing.sign(certified, signedA, signerRequest("signer-a", "Alice Archer", "2026-11-28"));
        Path signedB = dir.resolve("signed-b.pdf");
        fixture.signing.sign(signedA, signedB, signerRequest("signer-b", "Bob Baker", "2026-11-29"));
        sealed = dir.resolve("sealed.pdf");
        fixture.signing.seal(signedB, sealed, Mode.LIVE);
    }

    /** What the tagging code will do: fill the signer's date field, lock it, show a caption. */
    static SignerRequest signerRequest(String field, String name, String date) {
        Consumer<PdfDocument> fill = pdf ->
                PdfAcroForm.getAcroForm(pdf, false).getField(field + "-date").setValue(date);
        return new SignerRequest(
                Mode.LIVE,
                field,
                SignatureFixture.signer(name),
                List.of(field + "-date"),
                SignatureAppearance.text("Signed by " + name),
                fill,
                "I agree");
    }

    @Test
    void euDssFindsEverySignatureBaselineLtaAndTotalPassed() {
        SimpleReport simple = Dss.validate(sealed, fixture.pki.root(Mode.LIVE)).getSimpleReport();

        assertThat(simple.getSignatureIdList()).hasSize(3);
        for (String id : simple.getSignatureIdList()) {
            assertThat(simple.getSignatureFormat(id)).as(id).isEqualTo(SignatureLevel.PAdES_BASELINE_LTA);
            assertThat(simple.getIndication(id)).as(id).isEqualTo(Indication.TOTAL_PASSED);
        }
        assertThat(simple.getSignatureIdList())
                .extracting(simple::getSignedBy)
                .containsExactly("Signet Seal", "Alice Archer", "Bob Baker");
    }

    @Test
    void euDssReportsTheCertificationAndEveryLaterChangeAsPermitted() {
        Reports reports = Dss.validate(sealed, fixture.pki.root(Mode.LIVE));

        for (SignatureWrapper signature : reports.getDiagnosticData().getSignatures()) {
            PDFRevisionWrapper revision = signature.getPDFRevision();
            assertThat(revision.getPdfUndefinedChanges()).as(signature.getId()).isEmpty();
            assertThat(revision.getPdfAnnotationChanges()).as(signature.getId()).isEmpty();
            List<XmlConstraint> formatChecks = reports.getDetailedReport()
                    .getBasicBuildingBlockById(signature.getId())
                    .getFC()
                    .getConstraint();
            // Filling fields and signing visible fields changes what a page looks like: DSS says so
            // (BBB_FC_IVDBSFR, a warning by design); every check of what was changed must pass.
            assertThat(formatChecks)
                    .as(signature.getId())
                    .filteredOn(check -> !check.getName().getKey().equals("BBB_FC_IVDBSFR"))
                    .allSatisfy(check -> assertThat(check.getStatus().name())
                            .as(check.getName().getKey())
                            .isEqualTo("OK"));
            assertThat(formatChecks)
                    .extracting(check -> check.getName().getKey())
                    .contains("BBB_FC_DSCNUOM", "BBB_FC_IVDBSFR");
        }
        SignatureWrapper certification = reports.getDiagnosticData().getSignatures().stream()
                .filter(s -> s.getPDFRevision().getDocMDPPermissions() != null)
                .findFirst()
                .orElseThrow();
        assertThat(certification.getPDFRevision().getDocMDPPermissions())
                .isEqualTo(CertificationPermission.MINIMAL_CHANGES_PERMITTED);
        assertThat(reports.getDiagnosticData().getSignatures())
                .filteredOn(s -> s.getPDFRevision().getFieldMDP() != null)
                .hasSize(2);
    }

    @Test
    void signetsVerifierFindsThreeIntactTrustedLtaSignaturesAndTheSealTimestamp() {
        VerificationReport report = fixture.verifier.verify(sealed);

        assertThat(report.problems()).isEmpty();
        assertThat(report.valid()).isTrue();
        assertThat(report.signatures())
                .extracting(SignatureReport::kind)
                .containsExactly(
                        SignatureReport.Kind.CERTIFICATION,
                        SignatureReport.Kind.APPROVAL,
                        SignatureReport.Kind.APPROVAL,
                        SignatureReport.Kind.DOCUMENT_TIMESTAMP);
        assertThat(report.signatures()).allSatisfy(s -> {
            assertThat(s.problems()).as(s.fieldName()).isEmpty();
            assertThat(s.intact()).isTrue();
            assertThat(s.trustedBy()).isEqualTo(Mode.LIVE);
            assertThat(s.timeFromTimestamp()).isTrue();
            assertThat(s.laterChangesPermitted()).isTrue();
        });
        assertThat(report.signatures().subList(0, 3))
                .extracting(SignatureReport::level)
                .containsOnly(dev.signet.signature.SignatureLevel.B_LTA);
        SignatureReport alice = report.signatures().get(1);
        assertThat(alice.signerName()).isEqualTo("Alice Archer");
        assertThat(alice.signerEmail()).isEqualTo("alice.archer@example.com");
        assertThat(alice.verifiedBy()).containsExactly("email-link", "otp");
        assertThat(report.signatures())
                .extracting(SignatureReport::coversWholeDocument)
                .containsExactly(false, false, false, true);
    }

    @Test
    void theSignersFilledFieldsAreInTheSealedDocument() throws Exception {
        try (PdfDocument pdf = new PdfDocument(new PdfReader(sealed.toFile()))) {
            PdfAcroForm form = PdfAcroForm.getAcroForm(pdf, false);
            assertThat(form.getField("signer-a-date").getValueAsString()).isEqualTo("2026-11-28");
            assertThat(form.getField("signer-b-date").getValueAsString()).isEqualTo("2026-11-29");
        }
    }
}
