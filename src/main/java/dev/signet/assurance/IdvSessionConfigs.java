package dev.signet.assurance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.account.Mode;
import dev.signet.envelope.CustomIdvConfigs;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * An organisation's custom session configurations as assurance reads them: the rows are the
 * envelope's ({@link CustomIdvConfigs}, beside the options that name them); each specification is
 * parsed here, where its meaning is.
 */
@Component
class IdvSessionConfigs {

    static final int MAX_PER_ORGANISATION = CustomIdvConfigs.MAX_PER_ORGANISATION;

    private static final ObjectMapper JSON = new ObjectMapper();

    record Stored(String name, boolean isPrivate, IdvSessionSpec spec) {}

    private final CustomIdvConfigs rows;

    IdvSessionConfigs(CustomIdvConfigs rows) {
        this.rows = rows;
    }

    /** The configurations this key sees: the organisation's shared ones and its own private ones, oldest first. */
    List<Stored> visible(UUID organisationId, Mode mode, UUID apiKeyId) {
        return rows.visible(organisationId, mode, apiKeyId).stream()
                .map(row -> new Stored(row.name(), row.isPrivate(), spec(row.sessionConfig())))
                .toList();
    }

    /** The configuration an envelope's recipient names: its organisation's, in its mode. */
    Optional<IdvSessionSpec> forEnvelope(UUID envelopeId, String name) {
        return rows.forEnvelope(envelopeId, name).map(IdvSessionConfigs::spec);
    }

    boolean exists(UUID organisationId, Mode mode, String name) {
        return rows.exists(organisationId, mode, name);
    }

    int count(UUID organisationId, Mode mode) {
        return rows.count(organisationId, mode);
    }

    /** @return false when the organisation has a configuration of that name in this mode already */
    boolean insert(UUID organisationId, Mode mode, UUID apiKeyId, String name, boolean isPrivate, IdvSessionSpec spec) {
        return rows.insert(
                organisationId, mode, apiKeyId, name, isPrivate, spec.json().toString());
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
