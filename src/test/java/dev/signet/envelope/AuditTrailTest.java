package dev.signet.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

class AuditTrailTest extends SignetIntegrationTest {

    @Autowired
    AuditTrail trail;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    PlatformTransactionManager transactions;

    UUID envelope;

    @BeforeEach
    void fiveEvents() {
        envelope = create(
                newTenant().sandboxKey(),
                new Options("Audited").signer("Ann", "ann@example.com", 1).toString());
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
        assertThat(verification.headHash())
                .isEqualTo(trail.events(envelope).get(verification.events() - 1).hash());
    }

    @Test
    void anEditedEventIsFound() {
        jdbc.sql("update audit_event set details_json = '{\"n\":99}' where envelope_id = ? and seq = 3")
                .param(envelope)
                .update();
        assertThat(trail.verify(envelope).problems()).anyMatch(p -> p.startsWith("event 3:"));
    }

    @Test
    void aDeletedEventIsFound() {
        jdbc.sql("delete from audit_event where envelope_id = ? and seq = 2")
                .param(envelope)
                .update();
        assertThat(trail.verify(envelope).intact()).isFalse();
    }

    @Test
    void anInsertedEventIsFoundEvenWithAPlausibleHash() {
        var events = trail.events(envelope);
        var second = events.get(1);
        // A forger who knows the scheme recomputes the inserted event's own hash, but cannot fix
        // the link of the event that followed it without rewriting every later hash.
        jdbc.sql("update audit_event set seq = seq + 100 where envelope_id = ? and seq > 2")
                .param(envelope)
                .update();
        var forgedAt = second.occurredAt().plusSeconds(1);
        String forgedHash = AuditTrail.hash(envelope, 3, forgedAt, "TEST_EVENT", "system", "{}", second.hash());
        jdbc.sql("insert into audit_event values (?, 3, ?, 'TEST_EVENT', 'system', '{}', ?, ?)")
                .params(envelope, forgedAt, second.hash(), forgedHash)
                .update();
        jdbc.sql("update audit_event set seq = seq - 99 where envelope_id = ? and seq > 100")
                .param(envelope)
                .update();

        AuditTrail.Verification verification = trail.verify(envelope);

        assertThat(verification.intact()).isFalse();
        assertThat(verification.problems()).anyMatch(p -> p.startsWith("event 4:") && p.contains("does not follow"));
    }

    private List<String> types(UUID id) {
        return trail.events(id).stream().map(AuditEvent::type).toList();
    }

    @Test
    void eventsOfOneTransactionFollowEachOther() {
        int before = trail.events(envelope).size();
        tx.executeWithoutResult(s -> {
            for (int i = 0; i < 3; i++) {
                trail.record(envelope, "IN_ONE_TRANSACTION", "system", Map.of("i", i));
            }
        });
        var events = trail.events(envelope);
        assertThat(events).hasSize(before + 3);
        assertThat(events.subList(before, before + 3))
                .extracting(AuditEvent::seq)
                .containsExactly(before + 1, before + 2, before + 3);
        assertThat(trail.verify(envelope).problems()).isEmpty();
    }

    @Test
    void aRolledBackTransactionLeavesNoHeadBehind() {
        tx.executeWithoutResult(s -> {
            trail.record(envelope, "ROLLED_BACK", "system", Map.of());
            trail.record(envelope, "ROLLED_BACK", "system", Map.of());
            s.setRollbackOnly();
        });
        tx.executeWithoutResult(s -> trail.record(envelope, "AFTER", "system", Map.of()));
        assertThat(types(envelope)).doesNotContain("ROLLED_BACK").endsWith("AFTER");
        assertThat(trail.verify(envelope).problems()).isEmpty();
    }

    @Test
    void aTransactionStartedInsideAnotherKeepsItsOwnHeads() {
        UUID other = create(
                newTenant().sandboxKey(),
                new Options("Other").signer("Bo", "bo@example.com", 1).toString());
        TransactionTemplate requiresNew = new TransactionTemplate(transactions);
        requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        tx.executeWithoutResult(outer -> {
            trail.record(envelope, "OUTER", "system", Map.of());
            requiresNew.executeWithoutResult(inner -> trail.record(other, "INNER", "system", Map.of()));
            // Another thread appends to the other envelope after the inner transaction committed: the
            // outer one must read that head itself, not take the inner transaction's.
            CompletableFuture.runAsync(
                            () -> tx.executeWithoutResult(s -> trail.record(other, "ELSEWHERE", "system", Map.of())))
                    .join();
            trail.record(other, "OUTER", "system", Map.of());
        });
        assertThat(types(other)).endsWith("INNER", "ELSEWHERE", "OUTER");
        assertThat(trail.verify(other).problems()).isEmpty();
        assertThat(trail.verify(envelope).problems()).isEmpty();
    }
}
