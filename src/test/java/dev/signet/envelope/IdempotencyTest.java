package dev.signet.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Api;
import dev.signet.Api.Part;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key} on create: a retried request never makes a second envelope. */
class IdempotencyTest extends SignetIntegrationTest {

    private static final byte[] CONTRACT = Pdfs.pages(2);

    @Test
    void theSameKeyWithTheSameBodyAnswersTheFirstEnvelopeAndCreatesNoOther() {
        Tenant tenant = newTenant();
        String options = lease("Alice");

        Api.Response first = createWithKey(tenant.sandboxKey(), "order-1001", options, CONTRACT);
        Api.Response retry = createWithKey(tenant.sandboxKey(), "order-1001", options, CONTRACT);

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().path("envelope_id").asText())
                .isEqualTo(first.json().path("envelope_id").asText());
        assertThat(RowCounts.of(jdbc, tenant.organisationId()).envelopes()).isEqualTo(1);
        assertThat(processTree(UUID.fromString(first.json().path("envelope_id").asText())))
                .hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        Tenant tenant = newTenant();
        assertThat(createWithKey(tenant.sandboxKey(), "order-1002", lease("Alice"), CONTRACT)
                        .status())
                .isEqualTo(202);

        Api.Response otherOptions = createWithKey(tenant.sandboxKey(), "order-1002", lease("Bob"), CONTRACT);
        Api.Response otherFile = createWithKey(tenant.sandboxKey(), "order-1002", lease("Alice"), Pdfs.pages(3));

        for (Api.Response refused : List.of(otherOptions, otherFile)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.json().path("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
            assertThat(refused.json().path("message").asText()).isNotBlank();
        }
        assertThat(RowCounts.of(jdbc, tenant.organisationId()).envelopes()).isEqualTo(1);
    }

    @Test
    void aKeyBelongsToOneOrganisationAndMode() {
        Tenant tenant = newTenant();
        Tenant other = newTenant();
        String options = lease("Alice");

        String sandbox = createWithKey(tenant.sandboxKey(), "shared-key", options, CONTRACT)
                .json()
                .path("envelope_id")
                .asText();
        String live = createWithKey(tenant.liveKey(), "shared-key", options, CONTRACT)
                .json()
                .path("envelope_id")
                .asText();
        String foreign = createWithKey(other.sandboxKey(), "shared-key", options, CONTRACT)
                .json()
                .path("envelope_id")
                .asText();

        assertThat(List.of(sandbox, live, foreign)).doesNotHaveDuplicates().doesNotContain("");
        assertThat(RowCounts.of(jdbc, tenant.organisationId()).envelopes()).isEqualTo(2);
    }

    @Test
    void withoutAKeyEveryRequestCreatesAnEnvelope() {
        Tenant tenant = newTenant();
        String options = lease("Alice");

        create(tenant.sandboxKey(), options);
        create(tenant.sandboxKey(), options);

        assertThat(RowCounts.of(jdbc, tenant.organisationId()).envelopes()).isEqualTo(2);
    }

    @Test
    void twoConcurrentRequestsWithOneKeyCreateOneEnvelopeAndAnswerTheSameId() throws Exception {
        Tenant tenant = newTenant();
        String options = lease("Alice");
        List<String> orphansBefore = orphanProcesses();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                String key = "concurrent-" + round;
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Api.Response>> answers = threads.invokeAll(List.of(
                        () -> {
                            start.await(10, TimeUnit.SECONDS);
                            return createWithKey(tenant.sandboxKey(), key, options, CONTRACT);
                        },
                        () -> {
                            start.await(10, TimeUnit.SECONDS);
                            return createWithKey(tenant.sandboxKey(), key, options, CONTRACT);
                        }));
                Api.Response a = answers.get(0).get(60, TimeUnit.SECONDS);
                Api.Response b = answers.get(1).get(60, TimeUnit.SECONDS);

                assertThat(a.status()).as(a.toString()).isEqualTo(202);
                assertThat(b.status()).as(b.toString()).isEqualTo(202);
                assertThat(a.json().path("envelope_id").asText())
                        .isEqualTo(b.json().path("envelope_id").asText());
                assertThat(RowCounts.of(jdbc, tenant.organisationId()).envelopes())
                        .isEqualTo(round + 1);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(orphanProcesses())
                .as("the loser's process start was rolled back with its envelope")
                .isEqualTo(orphansBefore);
    }

    /** Envelope processes whose envelope row does not exist. */
    private List<String> orphanProcesses() {
        return jdbc.sql("""
                        select x.business_key_ from act_ru_execution x
                        where x.parent_id_ is null and x.proc_def_id_ like 'envelope:%'
                          and not exists (select 1 from envelope e where cast(e.id as varchar) = x.business_key_)""").query(String.class).list();
    }

    private Api.Response createWithKey(String key, String idempotencyKey, String options, byte[] contract) {
        return api.multipart(
                "/v2/envelopes",
                key,
                Map.of("Idempotency-Key", idempotencyKey),
                List.of(Part.file("contract.pdf", contract), Part.options(options)));
    }

    private static String lease(String signer) {
        return new Options("Lease")
                .signer(signer, signer.toLowerCase() + "@example.com", 1)
                .toString();
    }
}
