package dev.signet.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DeletedEnvelopePurgeTest extends SignetIntegrationTest {

    @Autowired
    DeletedEnvelopePurge purge;

    @Test
    void aDeletedEnvelopeLosesItsDocumentsAtOnceAndItsPersonalDataAtThePurgeButKeepsItsSummary() {
        Tenant tenant = newTenant();
        UUID id = create(
                tenant.sandboxKey(),
                new Options("To delete").signer("Eve", "eve@example.com", 1).toString());
        runJobs(id);
        assertThat(api.patch("/v2/envelopes/" + id, tenant.sandboxKey()).status())
                .isEqualTo(204);
        runJobs(id);
        assertThat(api.delete("/v2/envelopes/" + id, tenant.sandboxKey()).status())
                .isEqualTo(204);

        assertThat(api.get("/v2/envelopes/" + id, tenant.sandboxKey()).status()).isEqualTo(404);
        assertThat(count("select count(*) from document where envelope_id = ? and content is not null", id))
                .isZero();
        assertThat(count("select count(*) from recipient where envelope_id = ?", id))
                .isEqualTo(1);

        purge.purge(id);

        assertThat(count("select count(*) from recipient where envelope_id = ?", id))
                .isZero();
        assertThat(count("select count(*) from document where envelope_id = ?", id))
                .isZero();
        assertThat(count("select count(*) from outbox_message where envelope_id = ?", id))
                .isZero();
        assertThat(jdbc.sql("select status || ':' || options_json from envelope where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("ARCHIVED:{}");
    }

    private int count(String sql, UUID id) {
        return jdbc.sql(sql).param(id).query(Integer.class).single();
    }
}
