package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import dev.signet.account.Mode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a validator can read get a report, broken signatures marked as such, and quickly. */
class ReportForAnyReadablePdfTest {

    @TempDir
    static Path dir;

    static SignatureFixture fixture;
    static byte[] signed;

    @BeforeAll
    static void certifyAndSign() throws Exception {
        fixture = SignatureFixture.create(dir);
        Path prepared = TestPdfs.withSignatureFields(dir.resolve("prepared.pdf"), 1, "signer-a");
        Path certified = dir.resolve("certified.pdf");
        fixture.signing.certify(prepared, certified, SealRequest.invisible(Mode.LIVE));
        Path signedFile = dir.resolve("signed.pdf");
        fixture.signing.sign(
                certified,
                signedFile,
                SignerRequest.of(Mode.LIVE, "signer-a", SignatureFixture.signer("Alice Archer")));
        signed = Files.readAllBytes(signedFile);
    }

    @Test
    void anAppendedXrefWithoutATrailerGetsAReportWithTheSignaturesIntact() throws Exception {
        String broken = "\nxref\n0 1\n0000000000 65535 f \nstartxref\n" + (signed.length + 1) + "\n%%EOF\n";
        Path file = Files.write(dir.resolve("no-trailer.pdf"), Attacks.concat(signed, bytes(broken)));

        VerificationReport report = fixture.verifier.verify(file);

        assertThat(report.valid()).isFalse();
        assertThat(report.signatures())
                .hasSize(2)
                .allSatisfy(s -> assertThat(s.intact()).isTrue());
        assertThat(report.problems()).anyMatch(p -> p.contains("appended"));
    }

    @Test
    void aFileWhoseCrossReferenceMustBeRebuiltGetsAReport() throws Exception {
        // The last startxref points into the middle of the file: a reader must rebuild the xref.
        String broken = "\nstartxref\n" + (signed.length / 2) + "\n%%EOF\n";
        Path file = Files.write(dir.resolve("rebuild.pdf"), Attacks.concat(signed, bytes(broken)));

        VerificationReport report = fixture.verifier.verify(file);

        assertThat(report.signatures())
                .extracting(SignatureReport::fieldName)
                .containsExactly(PadesSigning.CERTIFICATION_FIELD, "signer-a");
        assertThat(report.signatures())
                .allSatisfy(s -> assertThat(s.intact()).as(s.fieldName()).isTrue());
        assertThat(report.valid()).isFalse();
    }

    @Test
    void aThousandRevisionsAreReportedOnInAFewSeconds() throws Exception {
        Path file = Files.write(dir.resolve("revisions.pdf"), manyRevisions(signed, 1_000));

        Timed timed = timed(() -> fixture.verifier.verify(file));
        VerificationReport report = timed.report();
        long millis = timed.cpuMillis();

        System.out.println("Verified 1,000 appended revisions: " + timed);
        assertThat(millis).isLessThan(5_000);
        assertThat(report.signatures()).hasSize(2).allSatisfy(s -> {
            assertThat(s.intact()).isTrue();
            assertThat(s.laterChangesPermitted()).isFalse();
        });
        assertThat(report.problems()).anyMatch(p -> p.contains("1003 revisions, more than the 100"));
        assertThat(report.valid()).isFalse();
    }

    @Test
    void asManyRevisionsAsTheLargestEnvelopeMakesAreCheckedInAFewSeconds() throws Exception {
        Path file = Files.write(dir.resolve("sixty.pdf"), manyRevisions(signed, 60));

        Timed timed = timed(() -> fixture.verifier.verify(file));
        VerificationReport report = timed.report();
        long millis = timed.cpuMillis();

        System.out.println("Verified 60 appended revisions: " + timed);
        assertThat(millis).isLessThan(5_000);
        assertThat(report.signatures())
                .hasSize(2)
                .allSatisfy(s -> assertThat(s.intact()).isTrue());
        assertThat(report.problems()).anyMatch(p -> p.contains("appended"));
    }

    /** {@code count} incremental updates, each adding one small unused object, written by hand. */
    static byte[] manyRevisions(byte[] pdf, int count) throws Exception {
        int size;
        int root;
        long previous;
        try (PdfDocument doc = new PdfDocument(new PdfReader(new ByteArrayInputStream(pdf)))) {
            size = doc.getNumberOfPdfObjects();
            root = doc.getCatalog().getPdfObject().getIndirectReference().getObjNumber();
            previous = doc.getReader().getLastXref();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(pdf);
        for (int i = 0; i < count; i++) {
            long at = out.size();
            out.writeBytes(bytes(size + " 0 obj\n<< /Revision " + i + " >>\nendobj\n"));
            long xref = out.size();
            out.writeBytes(bytes(
                    "xref\n" + size + " 1\n" + String.format("%010d 00000 n \n", at) + "trailer\n<< /Size " + (size + 1)
                            + " /Root " + root + " 0 R /Prev " + previous + " >>\nstartxref\n" + xref + "\n%%EOF\n"));
            previous = xref;
            size++;
        }
        return out.toByteArray();
    }

    /**
     * Measured in CPU time of this thread, not on the wall: the build machine is shared, and under
     * load a wall-clock bound would fail for reasons that have nothing to do with the verifier.
     */
    static Timed timed(java.util.function.Supplier<VerificationReport> verify) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        VerificationReport report = verify.get();
        return new Timed(
                report, (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000, (System.nanoTime() - wall) / 1_000_000);
    }

    record Timed(VerificationReport report, long cpuMillis, long wallMillis) {
        @Override
        public String toString() {
            return cpuMillis + " ms CPU, " + wallMillis + " ms wall";
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
