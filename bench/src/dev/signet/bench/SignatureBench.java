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
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * Times Signet's signatures against EU DSS on the same documents, key and TSA, in one JVM.
 * Run it with bench/signatures.sh (see bench/README.md); it prints Markdown tables.
 */
public final class SignatureBench {

    /**
     * Unmeasured rounds first: every action on every document, until the JIT has compiled the hot
     * paths of all of them (on a busy machine its compiler threads get little CPU).
     */
    private static final int WARMUP = 100;

    private static final int[] PAGES = {1, 10, 100};

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Path dir = Files.createTempDirectory("signet-bench");
        try {
            run(runs, dir);
        } finally {
            // The 100 MB document and its signed copy alone are 200 MB per run.
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(file -> file.toFile().delete());
            }
        }
    }

    private static void run(int runs, Path dir) throws Exception {
        KeyProvider keys = Pkcs12KeyProvider.loadOrGenerate(
                dir.resolve("ca.p12"),
                "bench".toCharArray(),
                "Signet Bench",
                "http://localhost:8080",
                Clock.systemUTC());
        Pki pki = new Pki(keys, "http://localhost:8080", Duration.ofDays(7), Clock.systemUTC(), RevocationList.NONE);
        Timestamps timestamps = new Timestamps(pki, null, Clock.systemUTC());
        PadesSigning signing =
                new PadesSigning(pki, timestamps, Duration.ofMinutes(10), Duration.ofMinutes(1), Clock.systemUTC());
        Dss dss = new Dss(keys.key(Mode.LIVE, KeyRole.SEAL), timestamps.authority(Mode.LIVE));

        // Four actions per document size, measured round-robin: a burst of load from elsewhere on
        // the machine then slows every cell alike instead of whichever cell was running.
        List<Action> cells = new ArrayList<>();
        for (int pages : PAGES) {
            Path prepared = prepared(dir.resolve("prepared-" + pages + ".pdf"), pages);
            Path certified = dir.resolve("certified-" + pages + ".pdf");
            signing.certify(prepared, certified, SealRequest.invisible(Mode.LIVE));
            Path signed = dir.resolve("signed-" + pages + ".pdf");
            Path out = dir.resolve("out-" + pages + ".pdf");
            SignerRequest request = SignerRequest.of(
                    Mode.LIVE,
                    "signer",
                    new SignerIdentity("Bench Signer", "bench@example.com", List.of("email-link")));
            signing.sign(certified, signed, request);
            cells.add(() -> signing.sign(certified, out, request));
            cells.add(() -> signing.certify(prepared, out, SealRequest.invisible(Mode.LIVE)));
            cells.add(() -> dss.signBaselineT(prepared, out));
            cells.add(() -> signing.seal(signed, out, Mode.LIVE));
        }
        Timing[] timings = measureRoundRobin(runs, cells);

        System.out.printf(
                "java %s, %d cores, max heap %d MB, %d measured rounds after %d warm-up rounds%n%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                runs,
                WARMUP);
        List<String> wall = new ArrayList<>();
        List<String> cpu = new ArrayList<>();
        List<String> spread = new ArrayList<>();
        for (int i = 0; i < PAGES.length; i++) {
            Timing sign = timings[4 * i];
            Timing certify = timings[4 * i + 1];
            Timing viaDss = timings[4 * i + 2];
            Timing seal = timings[4 * i + 3];
            wall.add(row(PAGES[i], sign.wall(), certify.wall(), viaDss.wall(), seal.wall()));
            cpu.add(row(PAGES[i], sign.cpu(), certify.cpu(), viaDss.cpu(), seal.cpu()));
            spread.add(String.format(
                    "%d pages: p10 %.1f ms, p90 %.1f ms",
                    PAGES[i], percentile(sign.wall(), 10), percentile(sign.wall(), 90)));
        }
        table("Median wall time of one call", wall);
        table("Median CPU time of the calling thread (steadier than wall time on a shared machine)", cpu);
        System.out.println("Signet sign wall-time spread: " + String.join("; ", spread));
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
        SignerRequest request = SignerRequest.of(
                Mode.LIVE, "signer", new SignerIdentity("Bench Signer", "bench@example.com", List.of("email-link")));
        double ms = median(3, () -> signing.sign(prepared, out, request));
        System.out.printf(
                "%n100 MB PDF (%d bytes): Signet sign median of 3: %.0f ms, max heap %d MB%n",
                Files.size(prepared), ms, Runtime.getRuntime().maxMemory() >> 20);
    }

    private static void table(String title, List<String> rows) {
        System.out.println(title + ":");
        System.out.println();
        System.out.println(
                "| pages | Signet sign (one-time cert + TSA) | Signet certify (seal key + TSA) | EU DSS B-T (seal key + TSA) | DSS / Signet certify | DSS / Signet sign | Signet seal (DSS dict + doc timestamp) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.println();
    }

    private static String row(int pages, double[] sign, double[] certify, double[] viaDss, double[] seal) {
        double dssMedian = percentile(viaDss, 50);
        return String.format(
                "| %d | %.1f ms | %.1f ms | %.1f ms | %.2f | %.2f | %.1f ms |",
                pages,
                percentile(sign, 50),
                percentile(certify, 50),
                dssMedian,
                dssMedian / percentile(certify, 50),
                dssMedian / percentile(sign, 50),
                percentile(seal, 50));
    }

    /** The median wall time of {@code runs} calls, after one unmeasured call. */
    private static double median(int runs, Action action) throws Exception {
        action.run();
        double[] wall = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            action.run();
            wall[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(wall);
        return percentile(wall, 50);
    }

    /** Sorted wall and calling-thread CPU times, in milliseconds, of each cell over {@code runs} rounds. */
    private static Timing[] measureRoundRobin(int runs, List<Action> cells) throws Exception {
        for (int round = 0; round < WARMUP; round++) {
            for (Action cell : cells) {
                cell.run();
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] wall = new double[cells.size()][runs];
        double[][] cpu = new double[cells.size()][runs];
        for (int round = 0; round < runs; round++) {
            for (int c = 0; c < cells.size(); c++) {
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                cells.get(c).run();
                wall[c][round] = (System.nanoTime() - start) / 1e6;
                cpu[c][round] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            }
        }
        Timing[] timings = new Timing[cells.size()];
        for (int c = 0; c < cells.size(); c++) {
            Arrays.sort(wall[c]);
            Arrays.sort(cpu[c]);
            timings[c] = new Timing(wall[c], cpu[c]);
        }
        return timings;
    }

    private record Timing(double[] wall, double[] cpu) {}

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
                canvas.beginText()
                        .setFontAndSize(font, 10)
                        .moveText(72, 780 - line * 18)
                        .showText("Page " + i + ", clause " + line + ": the parties agree to what this line says.")
                        .endText();
            }
        }
    }

    private static void addFields(PdfDocument pdf, PdfPage page) {
        PdfAcroForm form = PdfAcroForm.getAcroForm(pdf, true);
        PdfFormField signature = new SignatureFormFieldBuilder(pdf, "signer")
                .setWidgetRectangle(new Rectangle(72, 80, 200, 50))
                .setPage(page)
                .createSignature();
        form.addField(signature, page);
        PdfFormField date = new TextFormFieldBuilder(pdf, "signer-date")
                .setWidgetRectangle(new Rectangle(300, 80, 150, 20))
                .setPage(page)
                .createText();
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
                TimeStampRequest request = generator.generate(
                        new ASN1ObjectIdentifier(algorithm.getOid()), digest, BigInteger.valueOf(System.nanoTime()));
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
