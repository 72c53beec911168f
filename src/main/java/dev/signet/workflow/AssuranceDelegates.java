package dev.signet.workflow;

import dev.signet.SignetProperties;
import dev.signet.assurance.AssuranceFacts;
import dev.signet.envelope.Envelope;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.signing.OtpGate;
import dev.signet.workflow.Processes.Vars;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The recipient model's assurance step: the facts the decision table reads (flags and option values
 * from the recipient row, never a name or address), what it decided, and the gate the signing
 * pages ask whether a one-time password is still to be entered.
 */
@Configuration(proxyBeanMethods = false)
class AssuranceDelegates {

    /** Start listener of "Decide assurance steps": the table's inputs as process variables. */
    @Bean("assuranceFacts")
    ExecutionListener assuranceFacts(Envelopes envelopes, SignetProperties properties) {
        return execution -> {
            UUID recipientId = RecipientDelegates.recipientId(execution);
            Recipient recipient = envelopes.recipient(recipientId).orElseThrow();
            Envelope envelope = envelopes.envelope(recipient.envelopeId()).orElseThrow();
            AssuranceFacts facts = new AssuranceFacts(
                    recipient.type().name(),
                    recipient.authType(),
                    envelopes.hasEnvelopeOtps(envelope.id()),
                    envelopes.witnessOf(recipientId).isPresent(),
                    null,
                    AssuranceFacts.sandbox(envelope.mode(), properties.embedded()));
            execution.setVariables(facts.variables());
        };
    }

    @Bean("assuranceSteps")
    ExecutionListener assuranceSteps() {
        return new AssuranceDecision();
    }

    /** Pending while the recipient's process waits at "Enter one-time password". */
    @Bean
    OtpGate otpGate(TaskService tasks) {
        return recipientId -> !tasks.createTaskQuery()
                .processInstanceBusinessKey(recipientId.toString())
                .processDefinitionKey(Processes.Recipient.KEY)
                .taskDefinitionKey(Processes.Recipient.ENTER_OTP)
                .list()
                .isEmpty();
    }

    static Map<String, Object> otpPassed() {
        return Map.of(Vars.OTP_PENDING, false);
    }
}
