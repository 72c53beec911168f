package dev.signet.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v2/organisations/envelopes/search} and {@code POST …/find}. Envelopes are placed in
 * time by setting their creation date, days apart, so no test depends on the hour it runs.
 */
class SearchAndFindTest extends SignetIntegrationTest {

    private static final String SEARCH = "/v2/organisations/envelopes/search";
    private static final String FIND = "/v2/organisations/envelopes/find";

    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private Tenant tenant;
    private UUID fourMonthsAgo;
    private UUID fortyDaysAgo;
    private UUID thirtyDaysAgo;
    private UUID twentyDaysAgo;
    private UUID tenDaysAgo;
    private UUID justNow;

    /** Six envelopes: the one of ten days ago archived, the newest still QUEUED, the others ACTIVE. */
    @BeforeEach
    void sixEnvelopesOverFourMonths() {
        tenant = newTenant();
        fourMonthsAgo = envelopeCreated(today.minusDays(125), "Four months ago");
        fortyDaysAgo = envelopeCreated(today.minusDays(40), "Forty days ago");
        thirtyDaysAgo = envelopeCreated(today.minusDays(30), "Thirty days ago");
        twentyDaysAgo = envelopeCreated(today.minusDays(20), "Twenty days ago");
        tenDaysAgo = envelopeCreated(today.minusDays(10), "Ten days ago");
        assertThat(api.patch("/v2/envelopes/" + tenDaysAgo, tenant.sandboxKey()).status())
                .isEqualTo(204);
        justNow = create(
                tenant.sandboxKey(),
                new Options("Just now").signer("A", "a@example.com", 1).toString());
    }

    @Test
    void withoutParametersTheLastThreeMonthsAreListedOldestFirst() {
        JsonNode body = search("");

        assertThat(ids(body)).containsExactly(fortyDaysAgo, thirtyDaysAgo, twentyDaysAgo, tenDaysAgo, justNow);
        assertThat(body.path("total").asInt()).isEqualTo(5);
    }

    @Test
    void fromAndToDatesBoundTheCreationDateToDaysFromTheFirstUpToTheLast() {
        JsonNode body = search("?from_date=" + today.minusDays(35) + "&to_date=" + today.minusDays(15));

        assertThat(ids(body)).containsExactly(thirtyDaysAgo, twentyDaysAgo);
        assertThat(body.path("total").asInt()).isEqualTo(2);
        // to_date is the first day no longer included (the default is tomorrow, to include today)
        assertThat(ids(search("?from_date=" + today.minusDays(40) + "&to_date=" + today.minusDays(30))))
                .containsExactly(fortyDaysAgo);
        assertThat(ids(search("?from_date=" + today.minusDays(200) + "&to_date=" + today.minusDays(100))))
                .containsExactly(fourMonthsAgo);
    }

    @Test
    void statusFiltersTakeLowercaseNamesAndMayRepeat() {
        String range = "?from_date=" + today.minusDays(60) + "&to_date=" + today.plusDays(1);

        assertThat(ids(search(range + "&status%5B%5D=active")))
                .containsExactly(fortyDaysAgo, thirtyDaysAgo, twentyDaysAgo);
        assertThat(ids(search(range + "&status%5B%5D=archived"))).containsExactly(tenDaysAgo);
        assertThat(ids(search(range + "&status%5B%5D=archived&status%5B%5D=queued")))
                .containsExactly(tenDaysAgo, justNow);
        assertThat(search(range + "&status%5B%5D=complete").path("total").asInt())
                .isZero();
        JsonNode item =
                search(range + "&status%5B%5D=archived").path("envelopes").get(0);
        assertThat(item.path("envelope").asText()).isEqualTo("Ten days ago");
        assertThat(item.path("status").asText()).isEqualTo("ARCHIVED");
        assertThat(OffsetDateTime.parse(item.path("created_at").asText()).toLocalDate())
                .isEqualTo(today.minusDays(10));
    }

    @Test
    void offsetAndLimitPageThroughTheResultsWhileTotalCountsThemAll() {
        String range = "?from_date=" + today.minusDays(200) + "&to_date=" + today.plusDays(1);

        JsonNode first = search(range + "&limit=4&offset=0");
        JsonNode second = search(range + "&limit=4&offset=4");
        JsonNode beyond = search(range + "&limit=4&offset=8");

        assertThat(ids(first)).containsExactly(fourMonthsAgo, fortyDaysAgo, thirtyDaysAgo, twentyDaysAgo);
        assertThat(ids(second)).containsExactly(tenDaysAgo, justNow);
        assertThat(ids(beyond)).isEmpty();
        assertThat(List.of(first, second, beyond))
                .allSatisfy(page -> assertThat(page.path("total").asInt()).isEqualTo(6));
        assertThat(ids(search(range))).as("ten by default").hasSize(6);
    }

