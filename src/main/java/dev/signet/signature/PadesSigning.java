package dev.signet.signature;

import com.itextpdf.forms.form.element.SignatureFieldAppearance;
import com.itextpdf.io.image.ImageDataFactory;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.StampingProperties;
import com.itextpdf.signatures.AccessPermissions;
import com.itextpdf.signatures.CrlClientOnline;
import com.itextpdf.signatures.ICrlClient;
import com.itextpdf.signatures.ITSAClient;
import com.itextpdf.signatures.PdfSigner;
import com.itextpdf.signatures.ProviderDigest;
import com.itextpdf.signatures.SignatureUtil;
import com.itextpdf.signatures.SignerProperties;
import dev.signet.account.Mode;
import dev.signet.document.SafePdf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Applies Signet's PAdES signatures to PDF files, each as one incremental update (earlier
 * signatures stay valid), working file to file so a 100 MB document signs in a small heap.
 *
 * <p>The life of a document here: {@link #certify} once, when it is prepared (Signet's seal,
 * DocMDP P=2: later revisions may only fill forms and sign); {@link #sign} once per signer; and
 * {@link #seal} when all have signed. Every signature is {@link #SIGNING_LEVEL} when made —
 * CAdES-detached ({@code ETSI.CAdES.detached}), SHA-256, signing-certificate-v2, a signature
 * timestamp — and every one becomes {@link #SEALED_LEVEL} once sealed.
 *
 * <p>Shaped like EU DSS: the key is a {@link SigningKey}, iText computes the digest of the byte
 * range, the key signs the signed attributes, iText embeds the CMS. Thread-safe; callers serialise
 * signatures on the same document (each must sign the latest revision).
 */
public final class PadesSigning {

    /** The field {@link #certify} creates when the request names none. */
    public static final String CERTIFICATION_FIELD = "Signet-Certification";
    /** The level every signature has when {@link #certify} or {@link #sign} returns. */
    public static final SignatureLevel SIGNING_LEVEL = SignatureLevel.B_T;
    /** The level every signature has once {@link #seal} returns. */
    public static final SignatureLevel SEALED_LEVEL = SignatureLevel.B_LTA;

    static final String SEAL_FIELD = "Signet-Seal";
    /**
     * Bytes of a CMS SignedData besides the certificates and the timestamp token: framing, the
     * digest algorithm, signed attributes (content type, message digest, signing-certificate-v2 —
     * about 200), the ECDSA signature (72) and the unsigned-attribute wrapper. Measured at ~450;
     * the margin absorbs an RSA seal key (a 384-byte signature).
     */
    static final int CMS_OVERHEAD = 1024;

    /**
     * Documents up to this size are read from a byte array and their new revision is built in the
     * heap; larger ones are read from the file and built in a scratch file, so that a 100 MB PDF
     * still signs within a 512 MB heap. Why not always the file: iText reads a file through
     * synchronised, buffered byte-by-byte sources, which cost a tenth of a small document's signature.
     */
    public static final long IN_MEMORY_LIMIT = 8L * 1024 * 1024;

    private static final ProviderDigest JDK_DIGEST = new ProviderDigest(null);

    private final Pki pki;
    private final Timestamps timestamps;
    private final SignerCertificates signerCertificates;
    private final ValidationDataWriter validationData;

    /**
     * @param signerValidity how long a one-time certificate is valid; it starts {@code backdate}
     *     before issuance to absorb clock skew between Signet, the TSA and validators
     */
    public PadesSigning(Pki pki, Timestamps timestamps, Duration signerValidity, Duration backdate, Clock clock) {
        this(pki, timestamps, signerValidity, backdate, clock, new CrlClientOnline());
    }

    PadesSigning(
            Pki pki,
            Timestamps timestamps,
            Duration signerValidity,
            Duration backdate,
            Clock clock,
            ICrlClient foreignCrls) {
        this.pki = pki;
        this.timestamps = timestamps;
        this.signerCertificates = new SignerCertificates(pki, signerValidity, backdate, clock);
        this.validationData = new ValidationDataWriter(pki, foreignCrls);
    }

    /**
     * Certifies a prepared document with Signet's seal key: DocMDP P=2, so filling form fields and
     * signing are the only changes later revisions may make. Must be the document's first signature.
     *
     * @throws SignatureException if the document is already signed, or the field is unusable
     * @throws TimestampException if the TSA failed; nothing was written
     */
    public void certify(Path in, Path out, SealRequest request) {
        certify(in, out, request, null);
    }

    /**
     * As {@link #certify(Path, Path, SealRequest)}, after {@code beforeSigning} changed the document
     * (fields added, say): the changes and the certification go into the one revision that is
     * signed, in a single read and write of the file. An unchecked exception of
     * {@code beforeSigning} comes out as it was thrown.
     */
    public void certify(Path in, Path out, SealRequest request, Consumer<PdfDocument> beforeSigning) {
        run(in, out, "certify", certification(request, beforeSigning), certificationProperties(request));
    }

    /**
     * As {@link #certify(Path, Path, SealRequest, Consumer)} for a document already in memory; the
     * certified document comes back as bytes. Up to {@link #IN_MEMORY_LIMIT} no file is written or
     * read (a temporary directory, two writes and two reads cost a prepared envelope about 2 % of
     * its CPU); a larger document goes through scratch files as before.
     */
    public byte[] certify(byte[] in, SealRequest request, Consumer<PdfDocument> beforeSigning) {
        return run(in, "certify", certification(request, beforeSigning), certificationProperties(request));
    }

    private static SignerProperties certificationProperties(SealRequest request) {
        SignerProperties properties = new SignerProperties()
                .setFieldName(request.fieldName() == null ? CERTIFICATION_FIELD : request.fieldName())
                .setCertificationLevel(AccessPermissions.FORM_FIELDS_MODIFICATION)
                .setSignatureCreator("Signet");
        if (request.reason() != null) {
            properties.setReason(request.reason());
        }
        return properties;
    }

    private SignerAction certification(SealRequest request, Consumer<PdfDocument> beforeSigning) {
        return signer -> {
            if (!new SignatureUtil(signer.getDocument()).getSignatureNames().isEmpty()) {
                throw new SignatureException("A certification must be the first signature; this document is signed");
            }
            if (beforeSigning != null) {
                try {
                    beforeSigning.accept(signer.getDocument());
                } catch (RuntimeException e) {
                    throw new CallerFailure(e);
                }
            }
            signDetached(signer, pki.sealKey(request.mode()), timestamps.client(request.mode()));
        };
    }

    /**
     * Signs one existing, empty signature field as the signer, with a one-time certificate issued
     * for this signature (its key is dropped when this method returns), after running the
     * request's {@code beforeSigning} on the document. The field's lock (defined when it was
     * prepared, see {@link FieldLocks}) becomes the signature's FieldMDP reference, so the
     * signer's fields cannot change after.
     *
     * @throws SignatureException if the field is missing, not a signature field, already signed,
     *     or does not lock every field in {@link SignerRequest#lockedFields()}
     * @throws TimestampException if the TSA failed; nothing was written
     */
    public void sign(Path in, Path out, SignerRequest request) {
        sign(in, out, request, null);
    }

    /**
     * As {@link #sign(Path, Path, SignerRequest)}, with the field's appearance drawn on the document
     * being signed, after {@code beforeSigning} ran (a drawing needs the document it goes into).
     *
     * @param drawn makes the signature field's appearance; {@code null} for the request's appearance
     */
    public void sign(Path in, Path out, SignerRequest request, Function<PdfDocument, SignatureFieldAppearance> drawn) {
        SignerProperties properties = signerProperties(request);
        run(in, out, "sign", signing(request, drawn, properties), properties);
    }

    /** As {@link #sign(Path, Path, SignerRequest, Function)} for a document in memory (see {@link #certify(byte[], SealRequest, Consumer)}). */
    public byte[] sign(byte[] in, SignerRequest request, Function<PdfDocument, SignatureFieldAppearance> drawn) {
        SignerProperties properties = signerProperties(request);
        return run(in, "sign", signing(request, drawn, properties), properties);
    }

    private static SignerProperties signerProperties(SignerRequest request) {
        SignerProperties properties =
                new SignerProperties().setFieldName(request.fieldName()).setSignatureCreator("Signet");
        if (request.reason() != null) {
            properties.setReason(request.reason());
        }
        if (request.appearance() != null) {
            properties.setSignatureAppearance(appearance(request.appearance()));
        }
        return properties;
    }

    private SignerAction signing(
            SignerRequest request, Function<PdfDocument, SignatureFieldAppearance> drawn, SignerProperties properties) {
        return signer -> {
            requireLocks(signer.getDocument(), request);
            if (request.beforeSigning() != null) {
                request.beforeSigning().accept(signer.getDocument());
            }
            if (drawn != null) {
                signer.setSignerProperties(properties.setSignatureAppearance(drawn.apply(signer.getDocument())));
            }
            SigningKey oneTime = signerCertificates.issue(request.mode(), request.signer());
            signDetached(signer, oneTime, timestamps.client(request.mode()));
        };
    }

    /**
     * Seals a fully signed document: one incremental update adding the DSS dictionary (all
     * certificates and fresh CRLs for every signature and timestamp) and a document timestamp
     * over it, which makes every signature in the document PAdES-BASELINE-LTA.
     *
     * @throws SignatureException if the document has no signature
     * @throws TimestampException if the TSA failed; nothing was written
     */
    public void seal(Path in, Path out, Mode mode) {
        run(in, out, "seal", sealing(mode), new SignerProperties());
    }

    /** As {@link #seal(Path, Path, Mode)} for a document in memory (see {@link #certify(byte[], SealRequest, Consumer)}). */
    public byte[] seal(byte[] in, Mode mode) {
        return run(in, "seal", sealing(mode), new SignerProperties());
    }

    private SignerAction sealing(Mode mode) {
        return signer -> {
            List<String> names = new SignatureUtil(signer.getDocument()).getSignatureNames();
            if (names.isEmpty()) {
                throw new SignatureException("There is nothing to seal: the document has no signature");
            }
            validationData.write(signer.getDocument());
            signer.timestamp(new GuardedTsaClient(timestamps.client(mode)), sealFieldName(names));
        };
    }

    /** Bytes reserved for a signature's CMS; the hex string in the PDF takes twice as many. */
    static int estimatedSize(List<X509Certificate> chain, ITSAClient tsa) {
        int size = CMS_OVERHEAD + tsa.getTokenSizeEstimate();
        for (X509Certificate certificate : chain) {
            size += CertificateBuilder.encoded(certificate).length;
        }
        return size;
    }

    /**
     * The document digest comes from the JDK's SHA-256 ({@link ProviderDigest} with no provider
     * named), which uses the processor's SHA instructions; BouncyCastle's portable SHA-256 is
     * several times slower, which shows on a 100 MB document. Same algorithm, same digest.
     */
    private static void signDetached(PdfSigner signer, SigningKey key, ITSAClient tsa) throws Exception {
        ITSAClient guarded = new GuardedTsaClient(tsa);
        signer.signDetached(
                JDK_DIGEST,
                new KeySignature(key),
                key.chain().toArray(new Certificate[0]),
                null,
                null,
                guarded,
                estimatedSize(key.chain(), tsa),
                PdfSigner.CryptoStandard.CADES);
    }

    /** The lock was defined with the field (see {@link FieldLocks}); signing only checks it is the one expected. */
    private static void requireLocks(PdfDocument document, SignerRequest request) {
        List<String> locked = FieldLocks.lockedBy(document, request.fieldName());
        if (!locked.containsAll(request.lockedFields())) {
            throw new SignatureException("Field " + request.fieldName() + " locks " + locked + ", not all of "
                    + request.lockedFields() + ": define the lock with FieldLocks.define when preparing the document");
        }
    }

    private static SignatureFieldAppearance appearance(SignatureAppearance appearance) {
        SignatureFieldAppearance field = new SignatureFieldAppearance(SignerProperties.IGNORED_ID);
        if (appearance.image() == null) {
            return field.setContent(appearance.text());
        }
        var image = ImageDataFactory.create(appearance.image());
        return appearance.text() == null ? field.setContent(image) : field.setContent(appearance.text(), image);
    }

    private static String sealFieldName(List<String> existing) {
        String name = SEAL_FIELD;
        for (int i = 2; existing.contains(name); i++) {
            name = SEAL_FIELD + "-" + i;
        }
        return name;
    }

    private void run(Path in, Path out, String what, SignerAction action, SignerProperties properties) {
        try (OutputFile output = new OutputFile(out)) {
            boolean small = Files.size(in) <= IN_MEMORY_LIMIT;
            try (PdfReader reader = small ? inMemory(Files.readAllBytes(in)) : SafePdf.reader(in);
                    OutputStream stream = Files.newOutputStream(output.partial())) {
                action.apply(new PdfSigner(
                        reader,
                        stream,
                        small ? null : output.scratch(),
                        new StampingProperties().useAppendMode(),
                        properties));
            }
            output.commit();
        } catch (Exception e) {
            throw failure(e, what + " " + in.getFileName());
        }
    }

    private byte[] run(byte[] in, String what, SignerAction action, SignerProperties properties) {
        if (in.length > IN_MEMORY_LIMIT) {
            return throughFiles(in, what, action, properties);
        }
        // Room for the new revision: the signature's reserved /Contents and a little structure.
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 32 * 1024);
        try (PdfReader reader = inMemory(in)) {
            action.apply(new PdfSigner(reader, out, null, new StampingProperties().useAppendMode(), properties));
        } catch (Exception e) {
            throw failure(e, what + " the document");
        }
        return out.toByteArray();
    }

    private byte[] throughFiles(byte[] in, String what, SignerAction action, SignerProperties properties) {
        try (Scratch scratch = new Scratch()) {
            Path out = scratch.path("out.pdf");
            run(scratch.write("in.pdf", in), out, what, action, properties);
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new SignatureException("Could not " + what + " the document: " + e.getMessage(), e);
        }
    }

    private static PdfReader inMemory(byte[] pdf) throws IOException {
        return SafePdf.reader(pdf);
    }

    /** What a failed run throws: our own and the caller's exceptions as they are, a TSA failure as one, iText's wrapped. */
    private static RuntimeException failure(Exception e, String what) {
        if (e instanceof SignatureException signature) {
            return signature;
        }
        if (e instanceof CallerFailure caller) {
            return caller.failure;
        }
        TimestampException timestamp = GuardedTsaClient.find(e);
        if (timestamp != null) {
            return timestamp;
        }
        return new SignatureException("Could not " + what + ": " + e.getMessage(), e);
    }

    /** Carries the caller's own exception past {@link #run}, which reports iText's as a SignatureException. */
    private static final class CallerFailure extends RuntimeException {
        private final RuntimeException failure;

        CallerFailure(RuntimeException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    @FunctionalInterface
    private interface SignerAction {
        void apply(PdfSigner signer) throws Exception;
    }
}
