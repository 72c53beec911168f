package dev.signet.workflow;

import dev.signet.envelope.EnvelopeLifecycle;
import dev.signet.envelope.SignatureSteps;
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
    JavaDelegate prepareDocuments(EnvelopeLifecycle lifecycle) {
        return execution -> execution.setVariable(Vars.DOCUMENTS_VALID,
                Variables.booleanValue(lifecycle.prepare(envelopeId(execution)), true));
    }

    @Bean("activateEnvelope")
    JavaDelegate activateEnvelope(EnvelopeLifecycle lifecycle) {
        return execution -> lifecycle.activate(envelopeId(execution));
    }

    @Bean("sealDocuments")
    JavaDelegate sealDocuments(SignatureSteps steps) {
        return execution -> steps.seal(envelopeId(execution));
    }

    @Bean("completeEnvelope")
    JavaDelegate completeEnvelope(EnvelopeLifecycle lifecycle) {
        return execution -> lifecycle.complete(envelopeId(execution));
    }

    @Bean("notifyDeclined")
    JavaDelegate notifyDeclined(EnvelopeLifecycle lifecycle) {
        return execution -> lifecycle.notifyDeclined(envelopeId(execution));
    }

    @Bean("notifyArchived")
    JavaDelegate notifyArchived(EnvelopeLifecycle lifecycle) {
        return execution -> lifecycle.notifyArchived(envelopeId(execution));
    }
}
