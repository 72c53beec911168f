package dev.signet.workflow.engine;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import dev.signet.assurance.AssuranceFacts;
import dev.signet.workflow.Processes.Recipient;
import dev.signet.workflow.Processes.Vars;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The witness path of bpmn/recipient.bpmn on the engine alone, with the real decision table: a
 * signer whose options ask for a witness signs, names the witness, and their part (so their sign
 * group) ends only once the witness, running the same recipient process as a WITNESS, has signed.
 */
class RecipientWitnessEngineTest extends EngineTest {

    private final String signerId = newId();
    private final String witnessId = newId();

    /** The recipient rows as the table reads them: a signer with a witness, and that witness. */
    @BeforeEach
    void aWitnessedSignerAndTheirWitness() {
        AssuranceFacts signer = new AssuranceFacts("SIGNER", null, false, true, null, true);
        AssuranceFacts witness = new AssuranceFacts("WITNESS", null, false, false, null, true);
        Mocks.register("assuranceFacts", (ExecutionListener) execution -> execution.setVariables(
                (witnessId.equals(execution.getVariable(Vars.RECIPIENT_ID)) ? witness : signer).variables()));
    }

    /** Signet's recipient API when the code checks out (ProcessStarter on OtpPassed). */
    private void codeChecksOut(ProcessInstance recipient) {
        engine.getTaskService().complete(task(Recipient.ENTER_OTP, recipient).getId(), Map.of(Vars.OTP_PENDING, false));
    }

    /** Signet's recipient API when the recipient submits, then the signature job. */
    private void signs(ProcessInstance recipient) {
        engine.getTaskService().complete(task(Recipient.SIGN, recipient).getId());
        execute(jobAt(Recipient.APPLY_SIGNATURE, recipient));
    }

    /** As the envelope's call activity starts a signer: with their group and number, which the witness inherits. */
    private ProcessInstance startSigner() {
        return runtime.startProcessInstanceByKey(
                Recipient.KEY,
                signerId,
                Map.of(
                        Vars.RECIPIENT_ID, signerId,
                        Vars.REMINDER_DAYS, 0,
                        Vars.SIGN_GROUP, 1,
                        Vars.SIGNER_NUMBER, 2));
    }

    private ProcessInstance signerSignedAndNamedTheWitness() {
        ProcessInstance signer = startSigner();
        assertThat(signer).isWaitingAt(Recipient.ENTER_OTP);
        codeChecksOut(signer);
        signs(signer);
        assertThat(signer).hasPassed(Recipient.APPLY_SIGNATURE).isWaitingAt(Recipient.NAME_WITNESS);
        Assertions.assertThat(runtime.getVariables(signer.getId())).containsEntry(Vars.WITNESS_PENDING, true);
        // Signet's recipient API when the signer names the witness (ProcessStarter on WitnessNamed).
        engine.getTaskService()
                .complete(task(Recipient.NAME_WITNESS, signer).getId(), Map.of(Vars.WITNESS_ID, witnessId));
        return signer;
    }

    private ProcessInstance witnessProcess() {
        List<ProcessInstance> found = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(witnessId)
                .list();
        Assertions.assertThat(found)
                .as("the witness's running recipient process")
                .hasSize(1);
        return found.get(0);
    }

