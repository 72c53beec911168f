package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Api;
import dev.signet.EmbeddedModeTest;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import dev.signet.envelope.Envelopes;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dashboard's search and the route on H2 (embedded mode), where no trigram index exists and the
 * same SQL reads the rows: a title, a recipient's address, keyset paging, and the engine's history.
 */
class TrackEmbeddedModeTest extends EmbeddedModeTest {

    @Autowired
    Envelopes envelopes;

    @Autowired
    EnvelopeRoutes routes;

    @Test
    void theSearchAndTheRouteWorkOnH2() {
        Api api = new Api(port);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID first = created(api, "H2 lease " + tag, "h2-" + tag + "@example.com");
        UUID second = created(api, "H2 invoice " + tag, "other-" + tag + "@example.com");
        UUID organisation = envelopes.envelope(first).orElseThrow().organisationId();

        assertThat(names(organisation, "LEASE " + tag, Optional.empty(), 10).items())
                .extracting(Envelopes.Listed::id)
                .containsExactly(first);
        assertThat(names(organisation, "other-" + tag + "@", Optional.empty(), 10)
                        .items())
                .extracting(Envelopes.Listed::id)
                .containsExactly(second);
        Envelopes.ListPage page = names(organisation, tag, Optional.empty(), 1);
        assertThat(page.items()).extracting(Envelopes.Listed::id).containsExactly(second);
        assertThat(names(organisation, tag, Optional.of(page.next()), 1).items())
                .extracting(Envelopes.Listed::id)
                .containsExactly(first);

        assertThat(routes.route(
                        first,
                        envelopes.recipients(first).stream().map(r -> r.id()).toList()))
                .hasValueSatisfying(route -> assertThat(route.envelope().shapes())
                        .anySatisfy(s -> assertThat(s.elementId()).isEqualTo("Task_PrepareDocuments")));
    }

    private Envelopes.ListPage names(UUID organisation, String text, Optional<String> after, int limit) {
        return envelopes.list(
                organisation, Mode.SANDBOX, new Envelopes.ListFilter(Optional.empty(), null, null, text), after, limit);
    }

    private static UUID created(Api api, String name, String email) {
        Api.Response created = api.createEnvelope(
                KEY,
                new SignetIntegrationTest.Options(name)
                        .signer("H2 Signer", email, 1)
                        .toString());
        assertThat(created.status()).as("%s", created).isEqualTo(202);
        return UUID.fromString(created.json().get("envelope_id").asText());
    }
}
