package dev.signet.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.AopTestUtils;

/**
 * PATCH /v2/envelopes/{id}/recipients/{rid}/resend-completion-pack over HTTP: the reference's 404,
 * 409 (not complete), 429 (wait five minutes) and 410 (total re-sends used up), each refusal queueing
 * nothing and recording nothing.
 */
class CompletionPackResendApiTest extends SignetIntegrationTest {

    @Autowired
    CompletionPackResends resends;

    @AfterEach
    void realTime() {
        target().useClock(Clock.systemUTC());
    }

    @Test
    void beforeTheEnvelopeIsCompleteTheResendIsAConflict() {
        Tenant tenant = newTenant();
        UUID id = activeEnvelope(tenant, new Options("Lease").signer("Alice", "alice@example.com", 1));
        UUID alice = recipientId(id, "alice@example.com");

        Api.Response response = api.patch(resend(id, alice), tenant.sandboxKey());

        assertError(response, 409, "ENVELOPE_NOT_COMPLETE");
        assertThat(outbox(id, "COMPLETION")).isEmpty();
        assertThat(resendEvents(id)).isZero();
    }

    @Test
    void anUnknownRecipientOrAnotherOrganisationsEnvelopeIsNotFound() {
        Tenant tenant = newTenant();
        UUID id = completeEnvelope(tenant);

        assertError(api.patch(resend(id, UUID.randomUUID()), tenant.sandboxKey()), 404, "NOT_FOUND");
        assertError(
                api.patch(
                        resend(id, recipientId(id, "alice@example.com")),
                        newTenant().sandboxKey()),
                404,
                "NOT_FOUND");
        assertThat(resendEvents(id)).isZero();
    }

    @Test
    void aCompleteEnvelopesPackIsSentAgainThenTheRecipientWaitsFiveMinutesAndAfterFiveResendsItIsGone() {
        Tenant tenant = newTenant();
        UUID id = completeEnvelope(tenant);
        UUID alice = recipientId(id, "alice@example.com");
        List<Message> before = completionsTo(id, "alice@example.com");

        Api.Response first = api.patch(resend(id, alice), tenant.sandboxKey());

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().path("recipient_id").asText()).isEqualTo(alice.toString());
        List<Message> after = completionsTo(id, "alice@example.com");
        assertThat(after).hasSize(before.size() + 1);
        Message resent = after.get(after.size() - 1);
        assertThat(resent.channel()).isEqualTo("EMAIL");
        assertThat(resent.recipientId()).isEqualTo(alice);
        if (!before.isEmpty()) {
            assertThat(resent.subject()).isEqualTo(before.get(0).subject());
            assertThat(resent.text())
                    .as("the same email, the pack attached as the first time")
                    .isEqualTo(before.get(0).text());
        }

        Api.Response tooSoon = api.patch(resend(id, alice), tenant.sandboxKey());
        assertError(tooSoon, 429, "RATE_LIMITED");
        long retryAfter = Long.parseLong(tooSoon.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 300L);
        assertThat(completionsTo(id, "alice@example.com")).hasSize(before.size() + 1);

        for (int resend = 2; resend <= CompletionPackResends.LIMIT; resend++) {
            later(Duration.ofMinutes(5L * resend + 1));
            assertThat(api.patch(resend(id, alice), tenant.sandboxKey()).status())
                    .as("re-send " + resend)
                    .isEqualTo(200);
        }
        later(Duration.ofHours(2));
        assertError(api.patch(resend(id, alice), tenant.sandboxKey()), 410, "RESEND_LIMIT_REACHED");
        assertThat(completionsTo(id, "alice@example.com")).hasSize(before.size() + CompletionPackResends.LIMIT);
        assertThat(resendEvents(id)).isEqualTo(CompletionPackResends.LIMIT);
    }

    @Test
    void theWaitAndTheLimitAreEachRecipientsOwn() {
        Tenant tenant = newTenant();
        UUID id = create(
                tenant.sandboxKey(),
                new Options("Lease")
                        .signer("Alice", "alice@example.com", 1)
                        .cc("Dan", "dan@example.com")
                        .toString());
        runJobs(id);
        assertThat(sign(invitationTo(id, "alice@example.com").token()).status()).isEqualTo(204);
        runJobs(id);
        assertThat(status(id)).isEqualTo("COMPLETE");

        assertThat(api.patch(resend(id, recipientId(id, "alice@example.com")), tenant.sandboxKey())
                        .status())
                .isEqualTo(200);
        Api.Response toDan = api.patch(resend(id, recipientId(id, "dan@example.com")), tenant.sandboxKey());

        assertThat(toDan.status()).as(toDan.toString()).isEqualTo(200);
        assertThat(completionsTo(id, "dan@example.com")).isNotEmpty();
    }

    private void later(Duration by) {
        target().useClock(Clock.offset(Clock.systemUTC(), by));
    }

    private CompletionPackResends target() {
        return AopTestUtils.getTargetObject(resends);
    }

    private UUID completeEnvelope(Tenant tenant) {
        UUID id = activeEnvelope(tenant, new Options("Lease").signer("Alice", "alice@example.com", 1));
        assertThat(sign(invitationTo(id, "alice@example.com").token()).status()).isEqualTo(204);
        runJobs(id);
        assertThat(status(id)).isEqualTo("COMPLETE");
        return id;
    }

    private List<Message> completionsTo(UUID id, String address) {
        return outbox(id, "COMPLETION").stream()
                .filter(m -> m.address().equals(address))
                .toList();
    }

    private int resendEvents(UUID id) {
        return jdbc.sql("select count(*) from audit_event where envelope_id = ? and type = 'completion_pack_resent'")
                .param(id)
                .query(Integer.class)
                .single();
    }

    private UUID activeEnvelope(Tenant tenant, Options options) {
        UUID id = create(tenant.sandboxKey(), options.toString());
        runJobs(id);
        assertThat(status(id)).isEqualTo("ACTIVE");
        return id;
    }

    private UUID recipientId(UUID envelopeId, String email) {
        return jdbc.sql("select id from recipient where envelope_id = ? and email = ?")
                .params(envelopeId, email)
                .query(UUID.class)
                .single();
    }

    private static String resend(UUID id, UUID recipientId) {
        return "/v2/envelopes/" + id + "/recipients/" + recipientId + "/resend-completion-pack";
    }

    static void assertError(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.json().path("code").asText())
                .as(response.toString())
                .isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
    }
}
