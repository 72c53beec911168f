package dev.signet.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

class AuditTrailTest extends SignetIntegrationTest {

    @Autowired
    AuditTrail trail;
    @Autowired
    TransactionTemplate tx;

    UUID envelope;

    @BeforeEach
    void fiveEvents() {
        envelope = create(newTenant().sandboxKey(), new Options("Audited").signer("Ann", "ann@example.com", 1).toString());
        for (int i = 1; i <= 5; i++) {
            int n = i;
            tx.executeWithoutResult(s -> trail.record(envelope, "TEST_EVENT", "system", Map.of("n", n, "note", "é ✓")));
        }
    }

    @Test
    void anUntouchedTrailVerifies() {
        AuditTrail.Verification verification = trail.verify(envelope);
        assertThat(verification.problems()).isEmpty();
        assertThat(verification.intact()).isTrue();
        assertThat(verification.events()).isGreaterThanOrEqualTo(5);
        assertThat(verification.headHash()).isEqualTo(trail.events(envelope).get(verification.events() - 1).hash());
    }

    @Test
    void anEditedEventIsFound() {
        jdbc.sql("update audit_event set details_json = '{\"n\":99}' where envelope_id = ? and seq = 3")
                .param(envelope).update();
        assertThat(trail.verify(envelope).problems()).anyMatch(p -> p.startsWith("event 3:"));
    }

    @Test
    void aDeletedEventIsFound() {
        jdbc.sql("delete from audit_event where envelope_id = ? and seq = 2").param(envelope).update();
        assertThat(trail.verify(envelope).intact()).isFalse();
    }

    @Test
    void anInsertedEventIsFoundEvenWithAPlausibleHash() {
        var events = trail.events(envelope);
        var second = events.get(1);
        // A forger who knows the scheme recomputes the inserted event's own hash, but cannot fix
        // the link of the event that followed it without rewriting every later hash.
        jdbc.sql("update audit_event set seq = seq + 100 where envelope_id = ? and seq > 2").param(envelope).update();
        var forgedAt = second.occurredAt().plusSeconds(1);
        String forgedHash = AuditTrail.hash(envelope, 3, forgedAt, "TEST_EVENT", "system", "{}", second.hash());
        jdbc.sql("insert into audit_event values (?, 3, ?, 'TEST_EVENT', 'system', '{}', ?, ?)")
                .params(envelope, forgedAt, second.hash(), forgedHash).update();
        jdbc.sql("update audit_event set seq = seq - 99 where envelope_id = ? and seq > 100").param(envelope).update();

        AuditTrail.Verification verification = trail.verify(envelope);

        assertThat(verification.intact()).isFalse();
        assertThat(verification.problems()).anyMatch(p -> p.startsWith("event 4:") && p.contains("does not follow"));
    }
}
