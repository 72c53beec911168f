package dev.signet.envelope;

import dev.signet.account.Mode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * An organisation's envelopes newest first, a page at a time, for the sender portal. Paging is by
 * keyset (the last row's creation time and id), so a page costs the same at the first envelope and
 * at the 100,000th, and rows created meanwhile never shift a page. Each row carries its signers'
 * progress, counted in the same query.
 */
@Component
class EnvelopeListing {

    static final int MAX_PAGE = 100;

    /** A cursor is {@code <epoch microseconds>.<envelope id>}; anything else starts from the top. */
    private static final Pattern CURSOR = Pattern.compile("(-?\\d{1,19})\\.([0-9a-f-]{36})");

    private final JdbcClient jdbc;

    EnvelopeListing(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    Envelopes.ListPage page(
            UUID organisationId, Mode mode, Optional<EnvelopeStatus> status, Optional<String> after, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        Optional<Key> from = after.flatMap(EnvelopeListing::key);
        StringBuilder sql = new StringBuilder("""
                select e.id, e.name, e.status, e.created_at,
                  (select count(*) from recipient r where r.envelope_id = e.id and r.type = 'SIGNER') as signers,
                  (select count(*) from recipient r where r.envelope_id = e.id and r.type = 'SIGNER'
                     and r.sign_status = 'SIGNED') as signed
                from envelope e
                where e.organisation_id = :org and e.mode = :mode and e.deleted_at is null""");
        if (status.isPresent()) {
            sql.append(" and e.status = :status");
        }
        if (from.isPresent()) {
            sql.append(" and (e.created_at < :at or (e.created_at = :at and e.id < :id))");
        }
        sql.append(" order by e.created_at desc, e.id desc limit :limit");
        var query = jdbc.sql(sql.toString())
                .param("org", organisationId)
                .param("mode", mode.dbValue())
                .param("limit", size + 1);
        status.ifPresent(s -> query.param("status", s.name()));
        from.ifPresent(k -> query.param("at", k.createdAt()).param("id", k.id()));
        List<Envelopes.Listed> rows = new ArrayList<>(query.query((rs, n) -> new Envelopes.Listed(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        EnvelopeStatus.valueOf(rs.getString("status")),
                        rs.getObject("created_at", OffsetDateTime.class),
                        rs.getInt("signers"),
                        rs.getInt("signed")))
                .list());
        String next = null;
        if (rows.size() > size) {
            rows.remove(size);
            Envelopes.Listed last = rows.get(size - 1);
            Instant at = last.createdAt().toInstant();
            next = (at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000) + "." + last.id();
        }
        return new Envelopes.ListPage(List.copyOf(rows), next);
    }

    private record Key(OffsetDateTime createdAt, UUID id) {}

    private static Optional<Key> key(String cursor) {
        Matcher m = CURSOR.matcher(cursor);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(m.group(1));
            Instant at = Instant.ofEpochSecond(
                    Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            return Optional.of(new Key(at.atOffset(ZoneOffset.UTC), UUID.fromString(m.group(2))));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }
}
