package dev.signet.workflow;

import dev.signet.assurance.IdvVerdict;
import dev.signet.workflow.Processes.Vars;
import java.util.HashMap;
import java.util.Map;

/**
 * What "Fetch identity result" writes for the gateway after it: flags only (the outcome itself is
 * in Signet's tables and the audit trail), and the back-off when the provider gave no answer.
 */
public final class IdvResult {

    private IdvResult() {}

    public static Map<String, Object> variables(IdvVerdict verdict, Object retriesSoFar) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(Vars.IDV_ANSWERED, verdict.answered());
        variables.put(Vars.IDV_MAY_SIGN, verdict.maySign());
        int retries = retriesSoFar instanceof Integer n ? n : 0;
        if (!verdict.answered()) {
            variables.put(Vars.IDV_RETRIES, retries + 1);
            variables.put(Vars.IDV_RETRY_SECONDS, backoffSeconds(retries));
        } else {
            variables.put(Vars.IDV_RETRIES, 0);
        }
        if (verdict.maySign()) {
            variables.put(Vars.IDV_BEFORE_PENDING, false);
            variables.put(Vars.IDV_AFTER_PENDING, false);
        }
        return variables;
    }

    /** 30 s, doubling with each unanswered try, at most an hour: a provider that is down is not hammered. */
    public static long backoffSeconds(int retriesSoFar) {
        return Math.min(3600L, 30L << Math.min(retriesSoFar, 7));
    }
}
