package dev.signet.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import dev.signet.workflow.Processes.Envelope;
import dev.signet.workflow.Processes.Recipient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/** Sign groups run one after the other; the signers of one group sign in parallel; CCs only watch. */
class SignGroupsProcessTest extends ProcessTest {

    private static final List<String> PERSONAL_DATA = List.of(
            "Alice",
            "alice@example.com",
            "Bob",
            "bob@example.com",
            "Carol",
            "carol@example.com",
            "Dan",
            "dan@example.com");

    private UUID twoGroupsAndACc(Tenant tenant) {
        UUID id = create(
                tenant.sandboxKey(),
                new Options("Lease")
                        .signer("Alice", "alice@example.com", 1)
                        .signer("Bob", "bob@example.com", 1)
                        .signer("Carol", "carol@example.com", 2)
                        .cc("Dan", "dan@example.com")
                        .toString());
        runJobs(id);
        return id;
    }

    @Test
    void groupTwoHasNoProcessAndNoInvitationUntilEveryGroupOneSignerHasSigned() {
        UUID id = twoGroupsAndACc(newTenant());
        UUID carol = recipientId(id, "carol@example.com");
        ProcessInstance envelope = envelopeProcess(id);
        assertThat(envelope).isWaitingAt(Envelope.RECIPIENTS);
        assertThat(recipientProcess(carol)).isNull();

        assertThat(sign(invitationTo(id, "alice@example.com").token()).status()).isEqualTo(204);
        runJobs(id);
        assertThat(recipientProcess(carol)).isNull();
        assertThat(outbox(id, "INVITATION")).extracting(Message::address).doesNotContain("carol@example.com");
        assertThat(envelope).hasNotPassed(Envelope.END_GROUP_SIGNED);

        assertThat(sign(invitationTo(id, "bob@example.com").token()).status()).isEqualTo(204);
        runJobs(id);
        ProcessInstance carolsProcess = recipientProcess(carol);
        assertThat(carolsProcess).isNotNull();
        assertThat(carolsProcess).hasBusinessKey(carol.toString()).isWaitingAt(Recipient.SIGN);
        assertThat(outboxTo(id, "INVITATION", "carol@example.com")).hasSize(1);
        assertThat(envelope).hasPassed(Envelope.END_GROUP_SIGNED).isWaitingAt(Envelope.RECIPIENTS);
    }

    @Test
    void signersOfAGroupWaitAtSignAtOnceEachInAProcessKeyedByTheirRecipientId() {
        UUID id = twoGroupsAndACc(newTenant());
        UUID alice = recipientId(id, "alice@example.com");
        UUID bob = recipientId(id, "bob@example.com");

        ProcessInstance alices = recipientProcess(alice);
        ProcessInstance bobs = recipientProcess(bob);
        assertThat(alices)
                .hasBusinessKey(alice.toString())
                .isWaitingAt(Recipient.SIGN)
                .hasPassed(Recipient.SEND_INVITATION);
        assertThat(bobs)
                .hasBusinessKey(bob.toString())
                .isWaitingAt(Recipient.SIGN)
                .hasPassed(Recipient.SEND_INVITATION);
        assertThat(alices.getId()).isNotEqualTo(bobs.getId());
        assertThat(runtime.createProcessInstanceQuery()
                        .superProcessInstanceId(envelopeProcess(id).getId())
                        .list())
                .extracting(ProcessInstance::getBusinessKey)
                .containsExactlyInAnyOrder(alice.toString(), bob.toString());
        // What the recipient model's own steps read (whether recipient-assurance.dmn asked for a one-time
        // password, and for a witness after signing), and which signer of which group it is as numbers for Cockpit; the
        // envelope is the super
        // process's. No reminders here, so no reminder count either.
        assertThat(alices)
                .variables()
                .containsOnlyKeys(
                        Processes.Vars.RECIPIENT_ID,
                        Processes.Vars.REMINDER_DAYS,
                        Processes.Vars.SIGN_GROUP,
                        Processes.Vars.SIGNER_NUMBER,
                        Processes.Vars.OTP_PENDING,
                        Processes.Vars.YOTI_SHARE_PENDING,
                        Processes.Vars.WITNESS_PENDING,
                        Processes.Vars.IDV_BEFORE_PENDING,
                        Processes.Vars.IDV_AFTER_PENDING,
                        Processes.Vars.IDV_SUBMITTED)
                .containsEntry(Processes.Vars.OTP_PENDING, false)
                .containsEntry(Processes.Vars.RECIPIENT_ID, alice.toString())
                .containsEntry(Processes.Vars.SIGN_GROUP, 1)
                .containsEntry(Processes.Vars.SIGNER_NUMBER, 1L);
        assertThat(bobs)
                .variables()
                .containsEntry(Processes.Vars.SIGN_GROUP, 1)
                .containsEntry(Processes.Vars.SIGNER_NUMBER, 2L);
        assertThat(runtime.getVariables(envelopeProcess(id).getId()))
                .containsEntry(Processes.Vars.ENVELOPE_ID, id.toString());
    }

    @Test
    void processVariablesHoldOnlyIdsAndPrimitivesNeverNamesOrEmails() {
        UUID id = twoGroupsAndACc(newTenant());
        List<String> processes = new ArrayList<>(processTree(id));
        assertThat(processes).hasSize(3);
        sign(invitationTo(id, "alice@example.com").token());
        sign(invitationTo(id, "bob@example.com").token());
        runJobs(id);
        processes.addAll(processTree(id));
        sign(invitationTo(id, "carol@example.com").token());
        runJobs(id);
        assertThat(status(id)).isEqualTo("COMPLETE");

        List<Object> values = new ArrayList<>();
        history.createHistoricVariableInstanceQuery()
                .processInstanceIdIn(processes.toArray(String[]::new))
                .list()
                .forEach(v -> values.add(v.getValue()));
        // Every process of the envelope wrote variables; history keeps all of them (audit level).
        assertThat(values).hasSizeGreaterThan(10);
        for (Object value : values) {
            assertThat(value).isNotNull();
            assertThat(value).isInstanceOfAny(String.class, Integer.class, Long.class, Boolean.class);
            if (value instanceof String s) {
                assertThat(UUID.fromString(s).toString())
                        .as("a string variable is an id")
                        .isEqualTo(s);
                assertThat(PERSONAL_DATA).noneMatch(s::contains);
            }
        }
    }

    @Test
    void ccRecipientsGetNoProcessNoInvitationOnlyTheCompletionEmail() {
        UUID id = create(
                newTenant().sandboxKey(),
                new Options("Lease")
                        .signer("Alice", "alice@example.com", 1)
                        .cc("Dan", "dan@example.com")
                        .toString());
        ProcessInstance envelope = envelopeProcess(id);
        runJobs(id);
        UUID dan = recipientId(id, "dan@example.com");
        assertThat(recipientProcess(dan)).isNull();
        assertThat(history.createHistoricProcessInstanceQuery()
                        .processInstanceBusinessKey(dan.toString())
                        .count())
                .isZero();
        assertThat(processTree(id)).hasSize(2);
        assertThat(outbox(id)).extracting(Message::address).doesNotContain("dan@example.com");

        assertThat(sign(invitationTo(id, "alice@example.com").token()).status()).isEqualTo(204);
        runJobs(id);
        assertThat(envelope).isEnded().hasPassed(Envelope.END_COMPLETED);
        assertThat(outbox(id).stream().filter(m -> m.address().equals("dan@example.com")))
                .extracting(Message::kind)
                .containsExactly("COMPLETION");
    }
}
