package dev.signet.envelope;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** How many rows of the envelope aggregate one organisation owns: proof that a refused request wrote nothing. */
record RowCounts(int envelopes, int documents, int recipients, int tags) {

    static RowCounts of(JdbcClient jdbc, UUID organisationId) {
        return new RowCounts(
                count(jdbc, "select count(*) from envelope where organisation_id = ?", organisationId),
                count(jdbc, """
                        select count(*) from document d join envelope e on e.id = d.envelope_id
                        where e.organisation_id = ?""", organisationId),
                count(jdbc, """
                        select count(*) from recipient r join envelope e on e.id = r.envelope_id
                        where e.organisation_id = ?""", organisationId),
                count(jdbc, """
                        select count(*) from tag t join recipient r on r.id = t.recipient_id
                        join envelope e on e.id = r.envelope_id where e.organisation_id = ?""", organisationId));
    }

    private static int count(JdbcClient jdbc, String sql, UUID organisationId) {
        return jdbc.sql(sql).param(organisationId).query(Integer.class).single();
    }
}
