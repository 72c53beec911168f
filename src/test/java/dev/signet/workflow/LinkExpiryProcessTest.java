package dev.signet.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import dev.signet.Api;
import dev.signet.Pdfs;
import dev.signet.workflow.Processes.Recipient;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/** A link lives active_for_seconds; then the recipient's process waits for the sender to renew it. */
class LinkExpiryProcessTest extends ProcessTest {

    private static final int ONE_HOUR = 3600;

    private record Started(Tenant tenant, UUID envelopeId, UUID aliceId, ProcessInstance alice, String token) {}

    private Started aliceWithAOneHourLink() {
        Tenant tenant = newTenant();
        Options options = withRecipient(
                new Options("Lease").signer("Alice", "alice@example.com", 1),
                0,
                r -> r.put("active_for_seconds", ONE_HOUR));
        UUID id = create(tenant.sandboxKey(), options.toString());
        runJobs(id);
        UUID aliceId = recipientId(id, "alice@example.com");
        return new Started(
                tenant,
                id,
                aliceId,
                recipientProcess(aliceId),
                invitationTo(id, "alice@example.com").token());
    }

    /**
     * Lets the hour pass. Timers run on the engine clock but token validity on wall time, so both
     * are made to agree that the link is dead; then the engine clock returns to wall time, so that
     * a renewed link's new expiry lies ahead for the engine too.
     */
    private void letTheLinkExpire(Started s) {
        Job timer = job(Recipient.TIMER_LINK_EXPIRY, s.alice());
        jdbc.sql("update signing_token set expires_at = ? where recipient_id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), s.aliceId())
                .update();
        moveEngineClock(timer.getDuedate().toInstant(), Duration.ofMinutes(1));
        runJobs(s.envelopeId());
        ClockUtil.reset();
    }

    private Api.Response submitEmpty(String token) {
        return api.postJson("/v2/signing/" + token + "/submit", null, "{\"tags\": []}");
    }

    @Test
    void theExpiryTimerIsDueWhenTheLinkExpires() {
        Started s = aliceWithAOneHourLink();
        assertThat(s.alice()).isWaitingAt(Recipient.SIGN);
        Instant due = job(Recipient.TIMER_LINK_EXPIRY, s.alice()).getDuedate().toInstant();
        Instant expires = api.get("/v2/signing/" + s.token(), null)
                .json()
                .get("link_expires_at")
                .asText()
                .transform(OffsetDateTime::parse)
                .toInstant();
        assertThat(Duration.between(expires, due).abs()).isLessThan(Duration.ofMillis(1));
        assertThat(Duration.between(Instant.now(), due)).isBetween(Duration.ofMinutes(55), Duration.ofMinutes(60));
    }

    /**
     * A copy signed on paper for a signer whose link expired: their process waits for a new link, not
     * at Sign, so the upload is refused with a 409 and nothing of it is kept (it was a 500 before).
     */
    @Test
    void aPaperCopyForASignerWhoseLinkExpiredIsRefusedWithNothingKept() {
        Started s = aliceWithAOneHourLink();
        letTheLinkExpire(s);

        Api.Response refused = api.multipart(
                "/v2/envelopes/" + s.envelopeId() + "/recipients/" + s.aliceId() + "/signed-documents",
                s.tenant().sandboxKey(),
                Map.of(),
                List.of(Api.Part.file("paper.pdf", Pdfs.pages(1))));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("NOT_WAITING_TO_SIGN");
        assertThat(jdbc.sql("select sign_status from recipient where id = ?")
                        .param(s.aliceId())
                        .query(String.class)
                        .single())
                .isEqualTo("UNSIGNED");
        assertThat(jdbc.sql("select count(*) from envelope_file where envelope_id = ?")
                        .param(s.envelopeId())
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(s.alice()).isWaitingAt(Recipient.AWAIT_NEW_LINK);
    }

    @Test
    void anExpiredLinkWaitsForRenewalAndExtendTokensBringsTheSameLinkBack() {
        Started s = aliceWithAOneHourLink();
        letTheLinkExpire(s);
        assertThat(s.alice())
                .hasPassed(Recipient.CHECK_LINK_EXPIRY)
                .isWaitingAt(Recipient.AWAIT_NEW_LINK)
                .isNotWaitingAt(Recipient.SIGN);
        Api.Response late = submitEmpty(s.token());
        assertThat(late.status()).isEqualTo(410);
        assertThat(late.json().get("code").asText()).isEqualTo("LINK_EXPIRED");

        Api.Response extended = api.postJson(
                "/v2/envelopes/" + s.envelopeId() + "/extend-tokens",
                s.tenant().sandboxKey(),
                "{\"recipient_tokens\": [\"" + s.token() + "\"]}");
        assertThat(extended.status()).isEqualTo(200);
        assertThat(s.alice())
                .hasPassed(Recipient.LINK_RENEWED)
                .isWaitingAt(Recipient.SIGN)
                .isNotWaitingAt(Recipient.AWAIT_NEW_LINK);
        assertThat(job(Recipient.TIMER_LINK_EXPIRY, s.alice()).getDuedate()).isInTheFuture();
        assertThat(outbox(s.envelopeId(), "INVITATION")).hasSize(1);

        assertThat(sign(s.token()).status()).isEqualTo(204);
        runJobs(s.envelopeId());
        assertThat(s.alice()).isEnded().hasPassed(Recipient.END_SIGNED);
        assertThat(status(s.envelopeId())).isEqualTo("COMPLETE");
    }

    @Test
    void editingAnExpiredRecipientSendsANewInvitationAndReturnsToSign() {
        Started s = aliceWithAOneHourLink();
        letTheLinkExpire(s);
        assertThat(s.alice()).isWaitingAt(Recipient.AWAIT_NEW_LINK);

        Api.Response edited = api.patchJson(
                "/v2/envelopes/" + s.envelopeId() + "/recipients/" + s.aliceId(),
                s.tenant().sandboxKey(),
                "{\"email\": \"alice.new@example.com\"}");
        assertThat(edited.status()).isEqualTo(200);
        assertThat(s.alice())
                .hasPassed(Recipient.REINVITE_EXPIRED)
                .isWaitingAt(Recipient.SIGN)
                .isNotWaitingAt(Recipient.AWAIT_NEW_LINK);
        assertThat(outboxTo(s.envelopeId(), "INVITATION", "alice.new@example.com"))
                .hasSize(1);
        assertThat(job(Recipient.TIMER_LINK_EXPIRY, s.alice()).getDuedate()).isInTheFuture();

        assertThat(submitEmpty(s.token()).status()).isEqualTo(404);
        assertThat(sign(invitationTo(s.envelopeId(), "alice.new@example.com").token())
                        .status())
                .isEqualTo(204);
    }

    @Test
    void aManualReminderToARecipientWhoseLinkExpiredIsRefusedUntilTheLinkIsRenewed() {
        Started s = aliceWithAOneHourLink();
        letTheLinkExpire(s);
        String remind = "/v2/envelopes/" + s.envelopeId() + "/recipients/" + s.aliceId() + "/send-reminder";

        Api.Response refused = api.post(remind, s.tenant().sandboxKey());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("LINK_EXPIRED");
        assertThat(outbox(s.envelopeId(), "REMINDER")).isEmpty();
        assertThat(s.alice()).isWaitingAt(Recipient.AWAIT_NEW_LINK);

        api.postJson(
                "/v2/envelopes/" + s.envelopeId() + "/extend-tokens", s.tenant().sandboxKey(), "{}");
        assertThat(api.post(remind, s.tenant().sandboxKey()).status()).isEqualTo(200);
        assertThat(outbox(s.envelopeId(), "REMINDER")).hasSize(1);
    }
}
