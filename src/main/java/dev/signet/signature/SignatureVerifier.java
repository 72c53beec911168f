package dev.signet.signature;

import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.signatures.PdfPKCS7;
import com.itextpdf.signatures.PdfSignature;
import com.itextpdf.signatures.SignatureUtil;
import dev.signet.account.Mode;
import dev.signet.document.PdfLimitExceeded;
import dev.signet.document.SafePdf;
import dev.signet.signature.SignatureReport.Kind;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Checks every signature in a PDF the way Signet's {@code POST /v2/verify} reports it: is it
 * intact, who signed and when, does it chain to Signet's live or sandbox root, were the changes
 * after it permitted, and which PAdES baseline level it reaches. It trusts only Signet's own
 * roots; for anyone else's signatures use a general validator such as EU DSS.
 */
public final class SignatureVerifier {

    private final ChainCheck chains;

    public SignatureVerifier(Pki pki) {
        this.chains = new ChainCheck(pki);
    }

    /**
     * @throws SignatureException if the file is not a readable PDF
     * @throws PdfLimitExceeded if reading it passes one of Signet's limits (a bomb, a loop)
     */
    public VerificationReport verify(Path pdf) {
        try {
            return SafePdf.guarded(() -> read(pdf));
        } catch (SignatureException | PdfLimitExceeded e) {
            throw e;
        } catch (Exception e) {
            throw new SignatureException("Cannot read the signatures of this PDF: " + e.getMessage(), e);
        }
    }

    private VerificationReport read(Path pdf) throws Exception {
        try (PdfDocument document = new PdfDocument(SafePdf.reader(pdf))) {
            SafePdf.checkStructure(document);
            SignatureUtil util = new SignatureUtil(document);
            List<String> names = util.getSignatureNames();
            if (names.isEmpty()) {
                return new VerificationReport(List.of(), List.of("The document has no signature"));
            }
            RevisionRules.Verdict rules = RevisionRules.check(pdf);
            LtvData dss = LtvData.of(document);
            List<Inspected> inspected = new ArrayList<>();
            for (String name : names) {
                inspected.add(inspect(pdf, util, name, dss));
            }
            List<SignatureReport> reports = new ArrayList<>();
            for (int i = 0; i < inspected.size(); i++) {
                reports.add(report(inspected, i, rules, dss, pdf));
            }
            List<String> problems = new ArrayList<>();
            if (!util.signatureCoversWholeDocument(names.get(names.size() - 1))) {
                problems.add("Changes were appended after the last signature; no signature covers them");
            }
            if (rules != RevisionRules.Verdict.ALLOWED) {
                problems.add("A revision changes the document in a way its certification or field locks forbid: "
                        + rules.why());
            }
            return new VerificationReport(reports, problems);
        }
    }

    private Inspected inspect(Path pdf, SignatureUtil util, String name, LtvData dss) throws Exception {
        PdfSignature signature = util.getSignature(name);
        long[] range = signature.getByteRange().toLongArray();
        byte[] contents = signature.getContents().getValueBytes();
        Kind kind = kind(signature);
        PdfPKCS7 pkcs7 = util.readSignatureData(name);
        boolean intact = soundByteRange(pdf, range) && safely(pkcs7::verifySignatureIntegrityAndAuthenticity);
        TimeStampToken token = kind == Kind.DOCUMENT_TIMESTAMP ? TokenCheck.documentTimestamp(contents)
                : TokenCheck.signatureTimestamp(contents);
        X509Certificate tsa = token == null ? null : TokenCheck.verifiedSigner(token);
        boolean tokenValid = tsa != null && (kind == Kind.DOCUMENT_TIMESTAMP || safely(pkcs7::verifyTimestampImprint));

        Set<X509Certificate> pool = new LinkedHashSet<>(dss.certificates());
        for (Certificate certificate : pkcs7.getCertificates()) {
            pool.add((X509Certificate) certificate);
        }
        X509Certificate signer = kind == Kind.DOCUMENT_TIMESTAMP && tsa != null ? tsa : pkcs7.getSigningCertificate();
        List<X509Certificate> ltvChain = new ArrayList<>(chains.path(signer, pool));
        if (tsa != null) {
            pool.addAll(TokenCheck.certificates(token));
            ltvChain.addAll(chains.path(tsa, pool));
        }
        Instant time = tokenValid ? TokenCheck.time(token) : pkcs7.getSignDate().toInstant();
        return new Inspected(name, kind, range[2] + range[3], signer, chains.trustedBy(signer, pool), ltvChain,
                intact, token != null, tokenValid, time);
    }

