package dev.signet.workflow;

import dev.signet.envelope.Envelopes;
import dev.signet.workflow.Processes.Vars;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The envelope model's service tasks. Each reads the envelope id, calls one domain step and, where
 * the model branches on the answer, writes back a flag. Bean names are the model's contract.
 */
@Configuration(proxyBeanMethods = false)
class EnvelopeDelegates {

    static UUID envelopeId(DelegateExecution execution) {
        return UUID.fromString((String) execution.getVariable(Vars.ENVELOPE_ID));
    }

    /**
     * The flag is transient: the gateway right after the task reads it in the same transaction, and
     * nothing later does, so it is never written to the runtime or history tables (the envelope's
     * status and the path taken already say whether its documents were valid).
     */
    @Bean("prepareDocuments")
    JavaDelegate prepareDocuments(Envelopes envelopes) {
        return execution -> execution.setVariable(
                Vars.DOCUMENTS_VALID, Variables.booleanValue(envelopes.prepare(envelopeId(execution)), true));
    }

    @Bean("activateEnvelope")
    JavaDelegate activateEnvelope(Envelopes envelopes) {
        return execution -> envelopes.activate(envelopeId(execution));
    }

    @Bean("sealDocuments")
    JavaDelegate sealDocuments(Envelopes envelopes) {
        return execution -> envelopes.seal(envelopeId(execution));
    }

    @Bean("completeEnvelope")
    JavaDelegate completeEnvelope(Envelopes envelopes) {
        return execution -> envelopes.complete(envelopeId(execution));
    }

    @Bean("notifyDeclined")
    JavaDelegate notifyDeclined(Envelopes envelopes) {
        return execution -> envelopes.notifyDeclined(envelopeId(execution));
    }

    @Bean("notifyArchived")
    JavaDelegate notifyArchived(Envelopes envelopes) {
        return execution -> envelopes.notifyArchived(envelopeId(execution));
    }
}
