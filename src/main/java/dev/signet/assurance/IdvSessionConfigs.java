package dev.signet.assurance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.account.Mode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code idv_session_config} table: an organisation's custom session configurations, per mode. */
@Repository
class IdvSessionConfigs {

    /** How many custom configurations one organisation keeps per mode; a list endpoint stays small. */
    static final int MAX_PER_ORGANISATION = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    record Stored(String name, boolean isPrivate, IdvSessionSpec spec) {}

    private final JdbcClient jdbc;

    IdvSessionConfigs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The configurations this key sees: the organisation's shared ones and its own private ones, oldest first. */
    List<Stored> visible(UUID organisationId, Mode mode, UUID apiKeyId) {
        return jdbc.sql("""
                        select name, is_private, session_config from idv_session_config
                         where organisation_id = ? and mode = ? and (not is_private or api_key_id = ?)
                         order by created_at, name limit ?""")
                .params(organisationId, mode.dbValue(), apiKeyId, MAX_PER_ORGANISATION)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getBoolean(2), spec(rs.getString(3))))
                .list();
    }

    /** @param mode as stored: {@code live} or {@code sandbox} */
    boolean usable(UUID organisationId, String mode, UUID apiKeyId, String name) {
        return jdbc.sql("""
                        select count(*) from idv_session_config
                         where organisation_id = ? and mode = ? and name = ? and (not is_private or api_key_id = ?)""")
                        .params(organisationId, mode, name, apiKeyId)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** The configuration an envelope's recipient names: its organisation's, in its mode. */
    Optional<IdvSessionSpec> forEnvelope(UUID envelopeId, String name) {
        return jdbc.sql("""
                        select c.session_config from idv_session_config c
                          join envelope e on e.organisation_id = c.organisation_id and e.mode = c.mode
                         where e.id = ? and c.name = ?""")
                .params(envelopeId, name)
                .query(String.class)
                .optional()
                .map(IdvSessionConfigs::spec);
    }

    boolean exists(UUID organisationId, Mode mode, String name) {
        return jdbc.sql("select count(*) from idv_session_config where organisation_id = ? and mode = ? and name = ?")
                        .params(organisationId, mode.dbValue(), name)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    int count(UUID organisationId, Mode mode) {
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
    boolean insert(UUID organisationId, Mode mode, UUID apiKeyId, String name, boolean isPrivate, IdvSessionSpec spec) {
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
                            spec.json().toString(),
                            Instant.now().atOffset(ZoneOffset.UTC))
                    .update();
            return true;
        } catch (DuplicateKeyException exists) {
            return false;
        }
    }

    private static IdvSessionSpec spec(String json) {
        try {
            IdvSessionSpec.Parsed parsed = IdvSessionSpec.parse(JSON.readTree(json));
            if (parsed.spec() == null) {
                throw new IllegalStateException(
                        "A stored session configuration no longer parses: " + parsed.problems());
            }
            return parsed.spec();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored session configuration is not JSON", e);
        }
    }
}
