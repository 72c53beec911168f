package dev.signet.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** verification.idv read as the API receives it: defaults, custom names, and every problem at once. */
class IdvConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static IdvConfig.Parsed parse(String json, Set<String> custom) throws Exception {
        return IdvConfig.parse(JSON.readTree(json), custom);
    }

    @Test
    void aPrebuiltNameAloneTakesTheDefaults() throws Exception {
        IdvConfig config = parse("{\"session_config_name\":\"HR\"}", Set.of()).config();

        assertThat(config.when()).isEqualTo("before_viewing");
        assertThat(config.sessionLimit()).isEqualTo(IdvConfig.DEFAULT_SESSION_LIMIT);
        assertThat(config.blocksSigning()).isEmpty();
        assertThat(config.blocksOnFailure()).isFalse();
        assertThat(config.prebuilt()).isTrue();
    }

    @Test
    void aCustomConfigurationIsAcceptedOnlyWhenTheOrganisationHasIt() throws Exception {
        String json = "{\"session_config_name\":\"Tenants\",\"blocks_signing\":[\"deadend_errors\"]}";

        assertThat(parse(json, Set.of("Tenants")).config().blocksOnFailure()).isTrue();
        assertThat(parse(json, Set.of()).problems())
                .extracting(IdvConfig.Problem::field)
                .containsExactly("session_config_name");
    }

    @Test
    void everyProblemIsReportedUnderItsField() throws Exception {
        IdvConfig.Parsed parsed = parse(
                "{\"when\":\"later\",\"session_limit\":11,\"blocks_signing\":\"deadend_errors\",\"extra\":1}",
                Set.of());

        assertThat(parsed.config()).isNull();
        assertThat(parsed.problems())
                .extracting(IdvConfig.Problem::field)
                .containsExactlyInAnyOrder("extra", "session_config_name", "when", "session_limit", "blocks_signing");
    }
}
