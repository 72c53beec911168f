package dev.signet.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.StampingProperties;
import dev.signet.SignetIntegrationTest;
import dev.signet.envelope.Envelopes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The document store on the real database: revisions, their hashes, and how signatures chain on them. */
class DocumentStoreTest extends SignetIntegrationTest {

    @Autowired
    DocumentStore store;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Envelopes envelopes;

    @Test
    void aDocumentReadsAsUploadedUntilARevisionIsSavedThenAsThatRevisionWithItsHash() throws Exception {
        Document document = uploadedDocument();
        byte[] upload = store.original(document.id()).orElseThrow();
        assertThat(document.contentType()).isEqualTo("application/pdf");
        assertThat(document.sha256()).isEqualTo(sha256(upload));
        assertThat(store.latest(document.id())).contains(upload);

        byte[] revision = "%PDF-1.7 a later revision".getBytes(StandardCharsets.ISO_8859_1);
        store.saveRevision(document.id(), revision);

        assertThat(store.latest(document.id())).contains(revision);
        assertThat(store.latestSha256(document.id())).contains(sha256(revision));
        assertThat(store.original(document.id()))
                .as("the upload is kept as received")
                .contains(upload);
        assertThat(store.sealed(document.id())).isFalse();
        store.markSealed(document.id());
        assertThat(store.sealed(document.id())).isTrue();
    }

    /**
     * Two steps that save revisions of one document, at the same moment. The store takes no lock of its own: the
     * envelope's row lock, held by every step that saves a revision, makes the signature wait for the step that
     * holds it and build on the revision that step saved, never beside it (which would drop one of the two).
     */
    @Test
    void aSignatureWaitsForTheEnvelopesLockAndBuildsOnTheRevisionSavedUnderIt() throws Exception {
        Tenant tenant = newTenant();
        UUID envelope = create(
                tenant.sandboxKey(),
                new Options("Chain")
                        .signer("Ann Chain", "ann.chain@example.com", 1)
                        .toString());
        runJobs(envelope);
        assertThat(sign(invitationTo(envelope, "ann.chain@example.com").token()).status())
                .isEqualTo(204);
        UUID ann = jdbc.sql("select id from recipient where envelope_id = ?")
                .param(envelope)
                .query(UUID.class)
                .single();
        Document document = store.documents(envelope).get(0);
        byte[] first = appendedRevision(store.latest(document.id()).orElseThrow());
        CountDownLatch locked = new CountDownLatch(1);
        CompletableFuture<Void> otherStep = CompletableFuture.runAsync(() -> tx.executeWithoutResult(s -> {
            jdbc.sql("select id from envelope where id = ? for update")
                    .param(envelope)
                    .query(UUID.class)
                    .single();
            locked.countDown();
            sleep(500);
            store.saveRevision(document.id(), first);
        }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

        envelopes.applySignature(ann);

        otherStep.get(10, TimeUnit.SECONDS);
        byte[] signed = store.latest(document.id()).orElseThrow();
        assertThat(signed.length).as("the signature was saved last").isGreaterThan(first.length);
        assertThat(Arrays.copyOf(signed, first.length))
                .as("the signature is appended to the revision saved under the lock")
                .isEqualTo(first);
    }

    /** A genuine incremental update of the PDF (its title changed), as another step would append. */
    private static byte[] appendedRevision(byte[] pdf) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument doc = new PdfDocument(
                new PdfReader(new ByteArrayInputStream(pdf)),
                new PdfWriter(out),
                new StampingProperties().useAppendMode())) {
            doc.getDocumentInfo().setTitle("another step's revision");
        }
        return out.toByteArray();
    }

    private Document uploadedDocument() {
        UUID envelope = create(
                newTenant().sandboxKey(),
                new Options("Store").signer("Ann", "ann.store@example.com", 1).toString());
        return store.documents(envelope).get(0);
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
