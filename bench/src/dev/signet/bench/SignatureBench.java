package dev.signet.bench;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.forms.fields.SignatureFormFieldBuilder;
import com.itextpdf.forms.fields.TextFormFieldBuilder;
import com.itextpdf.io.font.constants.StandardFonts;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfPage;
import com.itextpdf.kernel.pdf.PdfStream;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import dev.signet.account.Mode;
import dev.signet.signature.FieldLocks;
import dev.signet.signature.KeyProvider;
import dev.signet.signature.KeyRole;
import dev.signet.signature.PadesSigning;
import dev.signet.signature.Pkcs12KeyProvider;
import dev.signet.signature.Pki;
import dev.signet.signature.RevocationList;
import dev.signet.signature.SealRequest;
import dev.signet.signature.SignerIdentity;
import dev.signet.signature.SignerRequest;
import dev.signet.signature.SigningKey;
import dev.signet.signature.TimeStampAuthority;
import dev.signet.signature.Timestamps;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import eu.europa.esig.dss.model.TimestampBinary;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * Times Signet's signatures against EU DSS on the same documents, key and TSA, in one JVM.
 * Run it with bench/signatures.sh (see bench/SIGNATURES.md); it prints a Markdown table.
 */
public final class SignatureBench {

    private static final int WARMUP = 20;
    /** Runs of every action before the first measurement, so the 1-page row is not the JIT's warm-up. */
    private static final int JIT_WARMUP = 150;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Path dir = Files.createTempDirectory("signet-bench");
        KeyProvider keys = Pkcs12KeyProvider.loadOrGenerate(dir.resolve("ca.p12"), "bench".toCharArray(), "Signet Bench",
                "http://localhost:8080", Clock.systemUTC());
        Pki pki = new Pki(keys, "http://localhost:8080", Duration.ofDays(7), Clock.systemUTC(), RevocationList.NONE);
        Timestamps timestamps = new Timestamps(pki, null, Clock.systemUTC());
        PadesSigning signing = new PadesSigning(pki, timestamps, Duration.ofMinutes(10), Duration.ofMinutes(1),
                Clock.systemUTC());
        Dss dss = new Dss(keys.key(Mode.LIVE, KeyRole.SEAL), timestamps.authority(Mode.LIVE));

        warmUp(dir, signing, dss);
        System.out.printf("java %s, %d cores, max heap %d MB, %d measured runs after %d warm-up (and %d of each "
                + "action on 10 pages first)%n%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, runs, WARMUP,
                JIT_WARMUP);
        System.out.println("| pages | Signet sign (one-time cert + TSA) | Signet certify (seal key + TSA) | EU DSS B-T (seal key + TSA) | DSS / Signet certify | Signet seal (DSS dict + doc timestamp) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        List<String> spread = new ArrayList<>();
        for (int pages : new int[] {1, 10, 100}) {
            Path prepared = prepared(dir.resolve("prepared-" + pages + ".pdf"), pages);
            Path certified = dir.resolve("certified-" + pages + ".pdf");
            signing.certify(prepared, certified, SealRequest.invisible(Mode.LIVE));
            Path signed = dir.resolve("signed-" + pages + ".pdf");
            Path out = dir.resolve("out-" + pages + ".pdf");
            SignerRequest request = SignerRequest.of(Mode.LIVE, "signer",
                    new SignerIdentity("Bench Signer", "bench@example.com", List.of("email-link")));
            signing.sign(certified, signed, request);

            double[] signTimes = times(runs, () -> signing.sign(certified, out, request));
            double sign = percentile(signTimes, 50);
            spread.add(String.format("%d pages: p10 %.1f ms, p90 %.1f ms", pages, percentile(signTimes, 10),
                    percentile(signTimes, 90)));
            double certify = median(runs, () -> signing.certify(prepared, out, SealRequest.invisible(Mode.LIVE)));
            double viaDss = median(runs, () -> dss.signBaselineT(prepared, out));
            double seal = median(runs, () -> signing.seal(signed, out, Mode.LIVE));
            System.out.printf("| %d | %.1f ms | %.1f ms | %.1f ms | %.2f | %.1f ms |%n",
                    pages, sign, certify, viaDss, viaDss / certify, seal);
        }
        System.out.println();
        System.out.println("Signet sign spread: " + String.join("; ", spread));
        large(dir, signing);
    }

