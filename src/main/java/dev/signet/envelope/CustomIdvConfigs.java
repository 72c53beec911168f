package dev.signet.envelope;

import dev.signet.account.Mode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code idv_session_config} table: an organisation's custom identity verification session
 * configurations, per mode, by the names a recipient's {@code verification.idv.session_config_name}
 * gives. The rows live with the envelope whose options name them, so the create checks find a name
 * in the database of every node without asking assurance, and the lookup for an envelope joins the
 * envelope's own table here. What a configuration asks of the provider ({@code session_config}, as
 * JSON) is assurance's to check and to read: this class stores it as given.
 */
@Repository
public class CustomIdvConfigs {

    /** How many custom configurations one organisation keeps per mode; a list endpoint stays small. */
    public static final int MAX_PER_ORGANISATION = 100;

    /** @param sessionConfig the specification as JSON, as assurance wrote it */
    public record Stored(String name, boolean isPrivate, String sessionConfig) {}

    private final JdbcClient jdbc;

    CustomIdvConfigs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The configurations this key sees: the organisation's shared ones and its own private ones, oldest first. */
    public List<Stored> visible(UUID organisationId, Mode mode, UUID apiKeyId) {
        return jdbc.sql("""
                        select name, is_private, session_config from idv_session_config
                         where organisation_id = ? and mode = ? and (not is_private or api_key_id = ?)
                         order by created_at, name limit ?""")
                .params(organisationId, mode.dbValue(), apiKeyId, MAX_PER_ORGANISATION)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getBoolean(2), rs.getString(3)))
                .list();
    }

    /** Whether this key may name the custom configuration: the organisation's, in the key's mode, shared or its own. */
    boolean usable(UUID organisationId, Mode mode, UUID apiKeyId, String name) {
        return jdbc.sql("""
                        select count(*) from idv_session_config
                         where organisation_id = ? and mode = ? and name = ? and (not is_private or api_key_id = ?)""")
                        .params(organisationId, mode.dbValue(), name, apiKeyId)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** The specification an envelope's recipient names: its organisation's, in its mode. */
    public Optional<String> forEnvelope(UUID envelopeId, String name) {
        return jdbc.sql("""
                        select c.session_config from idv_session_config c
                          join envelope e on e.organisation_id = c.organisation_id and e.mode = c.mode
                         where e.id = ? and c.name = ?""").params(envelopeId, name).query(String.class).optional();
    }

    public boolean exists(UUID organisationId, Mode mode, String name) {
        return jdbc.sql("select count(*) from idv_session_config where organisation_id = ? and mode = ? and name = ?")
                        .params(organisationId, mode.dbValue(), name)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    public int count(UUID organisationId, Mode mode) {
        return jdbc.sql("select count(*) from idv_session_config where organisation_id = ? and mode = ?")
                .params(organisationId, mode.dbValue())
                .query(Integer.class)
                .single();
    }

    /**
     * Run outside a transaction: a duplicate name (two creates at once) then costs this statement only.
     *
     * @return false when the organisation has a configuration of that name in this mode already
     */
    public boolean insert(
            UUID organisationId, Mode mode, UUID apiKeyId, String name, boolean isPrivate, String sessionConfig) {
        try {
            jdbc.sql("""
                            insert into idv_session_config
                              (id, organisation_id, mode, name, is_private, api_key_id, session_config, created_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            UUID.randomUUID(),
                            organisationId,
                            mode.dbValue(),
                            name,
                            isPrivate,
                            apiKeyId,
                            sessionConfig,
                            Instant.now().atOffset(ZoneOffset.UTC))
                    .update();
            return true;
        } catch (DuplicateKeyException exists) {
            return false;
        }
    }
}
