package dev.signet.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.assurance.AssuranceFacts;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.junit.jupiter.api.Test;

/** The engine's multi-instance counters run as before but stay out of history; every other variable is kept. */
class LoopCounterHistoryTest extends ProcessTest {

    @Test
    void countersAreRuntimeOnlyWhileTheModelsVariablesAreInHistory() {
        UUID id = create(
                newTenant().sandboxKey(),
                new Options("Counters")
                        .signer("Alice", "alice@example.com", 1)
                        .signer("Bob", "bob@example.com", 1)
                        .signer("Carol", "carol@example.com", 2)
                        .toString());
        runJobs(id);
        List<String> running = runtime
                .createVariableInstanceQuery()
                .processInstanceIdIn(processTree(id).toArray(String[]::new))
                .list()
                .stream()
                .map(VariableInstance::getName)
                .toList();
        assertThat(running)
                .contains(
                        "nrOfInstances",
                        "nrOfActiveInstances",
                        "nrOfCompletedInstances",
                        "loopCounter",
                        "envelopeId",
                        "recipientId",
                        "signGroup");

        for (String email : List.of("alice@example.com", "bob@example.com", "carol@example.com")) {
            assertThat(sign(invitationTo(id, email).token()).status()).isEqualTo(204);
            runJobs(id);
        }
        assertThat(status(id)).isEqualTo("COMPLETE");

        List<String> recorded = history
                .createHistoricVariableInstanceQuery()
                .processInstanceIdIn(historicTree(id).toArray(String[]::new))
                .list()
                .stream()
                .map(HistoricVariableInstance::getName)
                .toList();
        assertThat(recorded)
                .contains("envelopeId", "recipientId", "signGroup", "reminderDays")
                .doesNotContainAnyElementsOf(LoopCounterHistory.ENGINE_COUNTERS);
        // Envelope: envelopeId, reminderDays, one signGroup (the sequential group loop sets it again for the
        // next group) and a recipientId per signer; each recipient process: recipientId, reminderDays and
        // the assurance decision's outputs kept: otpPending, witnessPending, yotiSharePending, idvBeforePending,
        // idvAfterPending and idvSubmitted (remindersSent only exists with reminders on,
        // RemindersProcessTest). documentsValid is transient:
        // its gateway reads it in the same transaction, and it is never stored.
        assertThat(recorded).doesNotContain(Processes.Vars.DOCUMENTS_VALID, Processes.Vars.REMINDERS_SENT);
        assertThat(recorded).hasSize(2 + 1 + 3 + 3 * 8);
        // The decision table's inputs are transient: no row, not even a deleted one, in history.
        assertThat(history.createHistoricVariableInstanceQuery()
                        .includeDeleted()
                        .processInstanceIdIn(historicTree(id).toArray(String[]::new))
                        .variableNameIn(AssuranceFacts.INPUTS.toArray(String[]::new))
                        .count())
                .isZero();
    }
}
