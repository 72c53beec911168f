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
 * progress, counted in the same query. Filters (status, creation dates, a text in the title or a
 * recipient's name or email) are served by the indexes of migration V7_2_1 (keyset order per
 * organisation and mode, with and without the status) and, on PostgreSQL, V7_2_2 (trigrams of the
 * title and of each recipient's name and email); bench/README.md has the figures at 100,000.
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
            UUID organisationId, Mode mode, Envelopes.ListFilter filter, Optional<String> after, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        Optional<Key> from = after.flatMap(EnvelopeListing::key);
        String text = filter.text() == null ? "" : filter.text().strip();
        if (!text.isEmpty()
                && (text.length() < Envelopes.ListFilter.MIN_TEXT || text.length() > Envelopes.ListFilter.MAX_TEXT)) {
            throw new IllegalArgumentException("The search text needs " + Envelopes.ListFilter.MIN_TEXT + " to "
                    + Envelopes.ListFilter.MAX_TEXT + " characters");
        }
        String where = where("x", filter, from.isPresent());
        StringBuilder sql = new StringBuilder(COLUMNS);
        if (text.isEmpty()) {
            sql.append(" from envelope e where ").append(where("e", filter, from.isPresent()));
        } else {
            // The newest matches by title and the newest by recipient, each the top of its own index (trigram
            // or keyset order, whichever the planner finds cheaper), then the newest of both.
            sql.append(" from envelope e where e.id in (select id from (select x.id from envelope x where ")
                    .append(where)
                    .append(
                            " and x.name ilike :text escape '!' order by x.created_at desc, x.id desc limit :limit) by_title")
                    .append(" union select id from (select x.id from envelope x where ")
                    .append(where)
                    .append(" and exists (select 1 from recipient r where r.envelope_id = x.id")
                    .append(" and (r.name || ' ' || r.email) ilike :text escape '!')")
                    .append(" order by x.created_at desc, x.id desc limit :limit) by_recipient)");
        }
        sql.append(" order by e.created_at desc, e.id desc limit :limit");
        var query = jdbc.sql(sql.toString())
                .param("org", organisationId)
                .param("mode", mode.dbValue())
                .param("limit", size + 1);
        filter.status().ifPresent(s -> query.param("status", s.name()));
        if (filter.from() != null) {
            query.param("from", filter.from());
        }
        if (filter.to() != null) {
            query.param("to", filter.to());
        }
        if (!text.isEmpty()) {
            query.param("text", "%" + likeEscaped(text) + "%");
        }
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

    private static final String COLUMNS = """
            select e.id, e.name, e.status, e.created_at,
              (select count(*) from recipient r where r.envelope_id = e.id and r.type = 'SIGNER') as signers,
              (select count(*) from recipient r where r.envelope_id = e.id and r.type = 'SIGNER'
                 and r.sign_status = 'SIGNED') as signed""";

    /** The conditions on the envelope row (alias {@code x}), all served by the listing's indexes. */
    private static String where(String alias, Envelopes.ListFilter filter, boolean after) {
        StringBuilder where = new StringBuilder("x.organisation_id = :org and x.mode = :mode and x.deleted_at is null");
        if (filter.status().isPresent()) {
            where.append(" and x.status = :status");
        }
        if (filter.from() != null) {
            where.append(" and x.created_at >= :from");
        }
        if (filter.to() != null) {
            where.append(" and x.created_at < :to");
        }
        if (after) {
            // "created_at <= :at" is what the index can seek to; written only as the OR, PostgreSQL walked the
            // index from the newest row and filtered (1.3 s for a page 100,000 rows down, bench/README.md).
            where.append(" and x.created_at <= :at and (x.created_at < :at or x.id < :id)");
        }
        return where.toString().replace("x.", alias + ".");
    }

    /** The text as a LIKE pattern matches it literally: its own % and _ are not wildcards. */
    static String likeEscaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
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
