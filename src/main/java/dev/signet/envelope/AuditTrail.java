package dev.signet.envelope;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The hash-chained audit trail of an envelope: the aggregate's own history. Events are appended in
 * the transaction of the step they describe, so the trail never records what did not happen, nor
 * misses what did.
 *
 * <p>It lives with the envelope, not in {@code evidence} as architecture.md's table first put it:
 * the chain's order rests on the envelope row's lock, which this module holds, and nearly every
 * event is a step of the envelope's own. Other modules reach it through envelope's door: assurance
 * records its signer checks here, the portal reads it. {@code evidence} composes the
 * coversheet and evidence XML from the events and head hash that {@code PackSource} hands it, so
 * creating and signing an envelope no longer cross {@code evidence} at all (PathCrossingsTest).
 */
@Service
public class AuditTrail {

    /** The chain starts from this value, so the first event is chained like any other. */
    static final String GENESIS = "0".repeat(64);

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    AuditTrail(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Appends an event. The envelope row is locked first, so two steps of one envelope append one
     * after the other and the chain never forks; the transaction's later events of that envelope
     * follow its own last one (the lock is held until commit).
     *
     * @param actor who acted: {@code sender}, {@code system}, or {@code recipient:<id>}
     * @param details facts of the event; values are written in key order
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public AuditEvent record(UUID envelopeId, String type, String actor, Map<String, ?> details) {
        Map<UUID, AuditEvent> heads = Heads.ofThisTransaction();
        AuditEvent head = heads.get(envelopeId);
        int seq;
        String prev;
        if (head != null) {
            // This transaction appended the last event and still holds the envelope's lock: nobody
            // else can have appended since, so the chain goes on from there without asking again.
            seq = head.seq() + 1;
            prev = head.hash();
        } else {
            jdbc.sql("select id from envelope where id = ? for update")
                    .param(envelopeId)
                    .query(UUID.class)
                    .optional();
            var last = jdbc.sql("select seq, hash from audit_event where envelope_id = ? order by seq desc limit 1")
                    .param(envelopeId)
                    .query((rs, n) -> new Object[] {rs.getInt(1), rs.getString(2)})
                    .optional();
            seq = last.map(l -> (Integer) l[0] + 1).orElse(1);
            prev = last.map(l -> (String) l[1]).orElse(GENESIS);
        }
        // Microseconds: what both PostgreSQL and H2 store, so the hash recomputes from the row.
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        String detailsJson = canonical(details);
        AuditEvent event = new AuditEvent(
                envelopeId,
                seq,
                at,
                type,
                actor,
                detailsJson,
                prev,
                hash(envelopeId, seq, at, type, actor, detailsJson, prev));
        jdbc.sql("""
                insert into audit_event (envelope_id, seq, occurred_at, type, actor, details_json, prev_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(envelopeId, seq, at, type, actor, detailsJson, prev, event.hash())
                .update();
        heads.put(envelopeId, event);
        return event;
    }

    /**
     * The newest event each envelope's chain got in the current transaction. It lives in a
     * synchronization of that transaction, so it ends with it (commit or rollback), and a
     * transaction started inside it (REQUIRES_NEW), whose synchronizations are its own, never
     * sees it.
     */
    private static final class Heads implements TransactionSynchronization {

        private final Map<UUID, AuditEvent> last = new HashMap<>();

        static Map<UUID, AuditEvent> ofThisTransaction() {
            for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
                if (synchronization instanceof Heads heads) {
                    return heads.last;
                }
            }
            Heads heads = new Heads();
            TransactionSynchronizationManager.registerSynchronization(heads);
            return heads.last;
        }
    }

    public List<AuditEvent> events(UUID envelopeId) {
        return jdbc.sql("""
                        select envelope_id, seq, occurred_at, type, actor, details_json, prev_hash, hash
                        from audit_event where envelope_id = ? order by seq""")
                .param(envelopeId)
                .query((rs, n) -> new AuditEvent(
                        rs.getObject("envelope_id", UUID.class),
                        rs.getInt("seq"),
                        rs.getObject("occurred_at", OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC),
                        rs.getString("type"),
                        rs.getString("actor"),
                        rs.getString("details_json"),
                        rs.getString("prev_hash"),
                        rs.getString("hash")))
                .list();
    }

    /** What a check of the chain found; {@code problems} is empty when the trail is intact. */
    public record Verification(boolean intact, int events, String headHash, List<String> problems) {}

    /**
     * Recomputes the chain. An edited event fails its own hash; a deleted or inserted one breaks
     * the sequence or the link to its predecessor.
     */
    public Verification verify(List<AuditEvent> events) {
        List<String> problems = new ArrayList<>();
        String prev = GENESIS;
        int expectedSeq = 1;
        for (AuditEvent e : events) {
            if (e.seq() != expectedSeq) {
                problems.add("event " + e.seq() + ": expected sequence number " + expectedSeq);
            }
            if (!e.prevHash().equals(prev)) {
                problems.add("event " + e.seq() + ": does not follow the event before it");
            }
            String recomputed =
                    hash(e.envelopeId(), e.seq(), e.occurredAt(), e.type(), e.actor(), e.detailsJson(), e.prevHash());
            if (!recomputed.equals(e.hash())) {
                problems.add("event " + e.seq() + ": content does not match its hash");
            }
            prev = e.hash();
            expectedSeq = e.seq() + 1;
        }
        return new Verification(problems.isEmpty(), events.size(), prev, problems);
    }

    public Verification verify(UUID envelopeId) {
        return verify(events(envelopeId));
    }

    static String hash(
            UUID envelopeId, int seq, OffsetDateTime at, String type, String actor, String details, String prev) {
        // Unit separators keep fields apart, so no two different events share a canonical form.
        String canonical = String.join(
                "\u001f",
                prev,
                envelopeId.toString(),
                Integer.toString(seq),
                DateTimeFormatter.ISO_INSTANT.format(at.toInstant()),
                type,
                actor,
                details);
        // The chain's own digest, fixed by the evidence format: not account's secret hashing, which may change.
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String canonical(Map<String, ?> details) {
        ObjectNode node = json.valueToTree(new TreeMap<>(details));
        return node.toString();
    }
}
