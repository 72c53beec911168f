package dev.signet.workflow;

import dev.signet.assurance.AssuranceFacts;
import dev.signet.assurance.AssuranceStep;
import dev.signet.workflow.Processes.Vars;
import java.util.List;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;

/**
 * End listener of "Decide assurance steps": keeps what recipient-assurance.dmn returned as
 * otpPending, yotiSharePending, idvBeforePending and idvAfterPending, which the gateways around Sign read, and
 * witnessPending, which the flow after Apply signature reads, and removes the table's inputs again (option values
 * such as "no-auth" are no ids: the process keeps ids and flags only). The engine hands the result
 * over as the transient decisionResult. The application's listener ({@code assuranceSteps} in AssuranceDelegates)
 * also writes the steps owed before viewing to the recipient row, for the signing API to read without the engine.
 */
public final class AssuranceDecision implements ExecutionListener {

    @Override
    public void notify(DelegateExecution execution) {
        take(execution);
    }

    /** Sets the flags the gateways read and answers the steps the table decided, in its order. */
    List<AssuranceStep> take(DelegateExecution execution) {
        DmnDecisionResult result = (DmnDecisionResult) execution.getVariable(Vars.DECISION_RESULT);
        List<AssuranceStep> steps = result == null
                ? List.of()
                : result.getResultList().stream()
                        .map(row -> AssuranceStep.fromDecision((String) row.get(AssuranceFacts.OUTPUT_STEP)))
                        .toList();
        execution.removeVariables(AssuranceFacts.INPUTS);
        execution.setVariable(Vars.OTP_PENDING, steps.contains(AssuranceStep.OTP));
        execution.setVariable(Vars.WITNESS_PENDING, steps.contains(AssuranceStep.WITNESS));
        execution.setVariable(Vars.YOTI_SHARE_PENDING, steps.contains(AssuranceStep.YOTI_AUTH));
        execution.setVariable(Vars.IDV_BEFORE_PENDING, steps.contains(AssuranceStep.IDV_BEFORE));
        execution.setVariable(Vars.IDV_AFTER_PENDING, steps.contains(AssuranceStep.IDV_AFTER));
        execution.setVariable(Vars.IDV_SUBMITTED, false);
        return steps;
    }
}