    /** One 100 MB document, signed in whatever heap this JVM has (signatures.sh gives it 512 MB). */
    private static void large(Path dir, PadesSigning signing) throws Exception {
        Path prepared = dir.resolve("large.pdf");
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(prepared.toString()))) {
            addPages(pdf, 1);
            // 100 MB of incompressible bytes, streamed to disk: never whole in the heap.
            PdfStream payload = new PdfStream(pdf, new RandomBytes(100L << 20));
            payload.put(PdfName.Type, new PdfName("SignetBenchPayload"));
            pdf.getCatalog().put(new PdfName("SignetBenchPayload"), payload);
            addFields(pdf, pdf.getPage(1));
        }
        Path out = dir.resolve("large-signed.pdf");
        SignerRequest request = SignerRequest.of(Mode.LIVE, "signer",
                new SignerIdentity("Bench Signer", "bench@example.com", List.of("email-link")));
        double ms = median(3, () -> signing.sign(prepared, out, request));
        System.out.printf("%n100 MB PDF (%d bytes): Signet sign median of 3: %.0f ms, max heap %d MB%n",
                Files.size(prepared), ms, Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Every action on a 10-page document until the JIT has compiled the hot paths of all of them. */
    private static void warmUp(Path dir, PadesSigning signing, Dss dss) throws Exception {
        Path prepared = prepared(dir.resolve("warm-prepared.pdf"), 10);
        Path certified = dir.resolve("warm-certified.pdf");
        Path signed = dir.resolve("warm-signed.pdf");
        Path out = dir.resolve("warm-out.pdf");
        SignerRequest request = SignerRequest.of(Mode.LIVE, "signer",
                new SignerIdentity("Bench Signer", "bench@example.com", List.of("email-link")));
        for (int i = 0; i < JIT_WARMUP; i++) {
            signing.certify(prepared, certified, SealRequest.invisible(Mode.LIVE));
            signing.sign(certified, signed, request);
            dss.signBaselineT(prepared, out);
            signing.seal(signed, out, Mode.LIVE);
        }
    }

    private static double median(int runs, Action action) throws Exception {
        return percentile(times(runs, action), 50);
    }

    /** Wall times of {@code runs} calls in milliseconds, sorted, after a few unmeasured ones. */
    private static double[] times(int runs, Action action) throws Exception {
        for (int i = 0; i < Math.min(WARMUP, runs); i++) {
            action.run();
        }
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            action.run();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        return times;
    }

    /** The nearest-rank percentile of sorted times; the median of an even count is the mean of the middle two. */
    private static double percentile(double[] sorted, int p) {
        int n = sorted.length;
        if (p == 50 && n % 2 == 0) {
            return (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
        return sorted[Math.min(n - 1, Math.max(0, (int) Math.ceil(p / 100.0 * n) - 1))];
    }

    private static Path prepared(Path file, int pages) throws IOException {
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(file.toString()))) {
            addPages(pdf, pages);
            addFields(pdf, pdf.getPage(pages));
        }
        return file;
    }

    private static void addPages(PdfDocument pdf, int pages) throws IOException {
        var font = PdfFontFactory.createFont(StandardFonts.HELVETICA);
        for (int i = 1; i <= pages; i++) {
            PdfPage page = pdf.addNewPage(PageSize.A4);
            PdfCanvas canvas = new PdfCanvas(page);
            for (int line = 0; line < 40; line++) {
                canvas.beginText().setFontAndSize(font, 10).moveText(72, 780 - line * 18)
                        .showText("Page " + i + ", clause " + line + ": the parties agree to what this line says.").endText();
            }
        }
    }

    private static void addFields(PdfDocument pdf, PdfPage page) {
        PdfAcroForm form = PdfAcroForm.getAcroForm(pdf, true);
        PdfFormField signature = new SignatureFormFieldBuilder(pdf, "signer")
                .setWidgetRectangle(new Rectangle(72, 80, 200, 50)).setPage(page).createSignature();
        form.addField(signature, page);
        PdfFormField date = new TextFormFieldBuilder(pdf, "signer-date")
                .setWidgetRectangle(new Rectangle(300, 80, 150, 20)).setPage(page).createText();
        form.addField(date, page);
        FieldLocks.define(pdf, "signer", List.of("signer-date"));
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    /** EU DSS signing PAdES-BASELINE-T with Signet's seal key and built-in TSA: the reference. */
    private static final class Dss {
        private final SigningKey key;
        private final PAdESService service;

        Dss(SigningKey key, TimeStampAuthority tsa) {
            this.key = key;
            this.service = new PAdESService(new CommonCertificateVerifier());
            this.service.setTspSource(new BuiltInTsp(tsa));
        }

        void signBaselineT(Path in, Path out) throws Exception {
            PAdESSignatureParameters parameters = new PAdESSignatureParameters();
            parameters.setSignatureLevel(SignatureLevel.PAdES_BASELINE_T);
            parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
            parameters.setSigningCertificate(new CertificateToken(key.certificate()));
            List<CertificateToken> chain = new ArrayList<>();
            for (X509Certificate certificate : key.chain()) {
                chain.add(new CertificateToken(certificate));
            }
            parameters.setCertificateChain(chain);
            DSSDocument document = new FileDocument(in.toFile());
            ToBeSigned toBeSigned = service.getDataToSign(document, parameters);
            SignatureValue value = new SignatureValue(SignatureAlgorithm.ECDSA_SHA256, key.sign(toBeSigned.getBytes()));
            service.signDocument(document, parameters, value).save(out.toString());
        }
    }

    private static final class BuiltInTsp implements TSPSource {
        private final TimeStampAuthority tsa;

        BuiltInTsp(TimeStampAuthority tsa) {
            this.tsa = tsa;
        }

        @Override
        public TimestampBinary getTimeStampResponse(DigestAlgorithm algorithm, byte[] digest) {
            try {
                TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
                generator.setCertReq(true);
                TimeStampRequest request = generator.generate(new ASN1ObjectIdentifier(algorithm.getOid()), digest,
                        BigInteger.valueOf(System.nanoTime()));
                TimeStampResponse response = new TimeStampResponse(tsa.respond(request.getEncoded()));
                response.validate(request);
                return new TimestampBinary(response.getTimeStampToken().getEncoded());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A deterministic stream of incompressible bytes. */
    private static final class RandomBytes extends InputStream {
        private final Random random = new Random(42);
        private long remaining;

        RandomBytes(long length) {
            this.remaining = length;
        }

        @Override
        public int read() {
            if (remaining-- <= 0) {
                return -1;
            }
            return random.nextInt(256);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, buffer, offset, n);
            remaining -= n;
            return n;
        }
    }
}