    @Test
    @Follows({ModelPath.RECIPIENT_SIGNS_THEN_WITNESS_SIGNS, ModelPath.RECIPIENT_OTP_THEN_SIGNS})
    void theSignersPartEndsOnlyWhenTheWitnessTheyNamedHasSigned() throws Exception {
        ProcessInstance signer = signerSignedAndNamedTheWitness();

        assertThat(signer).isWaitingAt(Recipient.WITNESS).isNotEnded();
        ProcessInstance witness = witnessProcess();
        Assertions.assertThat(runtime.createProcessInstanceQuery()
                        .superProcessInstanceId(signer.getId())
                        .list())
                .extracting(ProcessInstance::getId)
                .containsExactly(witness.getId());
        Assertions.assertThat(runtime.getVariables(witness.getId()))
                .as("the witness runs as its own recipient, with the table's answer for a WITNESS")
                .containsEntry(Vars.RECIPIENT_ID, witnessId)
                .containsEntry(Vars.SIGN_GROUP, 1)
                .containsEntry(Vars.SIGNER_NUMBER, 2)
                .containsEntry(Vars.OTP_PENDING, true)
                .containsEntry(Vars.WITNESS_PENDING, false)
                .doesNotContainKeys(AssuranceFacts.INPUTS.toArray(String[]::new));
        assertThat(witness).isWaitingAt(Recipient.ENTER_OTP);

        codeChecksOut(witness);
        signs(witness);

        assertThat(witness).hasPassed(Recipient.END_SIGNED).isEnded();
        assertThat(signer)
                .hasPassed(Recipient.END_WITNESSED)
                .hasNotPassed(Recipient.END_SIGNED)
                .isEnded();
        Assertions.assertThat(variableOfCalls("sendInvitation", Vars.RECIPIENT_ID))
                .containsExactly(signerId, witnessId);
        Assertions.assertThat(variableOfCalls("applySignature", Vars.RECIPIENT_ID))
                .containsExactly(signerId, witnessId);
        followed(signer, ModelPath.RECIPIENT_SIGNS_THEN_WITNESS_SIGNS);
        followed(witness, ModelPath.RECIPIENT_OTP_THEN_SIGNS);
    }

    @Test
    @Follows(ModelPath.RECIPIENT_WITNESS_CORRECTED)
    void correctingTheWitnessStartsTheirProcessAgainWithANewInvitationAndANewCode() throws Exception {
        ProcessInstance signer = signerSignedAndNamedTheWitness();
        ProcessInstance first = witnessProcess();
        codeChecksOut(first);
        assertThat(first).isWaitingAt(Recipient.SIGN);

        Assertions.assertThat(runtime.createMessageCorrelation(Recipient.MESSAGE_WITNESS_CORRECTED)
                        .processInstanceBusinessKey(signerId)
                        .correlateAllWithResult())
                .hasSize(1);

        assertThat(first).isEnded();
        ProcessInstance second = witnessProcess();
        Assertions.assertThat(second.getId()).isNotEqualTo(first.getId());
        assertThat(second)
                .as("the corrected witness passes their own code: nothing of the first carries over")
                .isWaitingAt(Recipient.ENTER_OTP);
        assertThat(signer).hasPassed(Recipient.WITNESS_CORRECTED).isWaitingAt(Recipient.WITNESS);
        Assertions.assertThat(variableOfCalls("sendInvitation", Vars.RECIPIENT_ID))
                .as("a new invitation, with a new link, to the corrected witness")
                .containsExactly(signerId, witnessId, witnessId);

        codeChecksOut(second);
        signs(second);

        assertThat(signer).hasPassed(Recipient.END_WITNESSED).isEnded();
        Assertions.assertThat(variableOfCalls("applySignature", Vars.RECIPIENT_ID))
                .containsExactly(signerId, witnessId);
        followed(signer, ModelPath.RECIPIENT_WITNESS_CORRECTED);
    }

    @Test
    void aSignerWithoutAWitnessEndsAtSignedAndIsNeverAskedToNameOne() {
        Mocks.register("assuranceFacts", (ExecutionListener) execution ->
                execution.setVariables(new AssuranceFacts("SIGNER", null, false, false, null, true).variables()));
        ProcessInstance signer = startRecipient(signerId, 0);
        Assertions.assertThat(runtime.getVariables(signer.getId())).containsEntry(Vars.WITNESS_PENDING, false);

        signs(signer);

        assertThat(signer)
                .hasPassed(Recipient.END_SIGNED)
                .hasNotPassed(Recipient.NAME_WITNESS)
                .isEnded();
    }
}
