package dev.signet.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import dev.signet.Api;
import dev.signet.workflow.Processes.Envelope;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/**
 * A signer may decline when the envelope allows it: the envelope is DECLINED for good, every
 * process stops, and the other invited signers and the sender learn who declined and why.
 */
class DeclineProcessTest extends ProcessTest {

    private Api.Response decline(String token, String reason) {
        return api.postJson(
                "/v2/signing/" + token + "/decline",
                null,
                JSON.createObjectNode().put("reason", reason).toString());
    }

    private static Options lease(boolean allowDecline) {
        Options options = new Options("Lease")
                .reminders(1)
                .signer("Alice", "alice.decline@example.com", 1)
                .signer("Bob", "bob.decline@example.com", 1)
                .signer("Carol", "carol.decline@example.com", 2);
        options.json().put("allow_decline", allowDecline);
        return options;
    }

    @Test
    void aDeclineEndsEveryProcessAndTellsTheOtherInvitedSignersAndTheSender() {
        Tenant tenant = newTenant();
        UUID id = create(tenant.sandboxKey(), lease(true).toString());
        ProcessInstance envelope = envelopeProcess(id);
        runJobs(id);
        ProcessInstance alice = recipientProcess(recipientId(id, "alice.decline@example.com"));
        assertThat(sign(invitationTo(id, "alice.decline@example.com").token()).status())
                .isEqualTo(204);
        runJobs(id);
        ProcessInstance bob = recipientProcess(recipientId(id, "bob.decline@example.com"));

        Api.Response declined =
                decline(invitationTo(id, "bob.decline@example.com").token(), "The rent is wrong");

        assertThat(declined.status()).as(declined.toString()).isEqualTo(204);
        assertThat(status(id)).isEqualTo("DECLINED");
        assertThat(bob).isEnded();
        assertThat(alice).isEnded();
        assertThat(envelope).isWaitingAt(Envelope.NOTIFY_DECLINED);
        runJobs(id);
        assertThat(envelope).isEnded().hasPassed(Envelope.END_DECLINED).hasNotPassed(Envelope.SEAL_DOCUMENTS);
        assertThat(outbox(id, "DECLINED"))
                .extracting(Message::address)
                .containsExactlyInAnyOrder("alice.decline@example.com", "sender@example.com");
        assertThat(outbox(id, "DECLINED").get(0).text()).contains("Bob", "The rent is wrong");
        assertThat(history.createHistoricProcessInstanceQuery()
                        .processInstanceBusinessKey(
                                recipientId(id, "carol.decline@example.com").toString())
                        .count())
                .as("Carol's group is never invited")
                .isZero();
        JsonAssert.code(sign(invitationTo(id, "alice.decline@example.com").token()), 409, "ENVELOPE_NOT_ACTIVE");
        assertThat(api.get("/v2/envelopes/" + id, tenant.sandboxKey())
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("DECLINED");
    }

    @Test
    void anEnvelopeThatDoesNotAllowItCannotBeDeclinedAndAReasonIsRequired() {
        Tenant tenant = newTenant();
        UUID id = create(tenant.sandboxKey(), lease(false).toString());
        runJobs(id);
        String token = invitationTo(id, "alice.decline@example.com").token();

        JsonAssert.code(decline(token, "No"), 409, "DECLINE_NOT_ALLOWED");

        UUID allowed = create(tenant.sandboxKey(), lease(true).toString());
        runJobs(allowed);
        String aliceToken = invitationTo(allowed, "alice.decline@example.com").token();
        JsonAssert.code(decline(aliceToken, "  "), 422, "VALIDATION_FAILED");
        assertThat(sign(aliceToken).status()).isEqualTo(204);
        JsonAssert.code(decline(aliceToken, "Changed my mind"), 409, "DECLINE_NOT_ALLOWED");
        assertThat(status(id)).isEqualTo("ACTIVE");
        assertThat(status(allowed)).isEqualTo("ACTIVE");
    }

    /** The error body's code and status, in one line. */
    private static final class JsonAssert {
        static void code(Api.Response response, int status, String code) {
            assertThat(response.status()).as(response.toString()).isEqualTo(status);
            assertThat(response.json().get("code").asText()).isEqualTo(code);
        }
    }
}