    private SignatureReport report(List<Inspected> all, int index, RevisionRules.Verdict rules, LtvData dss, Path pdf)
            throws Exception {
        Inspected s = all.get(index);
        boolean permitted = rules.allowedAfter(s.signedLength());
        List<String> problems = new ArrayList<>();
        if (!s.intact()) {
            problems.add("The signed bytes do not match the signature: "
                    + "the document was modified or the signature replaced");
        }
        if (s.trustedBy() == null) {
            problems.add("The signing certificate does not chain to a Signet root");
        }
        if (s.hasToken() && !s.tokenValid()) {
            problems.add("The timestamp does not verify");
        }
        if (!validAt(s.signer(), s.time())) {
            problems.add("The signing certificate was not valid at the signing time");
        }
        if (!permitted) {
            problems.add("A later revision made changes this signature's rules forbid: " + rules.why());
        }
        return new SignatureReport(s.name(), s.kind(), CertificateNames.commonName(s.signer()),
                CertificateNames.email(s.signer()), SignerCertificates.verifiedBy(s.signer()), s.time(),
                s.tokenValid(), s.intact(), s.signedLength() == fileLength(pdf), permitted, s.trustedBy(),
                level(all, index, dss, pdf), problems);
    }

    private static SignatureLevel level(List<Inspected> all, int index, LtvData dss, Path pdf) throws Exception {
        Inspected s = all.get(index);
        if (s.kind() == Kind.DOCUMENT_TIMESTAMP) {
            return null;
        }
        if (!s.tokenValid()) {
            return SignatureLevel.B_B;
        }
        if (!dss.covers(s.ltvChain())) {
            return SignatureLevel.B_T;
        }
        for (Inspected later : all.subList(index + 1, all.size())) {
            if (later.kind() == Kind.DOCUMENT_TIMESTAMP && later.intact() && later.tokenValid()) {
                try (PdfDocument revision = Revisions.open(pdf, later.signedLength())) {
                    if (LtvData.of(revision).covers(s.ltvChain())) {
                        return SignatureLevel.B_LTA;
                    }
                }
            }
        }
        return SignatureLevel.B_LT;
    }

    private static Kind kind(PdfSignature signature) {
        PdfDictionary dictionary = signature.getPdfObject();
        if (PdfName.DocTimeStamp.equals(dictionary.getAsName(PdfName.Type))
                || PdfName.ETSI_RFC3161.equals(signature.getSubFilter())) {
            return Kind.DOCUMENT_TIMESTAMP;
        }
        var references = dictionary.getAsArray(PdfName.Reference);
        if (references != null) {
            for (int i = 0; i < references.size(); i++) {
                PdfDictionary reference = references.getAsDictionary(i);
                if (reference != null && PdfName.DocMDP.equals(reference.getAsName(PdfName.TransformMethod))) {
                    return Kind.CERTIFICATION;
                }
            }
        }
        return Kind.APPROVAL;
    }

    /**
     * The byte range must be the whole revision but exactly the hex string of /Contents: two
     * ranges, the first from offset 0, the gap opening with '<' and closing with '>'. Anything
     * else could leave bytes that are displayed but not signed.
     */
    private static boolean soundByteRange(Path pdf, long[] range) throws IOException {
        if (range.length != 4 || range[0] != 0 || range[1] <= 0 || range[2] <= range[1] || range[3] < 0) {
            return false;
        }
        try (RandomAccessFile file = new RandomAccessFile(pdf.toFile(), "r")) {
            if (range[2] + range[3] > file.length()) {
                return false;
            }
            file.seek(range[1]);
            int open = file.read();
            file.seek(range[2] - 1);
            int close = file.read();
            return open == '<' && close == '>';
        }
    }

    private static boolean validAt(X509Certificate certificate, Instant time) {
        try {
            certificate.checkValidity(Date.from(time));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static long fileLength(Path pdf) throws IOException {
        return java.nio.file.Files.size(pdf);
    }

    private static boolean safely(Check check) {
        try {
            return check.run();
        } catch (Exception e) {
            return false;
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean run() throws Exception;
    }

    private record Inspected(String name, Kind kind, long signedLength, X509Certificate signer, Mode trustedBy,
            List<X509Certificate> ltvChain, boolean intact, boolean hasToken, boolean tokenValid, Instant time) {}
}
