package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.signatures.SignatureUtil;
import com.sun.net.httpserver.HttpServer;
import dev.signet.account.Mode;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timestamps from the built-in TSA, over real RFC 3161 HTTP, and what happens when the TSA is down. */
class TimestampTest {

    @TempDir
    static Path dir;

    static SignatureFixture fixture;
    static HttpServer server;
    static final AtomicInteger requests = new AtomicInteger();
    static final CountDownLatch silent = new CountDownLatch(1);

    /** The built-in live TSA served the way an external one is: POST timestamp-query, get timestamp-reply. */
    @BeforeAll
    static void serveTheBuiltInTsaOverHttp() throws Exception {
        fixture = SignatureFixture.create(dir);
        TimeStampAuthority authority = fixture.timestamps.authority(Mode.LIVE);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/silent", exchange -> {
            // Takes the request and never answers, like a TSA that hangs.
            exchange.getRequestBody().readAllBytes();
            silent.countDown();
        });
        server.createContext("/tsa", exchange -> {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (!"POST".equals(exchange.getRequestMethod()) || !"application/timestamp-query".equals(type)) {
                exchange.sendResponseHeaders(415, -1);
                exchange.close();
                return;
            }
            requests.incrementAndGet();
            byte[] reply = authority.respond(exchange.getRequestBody().readAllBytes());
            exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void anExternalTsaOverHttpTimestampsEverySignatureAndTheSeal() throws Exception {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
        SignatureFixture external = fixture.withTimestamps(new Timestamps(
                fixture.pki,
                new Timestamps.External(
                        url, null, null, 4096, TimeStampAuthority.POLICY.getId(), Duration.ofSeconds(10)),
                Clock.systemUTC()));
        Path prepared = TestPdfs.withSignatureFields(dir.resolve("http-prepared.pdf"), 1, "signer");
        Path certified = dir.resolve("http-certified.pdf");
        Path signed = dir.resolve("http-signed.pdf");
        Path sealed = dir.resolve("http-sealed.pdf");
        int before = requests.get();

        external.signing.certify(prepared, certified, SealRequest.invisible(Mode.LIVE));
        external.signing.sign(
                certified, signed, SignerRequest.of(Mode.LIVE, "signer", SignatureFixture.signer("Hattie Http")));
        external.signing.seal(signed, sealed, Mode.LIVE);

        assertThat(requests.get() - before).isEqualTo(3);
        VerificationReport report = fixture.verifier.verify(sealed);
        assertThat(report.valid()).isTrue();
        assertThat(report.signatures())
                .allSatisfy(s -> assertThat(s.timeFromTimestamp()).isTrue());
        assertThat(report.signatures().get(1).level()).isEqualTo(SignatureLevel.B_LTA);
        try (PdfDocument pdf = new PdfDocument(new PdfReader(signed.toFile()))) {
            byte[] cms =
                    new SignatureUtil(pdf).getSignature("signer").getContents().getValueBytes();
            TimeStampToken token = TokenCheck.signatureTimestamp(cms);
            assertThat(token.getTimeStampInfo().getPolicy()).isEqualTo(TimeStampAuthority.POLICY);
            assertThat(token.getTimeStampInfo().getNonce()).isNotNull();
            assertThat(TokenCheck.verifiedSigner(token))
                    .isEqualTo(fixture.pki.key(Mode.LIVE, KeyRole.TSA).certificate());
        }
    }

    @Test
    void aTsaThatDoesNotAnswerFailsTheSignatureAndWritesNothing() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SignatureFixture down = fixture.withTimestamps(new Timestamps(
                fixture.pki,
                new Timestamps.External(
                        URI.create("http://127.0.0.1:" + closedPort + "/tsa"),
                        null,
                        null,
                        4096,
                        null,
                        Duration.ofSeconds(5)),
                Clock.systemUTC()));
        Path failures = Files.createDirectories(dir.resolve("failures"));
        Path prepared = TestPdfs.withSignatureFields(failures.resolve("prepared.pdf"), 1, "signer");
        Path certified = failures.resolve("certified.pdf");
        fixture.signing.certify(prepared, certified, SealRequest.invisible(Mode.LIVE));
        Path out = failures.resolve("signed.pdf");

        assertThatThrownBy(() -> down.signing.sign(
                        certified, out, SignerRequest.of(Mode.LIVE, "signer", SignatureFixture.signer("Tim Timeout"))))
                .isInstanceOf(TimestampException.class);

        assertThat(out).doesNotExist();
        try (Stream<Path> files = Files.list(failures)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("prepared.pdf", "certified.pdf");
        }
        assertThatThrownBy(() -> down.signing.seal(certified, out, Mode.LIVE)).isInstanceOf(TimestampException.class);
        assertThat(out).doesNotExist();
        // A document certified in memory fails the same way.
        byte[] inMemory = Files.readAllBytes(prepared);
        assertThatThrownBy(() -> down.signing.certify(inMemory, SealRequest.invisible(Mode.LIVE), null))
                .isInstanceOf(TimestampException.class);
    }

    @Test
    void aDocumentInMemoryIsCertifiedAsThroughFiles() throws Exception {
        Path preparedFile = TestPdfs.withSignatureFields(dir.resolve("bytes-prepared.pdf"), 1, "signer");
        byte[] prepared = Files.readAllBytes(preparedFile);

        byte[] certified = fixture.signing.certify(prepared, SealRequest.invisible(Mode.LIVE), null);

        // An incremental update: the prepared document is left as it was, byte for byte, and extended.
        assertThat(certified.length).isGreaterThan(prepared.length);
        assertThat(java.util.Arrays.copyOf(certified, prepared.length)).isEqualTo(prepared);
        Path written = Files.write(dir.resolve("bytes-certified.pdf"), certified);
        try (PdfDocument pdf = new PdfDocument(new PdfReader(written.toFile()))) {
            SignatureUtil signatures = new SignatureUtil(pdf);
            assertThat(signatures.getSignatureNames()).singleElement().satisfies(name -> {
                assertThat(signatures.signatureCoversWholeDocument(name)).isTrue();
                assertThat(signatures.readSignatureData(name).verifySignatureIntegrityAndAuthenticity())
                        .isTrue();
                assertThat(signatures.readSignatureData(name).getTimeStampTokenInfo())
                        .isNotNull();
            });
        }
        Path throughFiles = dir.resolve("files-certified.pdf");
        fixture.signing.certify(preparedFile, throughFiles, SealRequest.invisible(Mode.LIVE));
        assertThat(certification(written))
                .isEqualTo(certification(throughFiles))
                .isEqualTo(PadesSigning.CERTIFICATION_FIELD + ", DocMDP P=2");
        assertThatThrownBy(() ->
                        fixture.signing.certify(written, dir.resolve("twice.pdf"), SealRequest.invisible(Mode.LIVE)))
                .isInstanceOf(SignatureException.class)
                .hasMessageContaining("already signed");
        assertThatThrownBy(() -> fixture.signing.certify(certified, SealRequest.invisible(Mode.LIVE), null))
                .isInstanceOf(SignatureException.class)
                .hasMessage("Could not certify the document: Field has been already signed.");
        // Over the limit the bytes go through a scratch file (whose name the error gives), not the heap.
        assertThatThrownBy(() -> fixture.signing.certify(
                        new byte[(int) PadesSigning.IN_MEMORY_LIMIT + 1], SealRequest.invisible(Mode.LIVE), null))
                .isInstanceOf(SignatureException.class)
                .hasMessageStartingWith("Could not certify in.pdf");
    }

    @Test
    void aTsaThatHangsFailsTheSignatureWhenTheTimeoutRunsOut() throws Exception {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/silent");
        SignatureFixture hanging = fixture.withTimestamps(new Timestamps(
                fixture.pki,
                new Timestamps.External(url, null, null, 4096, null, Duration.ofMillis(500)),
                Clock.systemUTC()));
        Path prepared = TestPdfs.withSignatureFields(dir.resolve("hang-prepared.pdf"), 1, "signer");
        Path out = dir.resolve("hang-certified.pdf");
        long start = System.nanoTime();

        assertThatThrownBy(() -> hanging.signing.certify(prepared, out, SealRequest.invisible(Mode.LIVE)))
                .isInstanceOf(TimestampException.class);

        assertThat(silent.getCount()).as("the request reached the TSA").isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(out).doesNotExist();
    }

    @Test
    void theBuiltInTsaRejectsGarbageWithAnRfc3161Answer() throws Exception {
        byte[] reply = fixture.timestamps.authority(Mode.LIVE).respond(new byte[] {1, 2, 3});
        var response = new org.bouncycastle.tsp.TimeStampResponse(reply);
        assertThat(response.getStatus()).isEqualTo(org.bouncycastle.asn1.cmp.PKIStatus.REJECTION);
        assertThat(response.getTimeStampToken()).isNull();
    }

    /** The certification's field and the DocMDP permission level it grants. */
    private static String certification(Path pdf) throws Exception {
        try (PdfDocument doc = new PdfDocument(new PdfReader(pdf.toFile()))) {
            String field = new SignatureUtil(doc).getSignatureNames().get(0);
            PdfDictionary docMdp = doc.getCatalog()
                    .getPdfObject()
                    .getAsDictionary(PdfName.Perms)
                    .getAsDictionary(PdfName.DocMDP);
            int level = docMdp.getAsArray(PdfName.Reference)
                    .getAsDictionary(0)
                    .getAsDictionary(PdfName.TransformParams)
                    .getAsNumber(PdfName.P)
                    .intValue();
            return field + ", DocMDP P=" + level;
        }
    }
}