    @Test
    void aBadDateStatusOrPageIsRefused() {
        assertValidation(api.get(SEARCH + "?from_date=2025-13-01", tenant.sandboxKey()), "from_date");
        assertValidation(api.get(SEARCH + "?to_date=31%2F01%2F2025", tenant.sandboxKey()), "to_date");
        assertValidation(api.get(SEARCH + "?status%5B%5D=finished", tenant.sandboxKey()), "status");
        assertValidation(api.get(SEARCH + "?limit=0", tenant.sandboxKey()), "limit");
        assertValidation(api.get(SEARCH + "?limit=501", tenant.sandboxKey()), "limit");
        assertValidation(api.get(SEARCH + "?offset=-1", tenant.sandboxKey()), "offset");
        Api.Response notANumber = api.get(SEARCH + "?limit=ten", tenant.sandboxKey());
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.json().path("code").asText()).isEqualTo("MALFORMED_REQUEST");
    }

    @Test
    void theMisspelledPathOfTheReferenceExamplesWorksToo() {
        assertThat(ids(api.get("/v2/organisation/envelopes/search", tenant.sandboxKey())
                        .json()))
                .containsExactly(fortyDaysAgo, thirtyDaysAgo, twentyDaysAgo, tenDaysAgo, justNow);
    }

    @Test
    void findReturnsTheNamedEnvelopesThatExistAndIgnoresTheRest() {
        UUID unknown = UUID.randomUUID();
        String body = "{\"envelope_ids\":[\"" + tenDaysAgo + "\",\"" + unknown + "\",\"" + fourMonthsAgo + "\"]}";

        Api.Response found = api.postJson(FIND, tenant.sandboxKey(), body);

        assertThat(found.status()).isEqualTo(200);
        assertThat(ids(found.json())).containsExactlyInAnyOrder(fourMonthsAgo, tenDaysAgo);
        JsonNode archived = null;
        for (JsonNode item : found.json().path("envelopes")) {
            archived = item.path("envelope_id").asText().equals(tenDaysAgo.toString()) ? item : archived;
        }
        assertThat(archived.path("envelope").asText()).isEqualTo("Ten days ago");
        assertThat(archived.path("status").asText()).isEqualTo("ARCHIVED");
        assertThat(archived.path("created_at").asText()).isNotBlank();
    }

    @Test
    void findRefusesWhatIsNotAListOfEnvelopeIds() {
        assertValidation(api.postJson(FIND, tenant.sandboxKey(), "{}"), "envelope_ids");
        assertValidation(
                api.postJson(FIND, tenant.sandboxKey(), "{\"envelope_ids\":\"" + justNow + "\"}"), "envelope_ids");
        assertValidation(
                api.postJson(FIND, tenant.sandboxKey(), "{\"envelope_ids\":[\"" + justNow + "\",\"nope\"]}"),
                "envelope_ids[1]");
        StringBuilder many = new StringBuilder("{\"envelope_ids\":[");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append('"').append(UUID.randomUUID()).append('"');
        }
        assertValidation(
                api.postJson(FIND, tenant.sandboxKey(), many.append("]}").toString()), "envelope_ids");
        Api.Response unreadable = api.postJson(FIND, tenant.sandboxKey(), "{\"envelope_ids\": [");
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(unreadable.json().path("code").asText()).isEqualTo("MALFORMED_REQUEST");
    }

    private UUID envelopeCreated(LocalDate day, String name) {
        UUID id = create(
                tenant.sandboxKey(),
                new Options(name).signer("A", "a@example.com", 1).toString());
        runJobs(id);
        jdbc.sql("update envelope set created_at = ? where id = ?")
                .params(day.atTime(12, 0).atOffset(ZoneOffset.UTC), id)
                .update();
        return id;
    }

    private JsonNode search(String query) {
        Api.Response response = api.get(SEARCH + query, tenant.sandboxKey());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static List<UUID> ids(JsonNode body) {
        List<UUID> ids = new ArrayList<>();
        body.path("envelopes")
                .forEach(e -> ids.add(UUID.fromString(e.path("envelope_id").asText())));
        return ids;
    }

    private static void assertValidation(Api.Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.json().path("errors"))
                .extracting(e -> e.path("field").asText())
                .containsExactly(field);
    }
}
