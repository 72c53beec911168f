package dev.signet.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.FreshDatabase;
import dev.signet.SignetIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Sealing at start-up on the real PostgreSQL: plain values are sealed in batches, once, also when two
 * nodes start at once; values of a retired key are sealed again with the new one; a value nobody can
 * open stops the start, naming the setting. Most tests use a scratch table of their own, so the
 * shared context's secrets stay as its key sealed them; the key rotation of the real columns puts
 * everything back as it found it.
 */
class SecretSealingTest extends SignetIntegrationTest {

    private static final SecretBox.Column SCRATCH =
            new SecretBox.Column("sealing_scratch", "secret", List.of("id", "part"));

    @Autowired
    StoredSecrets stored;

    @Autowired
    List<SecretBox.Column> columns;

    @Autowired
    SecretBox contextBox;

    @BeforeEach
    void scratchTable() {
        jdbc.sql("create table if not exists sealing_scratch (id uuid not null, part varchar(8) not null,"
                        + " secret varchar(400), primary key (id, part))")
                .update();
        jdbc.sql("delete from sealing_scratch").update();
    }

    private SecretSealing sealing(SecretBox box, SecretBox.Column... sealed) {
        return new SecretSealing(jdbc, box, List.of(sealed), stored);
    }

    /** Plain rows: n of them, each with a secret of its own; returns row key → secret. */
    private Map<List<Object>, String> plainRows(int n) {
        Map<List<Object>, String> rows = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            UUID id = UUID.randomUUID();
            String part = i % 2 == 0 ? "a" : "b";
            String secret = "whsec_plain-" + i + "-" + Secrets.random(12);
            jdbc.sql("insert into sealing_scratch (id, part, secret) values (?, ?, ?)")
                    .params(id, part, secret)
                    .update();
            rows.put(List.of(id, part), secret);
        }
        return rows;
    }

    private void assertAllSealedWith(SecretBox box, Map<List<Object>, String> rows) {
        List<String> raw = jdbc.sql("select secret from sealing_scratch")
                .query(String.class)
                .list();
        assertThat(raw).hasSize(rows.size()).allSatisfy(value -> {
            assertThat(value).startsWith(box.currentPrefix()).doesNotContain("whsec_plain");
        });
        rows.forEach((key, secret) -> {
            String value = jdbc.sql("select secret from sealing_scratch where id = ? and part = ?")
                    .params(key.get(0), key.get(1))
                    .query(String.class)
                    .single();
            assertThat(box.open(value, SCRATCH.context(key.get(0), key.get(1))))
                    .as("opens for its own row")
                    .isEqualTo(secret);
        });
    }

    @Test
    void plainValuesAreSealedForTheirRowInBatchesAndOnlyOnce() {
        Map<List<Object>, String> rows = plainRows(SecretSealing.BATCH * 2 + 31);
        jdbc.sql("insert into sealing_scratch (id, part, secret) values (?, 'a', null)")
                .param(UUID.randomUUID())
                .update();
        SecretBox box = new SecretBox(Secrets.random(32), List.of());

        assertThat(sealing(box, SCRATCH).seal(SCRATCH)).isEqualTo(rows.size());

        jdbc.sql("delete from sealing_scratch where secret is null").update();
        assertAllSealedWith(box, rows);
        assertThat(sealing(box, SCRATCH).seal(SCRATCH)).as("a second start").isZero();
    }

    @Test
    void twoNodesStartingAtOnceSealEachValueOnce() throws Exception {
        Map<List<Object>, String> rows = plainRows(SecretSealing.BATCH * 3);
        SecretBox box = new SecretBox(Secrets.random(32), List.of());
        List<Callable<Integer>> nodes = List.of(
                () -> sealing(box, SCRATCH).seal(SCRATCH),
                () -> sealing(box, SCRATCH).seal(SCRATCH));

        List<Object> changed = atOnce(nodes);

        assertThat(changed).allSatisfy(c -> assertThat(c).isInstanceOf(Integer.class));
        assertThat(changed.stream().mapToInt(c -> (Integer) c).sum())
                .as("each row sealed by exactly one of the nodes")
                .isEqualTo(rows.size());
        assertAllSealedWith(box, rows);
    }

    @Test
    void aNewKeySealsAgainWhatTheRetiredKeySealed() {
        String oldKey = Secrets.random(32);
        Map<List<Object>, String> rows = plainRows(SecretSealing.BATCH + 5);
        SecretBox old = new SecretBox(oldKey, List.of());
        sealing(old, SCRATCH).seal(SCRATCH);
        SecretBox rotated = new SecretBox(Secrets.random(32), List.of(oldKey));

        assertThat(sealing(rotated, SCRATCH).seal(SCRATCH)).isEqualTo(rows.size());

        assertAllSealedWith(rotated, rows);
        String any = jdbc.sql("select secret from sealing_scratch limit 1")
                .query(String.class)
                .single();
        assertThatThrownBy(() -> old.open(any, "x")).hasMessageContaining("not configured");
        assertThat(sealing(rotated, SCRATCH).seal(SCRATCH)).isZero();
    }

    @Test
    void aValueSealedWithAnUnknownKeyStopsTheStartNamingTheSetting() {
        plainRows(3);
        UUID id = UUID.randomUUID();
        String foreign = new SecretBox(Secrets.random(32), List.of()).seal("whsec_x", SCRATCH.context(id, "a"));
        jdbc.sql("insert into sealing_scratch (id, part, secret) values (?, 'a', ?)")
                .params(id, foreign)
                .update();
        SecretBox box = new SecretBox(Secrets.random(32), List.of());

        assertThatThrownBy(() -> sealing(box, SCRATCH).seal(SCRATCH))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sealing_scratch.secret")
                .hasMessageContaining("SIGNET_SECRETS_KEY")
                .hasMessageContaining("SIGNET_SECRETS_PREVIOUS_KEYS");
        assertThat(jdbc.sql("select secret from sealing_scratch where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .as("left as it was")
                .isEqualTo(foreign);
    }

    @Test
    void aValueCopiedIntoAnotherRowDoesNotOpenThere() {
        String key = Secrets.random(32);
        SecretBox box = new SecretBox(key, List.of());
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        String sealedForA = box.seal("whsec_a", SCRATCH.context(a, "a"));
        jdbc.sql("insert into sealing_scratch (id, part, secret) values (?, 'a', ?)")
                .params(b, sealedForA)
                .update();
        SecretBox newer = new SecretBox(Secrets.random(32), List.of(key));

        assertThatThrownBy(() -> sealing(newer, SCRATCH).seal(SCRATCH)).hasMessageContaining("does not open");
    }

    /** The database's check value: a node with another key is stopped before it writes a secret. */
    @Test
    void aNodeWithAnotherKeyIsStoppedAtStart() {
        SecretBox stranger = new SecretBox(Secrets.random(32), List.of());

        assertThatThrownBy(() -> sealing(stranger).checkKey())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another key")
                .hasMessageContaining("SIGNET_SECRETS_KEY");
        sealing(contextBox).checkKey();
    }

    /**
     * The real columns, key rotation and back: an endpoint's secret is sealed again with the new key
     * (the old one alone no longer opens it, the new one gives the same secret), as is the check
     * value; rotating back leaves the context as it was, its deliveries signed with the same secret.
     */
    @Test
    void rotatingTheKeySealsEveryRealColumnAgainAndRotatingBackRestoresIt() {
        Tenant tenant = newTenant();
        JsonNode created = api.postJson(
                        "/v2/webhook-endpoints", tenant.liveKey(), "{\"url\":\"https://hooks.example.com/rotation\"}")
                .json();
        UUID endpoint = UUID.fromString(created.get("id").asText());
        String secret = created.get("secret").asText();
        SecretBox.Column column = columns.stream()
                .filter(c -> c.table().equals("webhook_endpoint") && c.column().equals("secret"))
                .findFirst()
                .orElseThrow();
        assertThat(columns)
                .extracting(c -> c.table() + "." + c.column())
                .contains(
                        "webhook_endpoint.secret",
                        "webhook_endpoint.previous_secret",
                        "webhook_signing_secret.secret",
                        "webhook_signing_secret.previous_secret",
                        "portal_user.totp_secret");
        String newKey = Secrets.random(32);
        SecretBox rotated = new SecretBox(newKey, List.of(FreshDatabase.SECRETS_KEY));
        SecretBox back = new SecretBox(FreshDatabase.SECRETS_KEY, List.of(newKey));
        try {
            SecretSealing toNew = new SecretSealing(jdbc, rotated, columns, stored);
            toNew.afterSingletonsInstantiated();

            String sealed = rawSecret(endpoint);
            assertThat(sealed).startsWith(rotated.currentPrefix()).doesNotContain(secret);
            assertThat(rotated.open(sealed, column.context(endpoint))).isEqualTo(secret);
            assertThatThrownBy(() ->
                            new SecretBox(FreshDatabase.SECRETS_KEY, List.of()).open(sealed, column.context(endpoint)))
                    .hasMessageContaining("not configured");
            assertThatThrownBy(() -> sealing(new SecretBox(FreshDatabase.SECRETS_KEY, List.of()))
                            .checkKey())
                    .as("the check value moved to the new key too")
                    .hasMessageContaining("another key");
        } finally {
            new SecretSealing(jdbc, back, columns, stored).afterSingletonsInstantiated();
        }
        assertThat(contextBox.open(rawSecret(endpoint), column.context(endpoint)))
                .isEqualTo(secret);
        sealing(contextBox).checkKey();
    }

    private String rawSecret(UUID endpoint) {
        return jdbc.sql("select secret from webhook_endpoint where id = ?")
                .param(endpoint)
                .query(String.class)
                .single();
    }
}
