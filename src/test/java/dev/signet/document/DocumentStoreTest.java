package dev.signet.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The document store on the real database: revisions, their hashes, and the row lock that chains them. */
class DocumentStoreTest extends SignetIntegrationTest {

    @Autowired
    DocumentStore store;

    @Autowired
    TransactionTemplate tx;

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

    /** Two signing steps on one document: the second builds on the first's revision, never beside it. */
    @Test
    void aSecondSignerWaitsForTheLockedRevisionAndBuildsOnIt() throws Exception {
        Document document = uploadedDocument();
        byte[] first = "%PDF-1.7 first signature".getBytes(StandardCharsets.ISO_8859_1);
        CountDownLatch locked = new CountDownLatch(1);
        CompletableFuture<Void> firstSigner = CompletableFuture.runAsync(() -> tx.executeWithoutResult(s -> {
            store.lockLatest(document.id());
            locked.countDown();
            sleep(500);
            store.saveRevision(document.id(), first);
        }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

        byte[] seenBySecond = tx.execute(s -> store.lockLatest(document.id()));

        firstSigner.get(10, TimeUnit.SECONDS);
        assertThat(seenBySecond).isEqualTo(first);
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
