package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.kernel.pdf.PdfArray;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfNull;
import com.itextpdf.kernel.pdf.PdfNumber;
import com.itextpdf.kernel.pdf.PdfObject;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfStream;
import com.itextpdf.kernel.pdf.PdfString;
import com.itextpdf.kernel.pdf.PdfWriter;
import dev.signet.account.Mode;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.validation.reports.Reports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every published attack class on PDF signatures, built at test time against a document that
 * Signet certified and a signer signed, and judged twice: by Signet's verifier and by EU DSS
 * (offline, Signet's root as the trust anchor). For each signature the two must agree: DSS's
 * TOTAL_FAILED for a format, hash or crypto failure is "not intact"; a pass is "intact", and
 * when DSS flags the later changes Signet must report them as not permitted; anything else is
 * "not valid". Signet may be stricter than DSS's default policy on what a later revision may
 * change (iText's DocMDP and FieldMDP rules count a redefined signature dictionary or an edited
 * locked field as forbidden, where DSS only records them), never more lenient: no attacked file
 * is valid as a whole, and every untouched file is valid in both.
 */
class AttacksJudgedByDssTest {

    @TempDir
    static Path dir;

    static SignatureFixture fixture;
    static byte[] certified;
    static byte[] signed;
    static byte[] sealed;
    static int shadowPage;
    static int shadowPages;

    @BeforeAll
    static void certifyAndSign() throws Exception {
        fixture = SignatureFixture.create(dir);
        Path prepared = withShadowDocument(
                TestPdfs.withSignatureFields(dir.resolve("plain.pdf"), 1, "signer-a"), dir.resolve("prepared.pdf"));
        Path certifiedFile = dir.resolve("certified.pdf");
        fixture.signing.certify(prepared, certifiedFile, SealRequest.invisible(Mode.LIVE));
        Path signedFile = dir.resolve("signed.pdf");
        fixture.signing.sign(
                certifiedFile,
                signedFile,
                SignerRequest.of(Mode.LIVE, "signer-a", SignatureFixture.signer("Alice Archer")));
        Path sealedFile = dir.resolve("sealed.pdf");
        fixture.signing.seal(signedFile, sealedFile, Mode.LIVE);
        certified = Files.readAllBytes(certifiedFile);
        signed = Files.readAllBytes(signedFile);
        sealed = Files.readAllBytes(sealedFile);
    }

    /**
     * What a shadow attacker puts into the document before it is signed: a second content stream
     * for page 1 and a whole second page tree, unused and so invisible, ready to be switched to.
     */
    static Path withShadowDocument(Path plain, Path out) throws Exception {
        try (PdfDocument pdf = new PdfDocument(new PdfReader(plain.toString()), new PdfWriter(out.toString()))) {
            pdf.setFlushUnusedObjects(true);
            PdfStream shadow = new PdfStream("0 0 1 rg 72 30 300 30 re f".getBytes(StandardCharsets.US_ASCII));
            shadow.makeIndirect(pdf);
            PdfDictionary page = pdf.getPage(1).getPdfObject();
            PdfArray contents = new PdfArray();
            contents.add(page.get(PdfName.Contents, false));
            contents.add(shadow.getIndirectReference());
            PdfDictionary copy = new PdfDictionary(page);
            copy.put(PdfName.Contents, contents);
            copy.makeIndirect(pdf);
            PdfDictionary pages = new PdfDictionary();
            pages.put(PdfName.Type, PdfName.Pages);
            pages.put(PdfName.Kids, new PdfArray(copy.getIndirectReference()));
            pages.put(PdfName.Count, new PdfNumber(1));
            pages.makeIndirect(pdf);
            copy.put(PdfName.Parent, pages.getIndirectReference());
            shadowPage = copy.getIndirectReference().getObjNumber();
            shadowPages = pages.getIndirectReference().getObjNumber();
        }
        return out;
    }

    @Test
    void theUntouchedDocumentsAgree() throws Exception {
        assertAgreement("certified", certified, true);
        assertAgreement("signed", signed, true);
        assertAgreement("sealed", sealed, true);
    }

    @Test
    void incrementalSavingAttack() throws Exception {
        assertAgreement(
                "incremental-saving",
                Attacks.append(signed, doc -> Attacks.writeOnPage(doc, "Refund: 1,000,000 EUR")),
                false);
    }

    @Test
    void signatureWrappingOfTheSignerAndOfTheCertification() throws Exception {
        Reports reports = assertAgreement("wrapped-signer", Attacks.wrap(signed, "signer-a"), false);
        assertThat(dssOf(reports, "signer-a").orElseThrow().getPDFRevision().isSignatureByteRangeValid())
                .isFalse();
        assertAgreement("wrapped-certification", Attacks.wrap(certified, PadesSigning.CERTIFICATION_FIELD), false);
    }

    @Test
    void universalSignatureForgery() throws Exception {
        List<Consumer<PdfDictionary>> forgeries = List.of(
                s -> s.remove(PdfName.ByteRange),
                s -> s.put(PdfName.ByteRange, PdfNull.PDF_NULL),
                s -> s.put(PdfName.ByteRange, new PdfArray(new int[] {0, 0, 0, 0})),
                s -> s.put(
                        PdfName.ByteRange,
                        new PdfArray(List.<PdfObject>of(
                                new PdfNumber(0), new PdfName("X"), new PdfNumber(1), new PdfNumber(2)))),
                s -> s.put(PdfName.ByteRange, new PdfArray(new int[] {0, -1, 5, 7})),
                s -> s.remove(PdfName.Contents),
                s -> s.put(PdfName.Contents, PdfNull.PDF_NULL),
                s -> s.put(PdfName.Contents, new PdfString(new byte[0]).setHexWriting(true)),
                s -> s.put(PdfName.Contents, new PdfString(new byte[] {1, 2, 3}).setHexWriting(true)));
        for (int i = 0; i < forgeries.size(); i++) {
            assertAgreement("usf-" + i, Attacks.forge(signed, "signer-a", forgeries.get(i)), false);
        }
    }

    @Test
    void shadowHideReplaceAndHideAndReplace() throws Exception {
        byte[] hide = Attacks.append(signed, doc -> {
            PdfDictionary page = doc.getPage(1).getPdfObject();
            page.put(
                    PdfName.Contents,
                    doc.getPdfObject(shadowPage).isDictionary()
                            ? ((PdfDictionary) doc.getPdfObject(shadowPage)).get(PdfName.Contents, false)
                            : null);
            page.setModified();
        });
        assertAgreement("shadow-hide", hide, false);

        byte[] replace = Attacks.append(
                signed,
                doc -> PdfAcroForm.getAcroForm(doc, false)
                        .getField("signer-a-date")
                        .setValue("1999-01-01"));
        assertAgreement("shadow-replace", replace, false);

        byte[] hideAndReplace = Attacks.switchPageTree(signed, shadowPages);
        try (PdfDocument doc = new PdfDocument(new PdfReader(new java.io.ByteArrayInputStream(hideAndReplace)))) {
            assertThat(doc.getCatalog()
                            .getPdfObject()
                            .getAsDictionary(PdfName.Pages)
                            .getIndirectReference()
                            .getObjNumber())
                    .as("the attack switched the page tree")
                    .isEqualTo(shadowPages);
        }
        assertAgreement("shadow-hide-and-replace", hideAndReplace, false);
    }

    @Test
    void evilAnnotationAttack() throws Exception {
        assertAgreement("evil-annotation", Attacks.evilAnnotation(signed), false);
    }

    @Test
    void sneakySignatureAttack() throws Exception {
        assertAgreement("sneaky-signature", Attacks.sneakySignature(signed), false);
    }

    @Test
    void threeHundredFieldsPointingAtTheDocumentTimestampAreFlagged() throws Exception {
        byte[] copies = Attacks.fieldsSharingOneSignature(sealed, "Signet-Seal", 300);
        assertAgreement("shared-timestamp", copies, false);
        VerificationReport report = fixture.verifier.verify(Files.write(dir.resolve("shared.pdf"), copies));
        assertThat(report.signatures()).hasSize(3);
        assertThat(report.problems()).anyMatch(p -> p.contains("value of 301 signature fields"));
        assertThat(report.signatures().get(2).problems()).anyMatch(p -> p.contains("301"));
    }

    /**
     * Signet's verdict agrees with DSS's for every signature and document timestamp.
     * {@code untouched}: the file is what Signet made, so both must pass it; otherwise the attack
     * must not pass as a whole.
     *
     * <p>One difference is by design and not an attack: offline, DSS answers INDETERMINATE for a
     * B-T signature whose file carries no revocation data yet (before sealing), where Signet,
     * judging its own CA's one-time certificates, does not ask for revocation data. So an
     * INDETERMINATE that is about the chain's revocation is held to the same intact/permitted
     * standard as a pass; one for a chain that reaches no trust anchor must be "not valid".
     */
    static Reports assertAgreement(String name, byte[] pdf, boolean untouched) throws Exception {
        Path file = Files.write(dir.resolve(name + ".pdf"), pdf);
        VerificationReport signet = fixture.verifier.verify(file);
        Reports dss = Dss.validate(file, fixture.pki.root(Mode.LIVE));
        List<String> seen = new ArrayList<>();
        for (SignatureWrapper s : dss.getDiagnosticData().getSignatures()) {
            Indication indication = dss.getSimpleReport().getIndication(s.getId());
            SubIndication sub = dss.getSimpleReport().getSubIndication(s.getId());
            List<String> flagged = flaggedChanges(dss, s);
            String why = name + " " + s.getPDFRevision().getSignatureFieldNames() + " DSS " + indication + "/" + sub
                    + " " + flagged + " Signet " + signet;
            SignatureReport mine = mine(signet, s.getPDFRevision().getSignatureFieldNames(), why);
            seen.add(mine.fieldName());
            if (indication == Indication.TOTAL_FAILED
                    && List.of(
                                    SubIndication.FORMAT_FAILURE,
                                    SubIndication.HASH_FAILURE,
                                    SubIndication.SIG_CRYPTO_FAILURE)
                            .contains(sub)) {
                assertThat(mine.intact()).as(why).isFalse();
            } else if (indication == Indication.TOTAL_PASSED
                    || sub == SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE
                    || sub == SubIndication.TRY_LATER) {
                assertThat(mine.intact()).as(why).isTrue();
                if (!flagged.isEmpty()) {
                    assertThat(mine.laterChangesPermitted()).as(why).isFalse();
                } else if (untouched) {
                    assertThat(mine.valid()).as(why).isTrue();
                }
            } else {
                assertThat(mine.valid()).as(why).isFalse();
            }
        }
        for (TimestampWrapper t : dss.getDiagnosticData().getTimestampList()) {
            if (t.getPDFRevision() == null) {
                continue;
            }
            String why = name + " timestamp " + t.getPDFRevision().getSignatureFieldNames() + " Signet " + signet;
            SignatureReport mine = mine(signet, t.getPDFRevision().getSignatureFieldNames(), why);
            seen.add(mine.fieldName());
            assertThat(mine.intact())
                    .as(why)
                    .isEqualTo(t.isSignatureIntact()
                            && t.isMessageImprintDataIntact()
                            && t.getPDFRevision().isSignatureByteRangeValid());
        }
        // What DSS does not even take for a signature, Signet reports as a broken one.
        assertThat(signet.signatures())
                .filteredOn(r -> !seen.contains(r.fieldName()))
                .as(name + " " + signet)
                .allSatisfy(r -> assertThat(r.valid()).isFalse());
        assertThat(signet.valid()).as(name + " " + signet).isEqualTo(untouched);
        return dss;
    }

    static SignatureReport mine(VerificationReport signet, List<String> fields, String why) {
        SignatureReport mine = signet.signatures().stream()
                .filter(r -> fields.contains(r.fieldName()))
                .findFirst()
                .orElse(null);
        assertThat(mine).as(why).isNotNull();
        return mine;
    }

    /**
     * What DSS finds wrong with the changes after a signature: its format checks that are not OK
     * (but the visual-difference warning that filling always causes), and object modifications it
     * cannot put under form filling or signing (annotations, undefined changes).
     */
    static List<String> flaggedChanges(Reports reports, SignatureWrapper signature) {
        List<String> flagged = new ArrayList<>(
                reports
                        .getDetailedReport()
                        .getBasicBuildingBlockById(signature.getId())
                        .getFC()
                        .getConstraint()
                        .stream()
                        .filter(c -> !c.getName().getKey().equals("BBB_FC_IVDBSFR")
                                && !c.getStatus().name().equals("OK"))
                        .map(c -> c.getName().getKey() + ":" + c.getStatus())
                        .toList());
        if (!signature.getPDFRevision().getPdfUndefinedChanges().isEmpty()) {
            flagged.add("undefined object changes");
        }
        if (!signature.getPDFRevision().getPdfAnnotationChanges().isEmpty()) {
            flagged.add("annotation changes");
        }
        return flagged;
    }

    static Optional<SignatureWrapper> dssOf(Reports reports, String field) {
        return reports.getDiagnosticData().getSignatures().stream()
                .filter(s -> s.getPDFRevision().getSignatureFieldNames().contains(field))
                .findFirst();
    }
}
