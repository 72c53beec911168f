package dev.signet.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import dev.signet.notification.MessageAttachments.Attachment;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What the completion emails carry: the pack when mail servers take it, nothing when it is too large. */
class CompletionPackTest extends SignetIntegrationTest {

    @Autowired
    CompletionPack pack;

    @Test
    void completionEmailsCarryThePackUnlessItIsTooLargeToMail() {
        UUID id = create(
                newTenant().sandboxKey(),
                new Options("Pack").signer("Ann", "ann.pack@example.com", 1).toString());
        addFile(id, "small.pdf", 1024);

        List<Attachment> small = pack.forMessage(id, "COMPLETION");
        assertThat(small).extracting(Attachment::fileName).containsExactly("contract.pdf", "small.pdf");
        assertThat(pack.forMessage(id, "COMPLETION_SENDER")).hasSize(2);
        assertThat(pack.forMessage(id, "INVITATION"))
                .as("only completion emails carry files")
                .isEmpty();

        addFile(id, "large.pdf", (int) CompletionPack.MAX_EMAIL_BYTES);
        assertThat(pack.forMessage(id, "COMPLETION")).as("over 15 MB in all").isEmpty();
        assertThat(pack.files(id)).as("the ZIP still has everything").hasSize(3);
    }

    private void addFile(UUID envelopeId, String name, int size) {
        byte[] content = new byte[size];
        ThreadLocalRandom.current().nextBytes(content);
        jdbc.sql("""
                insert into envelope_file (id, envelope_id, kind, file_name, content_type, sha256, content, created_at)
                values (?, ?, 'COVERSHEET', ?, 'application/pdf', 'x', ?, ?)""")
                .params(UUID.randomUUID(), envelopeId, name, content, OffsetDateTime.now())
                .update();
    }
}
