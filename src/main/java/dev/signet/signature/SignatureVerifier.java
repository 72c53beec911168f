package dev.signet.signature;

import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfString;
import com.itextpdf.signatures.PdfPKCS7;
import dev.signet.account.Mode;
import dev.signet.document.PdfLimitExceeded;
import dev.signet.document.SafePdf;
import dev.signet.signature.SignatureReport.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
     * A report for every PDF iText can open, however broken its signatures: a signature whose
     * byte range, contents or certificate cannot be read is reported as not intact, with why.
     *
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

    /**
     * Verifies a PDF that arrives as a stream (an upload): it goes to a temporary file first, since
     * the verifier reads revisions from a file however large it is, and the file is gone afterwards.
     *
     * @throws SignatureException if the file is not a readable PDF
     * @throws PdfLimitExceeded if reading it passes one of Signet's limits
     */
    public VerificationReport verify(InputStream pdf) {
        Path file = null;
        try {
            file = Files.createTempFile("signet-verify-", ".pdf");
            Files.copy(pdf, file, StandardCopyOption.REPLACE_EXISTING);
            return verify(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file the OS cleans up anyway
                }
            }
        }
    }

    private VerificationReport read(Path pdf) throws Exception {
        try (PdfDocument document = new PdfDocument(SafePdf.reader(pdf));
                ByteRangeCheck ranges = new ByteRangeCheck(pdf)) {
            SafePdf.checkStructure(document);
            List<SignatureFields.Candidate> candidates = SignatureFields.of(document);
            if (candidates.isEmpty()) {
                return new VerificationReport(List.of(), List.of("The document has no signature"));
            }
            List<String> problems = new ArrayList<>();
            LtvData dss = ltvData(document, problems);
            List<Inspected> inspected = new ArrayList<>();
            for (SignatureFields.Candidate candidate : candidates) {
                inspected.add(inspect(candidate, ranges, pdf, dss));
            }
            inspected.sort(Comparator.comparingLong(Inspected::signedLength));
            RevisionRules.Verdict rules = RevisionRules.check(
                    pdf,
                    inspected.stream()
                            .filter(Inspected::intact)
                            .map(Inspected::signedLength)
                            .toList());
            List<SignatureReport> reports = new ArrayList<>();
            for (int i = 0; i < inspected.size(); i++) {
                reports.add(report(inspected, i, rules, dss, pdf));
            }
            documentProblems(inspected, rules, Files.size(pdf), problems);
            return new VerificationReport(reports, problems);
        }
    }

    private static LtvData ltvData(PdfDocument document, List<String> problems) {
        try {
            return LtvData.of(document);
        } catch (PdfLimitExceeded e) {
            throw e;
        } catch (Exception e) {
            problems.add("The document's validation data (DSS dictionary) cannot be read");
            return new LtvData();
        }
    }

    private static void documentProblems(
            List<Inspected> inspected, RevisionRules.Verdict rules, long fileLength, List<String> problems) {
        long covered = inspected.stream()
                .filter(Inspected::soundRange)
                .mapToLong(Inspected::signedLength)
                .max()
                .orElse(fileLength);
        if (covered < fileLength) {
            problems.add("Changes were appended after the last signature; no signature covers them");
        }
        if (rules != RevisionRules.Verdict.ALLOWED) {
            problems.add(rules.problem());
        }
        for (Inspected s : inspected) {
            if (s.fieldNames().size() > 1) {
                problems.add(shared(s.fieldNames()));
            }
        }
    }

    /** One dictionary as the value of many fields: a shown "signature" that nobody made there. */
    private static String shared(List<String> fields) {
        return "One signature is the value of " + fields.size() + " signature fields ("
                + String.join(", ", fields.subList(0, Math.min(5, fields.size())))
                + (fields.size() > 5 ? ", …" : "") + "): a signature belongs to one field";
    }

    private Inspected inspect(SignatureFields.Candidate candidate, ByteRangeCheck ranges, Path pdf, LtvData dss) {
        PdfDictionary dictionary = candidate.signature();
        ByteRangeCheck.Result range = ranges.check(dictionary, candidate.holder());
        long signedLength = range.range() == null ? Long.MAX_VALUE : range.range()[2] + range.range()[3];
        Kind kind = kind(dictionary);
        List<String> problems = new ArrayList<>();
        if (!range.sound()) {
            problems.add(range.problem());
        }
        PdfString contents = dictionary.getAsString(PdfName.Contents);
        PdfPKCS7 pkcs7 =
                contents == null ? null : cms(contents.getValueBytes(), dictionary.getAsName(PdfName.SubFilter));
        if (pkcs7 == null) {
            problems.add(0, "The signature's /Contents is not a CMS signature that can be read");
            return Inspected.unreadable(candidate.fieldNames(), kind, signedLength, range.sound(), problems);
        }
        boolean intact = range.sound()
                && safely(() -> digest(pkcs7, pdf, range.range()))
                && safely(pkcs7::verifySignatureIntegrityAndAuthenticity);
        if (!intact) {
            problems.add(
                    0,
                    "The signed bytes do not match the signature: "
                            + "the document was modified or the signature replaced");
        }
        byte[] cms = contents.getValueBytes();
        TimeStampToken token = orNull(() -> kind == Kind.DOCUMENT_TIMESTAMP
                ? TokenCheck.documentTimestamp(cms)
                : TokenCheck.signatureTimestamp(cms));
        X509Certificate tsa = token == null ? null : TokenCheck.verifiedSigner(token);
        boolean tokenValid = tsa != null && (kind == Kind.DOCUMENT_TIMESTAMP || safely(pkcs7::verifyTimestampImprint));

        Set<X509Certificate> pool = new LinkedHashSet<>(dss.certificates());
        for (Certificate certificate : pkcs7.getCertificates()) {
            pool.add((X509Certificate) certificate);
        }
        X509Certificate signer = kind == Kind.DOCUMENT_TIMESTAMP && tsa != null ? tsa : pkcs7.getSigningCertificate();
        List<X509Certificate> ltvChain = new ArrayList<>(signer == null ? List.of() : chains.path(signer, pool));
        if (tsa != null) {
            List<X509Certificate> tokenCertificates = orNull(() -> TokenCheck.certificates(token));
            pool.addAll(tokenCertificates == null ? List.of() : tokenCertificates);
            ltvChain.addAll(chains.path(tsa, pool));
        }
        Instant time = tokenValid ? TokenCheck.time(token) : claimedTime(pkcs7);
        return new Inspected(
                candidate.fieldNames(),
                kind,
                signedLength,
                range.sound(),
                signer,
                signer == null ? null : chains.trustedBy(signer, pool),
                ltvChain,
                intact,
                token != null,
                tokenValid,
                time,
                problems);
    }

    /** The CMS, or null when /Contents does not hold one. */
    private static PdfPKCS7 cms(byte[] contents, PdfName subFilter) {
        try {
            return new PdfPKCS7(contents, subFilter == null ? PdfName.ETSI_CAdES_DETACHED : subFilter, null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Feeds the two signed ranges, read from the file, to the signature's digest. */
    private static boolean digest(PdfPKCS7 pkcs7, Path pdf, long[] range) throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(pdf.toFile(), "r")) {
            byte[] buffer = new byte[1 << 16];
            for (int part = 0; part < 4; part += 2) {
                file.seek(range[part]);
                long left = range[part + 1];
                while (left > 0) {
                    int n = file.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        return false;
                    }
                    pkcs7.update(buffer, 0, n);
                    left -= n;
                }
            }
        }
        return true;
    }

    private static Instant claimedTime(PdfPKCS7 pkcs7) {
        var date = orNull(pkcs7::getSignDate);
        return date == null || date.getTimeInMillis() <= 0 ? null : date.toInstant();
    }

    private SignatureReport report(List<Inspected> all, int index, RevisionRules.Verdict rules, LtvData dss, Path pdf)
            throws Exception {
        Inspected s = all.get(index);
        boolean permitted = rules.allowedAfter(s.signedLength());
        List<String> problems = new ArrayList<>(s.problems());
        if (s.fieldNames().size() > 1) {
            problems.add(shared(s.fieldNames()));
        }
        X509Certificate signer = s.signer();
        if (signer != null && s.trustedBy() == null) {
            problems.add("The signing certificate does not chain to a Signet root");
        }
        if (s.hasToken() && !s.tokenValid()) {
            problems.add("The timestamp does not verify");
        }
        if (signer != null && !validAt(signer, s.time())) {
            problems.add("The signing certificate was not valid at the signing time");
        }
        if (!permitted) {
            problems.add(rules.signatureProblem());
        }
        return new SignatureReport(
                s.name(),
                s.kind(),
                signer == null ? null : CertificateNames.commonName(signer),
                signer == null ? null : CertificateNames.email(signer),
                signer == null ? List.of() : SignerCertificates.verifiedBy(signer),
                s.time(),
                s.tokenValid(),
                s.intact(),
                s.soundRange() && s.signedLength() == Files.size(pdf),
                permitted,
                s.trustedBy(),
                s.intact() ? orNull(() -> level(all, index, dss, pdf)) : null,
                problems);
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

    private static Kind kind(PdfDictionary dictionary) {
        if (PdfName.DocTimeStamp.equals(dictionary.getAsName(PdfName.Type))
                || PdfName.ETSI_RFC3161.equals(dictionary.getAsName(PdfName.SubFilter))) {
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

    private static boolean validAt(X509Certificate certificate, Instant time) {
        try {
            certificate.checkValidity(Date.from(time));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean safely(Check check) {
        try {
            return check.run();
        } catch (PdfLimitExceeded e) {
            throw e;
        } catch (Exception e) {
            return false;
        }
    }

    private static <T> T orNull(Read<T> read) {
        try {
            return read.run();
        } catch (PdfLimitExceeded e) {
            throw e;
        } catch (Exception e) {
            return null;
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean run() throws Exception;
    }

    @FunctionalInterface
    private interface Read<T> {
        T run() throws Exception;
    }

    private record Inspected(
            List<String> fieldNames,
            Kind kind,
            long signedLength,
            boolean soundRange,
            X509Certificate signer,
            Mode trustedBy,
            List<X509Certificate> ltvChain,
            boolean intact,
            boolean hasToken,
            boolean tokenValid,
            Instant time,
            List<String> problems) {

        static Inspected unreadable(
                List<String> fieldNames, Kind kind, long signedLength, boolean soundRange, List<String> problems) {
            return new Inspected(
                    fieldNames,
                    kind,
                    signedLength,
                    soundRange,
                    null,
                    null,
                    List.of(),
                    false,
                    false,
                    false,
                    null,
                    problems);
        }

        String name() {
            return fieldNames.get(0);
        }
    }
}
