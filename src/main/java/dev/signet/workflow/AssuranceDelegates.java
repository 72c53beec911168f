package dev.signet.workflow;

import dev.signet.SignetProperties;
import dev.signet.assurance.AssuranceFacts;
import dev.signet.assurance.AssuranceStep;
import dev.signet.assurance.IdvRecipient;
import dev.signet.assurance.IdvService;
import dev.signet.assurance.IdvVerdict;
import dev.signet.envelope.Envelope;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.IdvConfig;
import dev.signet.envelope.Recipient;
import dev.signet.signing.IdvGate;
import dev.signet.signing.OtpGate;
import dev.signet.workflow.Processes.Vars;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The recipient model's assurance step: the facts the decision table reads (flags and option values
 * from the recipient row, never a name or address), what it decided, and the gate the signing
 * pages ask whether a one-time password is still to be entered.
 */
@Configuration(proxyBeanMethods = false)
class AssuranceDelegates {

    /**
     * Start listener of "Decide assurance steps": the table's inputs as transient process variables.
     * The table reads them in the same transaction (the task is not async), and the end listener
     * removes them: kept transient, they never become runtime or history rows (six of each, set and
     * then deleted, for every recipient).
     */
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
                    envelopes.idvConfig(recipientId).map(IdvConfig::when).orElse(null),
                    AssuranceFacts.sandbox(envelope.mode(), properties.embedded()));
            facts.variables()
                    .forEach((name, value) -> execution.setVariable(name, Variables.untypedValue(value, true)));
        };
    }

    /**
     * "Fetch identity result": the provider's answer for the latest session, as flags for the
     * gateway after it; no answer (provider down, still checking) sets the next back-off.
     */
    @Bean("fetchIdvResult")
    JavaDelegate fetchIdvResult(Envelopes envelopes, IdvService idv, SignetProperties properties) {
        return execution -> {
            UUID recipientId = RecipientDelegates.recipientId(execution);
            IdvRecipient recipient = idvRecipient(envelopes, properties, recipientId, null);
            IdvVerdict verdict = idv.fetch(recipient);
            if (verdict.maySign()) {
                // The flag IdvResult clears for the gateway, cleared on the row the signing API reads.
                envelopes.checkSettled(recipientId, Recipient.Check.IDV_BEFORE);
            }
            if (verdict == IdvVerdict.PASSED) {
                // Recorded with the recipient, like a passed code: their certificate, the coversheet and
                // verified_by then state it, and envelope needs to ask assurance nothing when it signs.
                envelopes.checkPassed(recipientId, "idv (" + recipient.config().sessionConfigName() + ": APPROVED)");
            }
            execution.setVariables(IdvResult.variables(verdict, execution.getVariable(Vars.IDV_RETRIES)));
        };
    }

    /** The recipient as identity verification needs them; returnUrl only when a session is to start. */
    static IdvRecipient idvRecipient(
            Envelopes envelopes, SignetProperties properties, UUID recipientId, String returnUrl) {
        Recipient recipient = envelopes.recipient(recipientId).orElseThrow();
        Envelope envelope = envelopes.envelope(recipient.envelopeId()).orElseThrow();
        IdvConfig config = envelopes
                .idvConfig(recipientId)
                .orElseThrow(() -> new IllegalStateException("Recipient " + recipientId + " has no verification.idv"));
        return new IdvRecipient(
                envelope.organisationId(),
                envelope.id(),
                recipientId,
                recipient.name(),
                config,
                AssuranceFacts.sandbox(envelope.mode(), properties.embedded()),
                returnUrl);
    }

    /** Before viewing: pending from the decision until a result allows signing. */
    @Bean
    IdvGate idvGate(RuntimeService runtime, TaskService tasks) {
        return new IdvGate() {
            @Override
            public boolean pendingBeforeViewing(UUID recipientId) {
                return runtime.createProcessInstanceQuery()
                                .processInstanceBusinessKey(recipientId.toString())
                                .processDefinitionKey(Processes.Recipient.KEY)
                                .variableValueEquals(Vars.IDV_BEFORE_PENDING, true)
                                .count()
                        > 0;
            }

            @Override
            public boolean waitingForSession(UUID recipientId) {
                return !tasks.createTaskQuery()
                        .processInstanceBusinessKey(recipientId.toString())
                        .processDefinitionKey(Processes.Recipient.KEY)
                        .taskDefinitionKey(Processes.Recipient.VERIFY_IDENTITY)
                        .list()
                        .isEmpty();
            }
        };
    }

    /**
     * End listener of "Decide assurance steps": the flags of {@link AssuranceDecision}, and the checks owed
     * before viewing on the recipient row in the same transaction (a new decision replaces an earlier one).
     */
    @Bean("assuranceSteps")
    ExecutionListener assuranceSteps(Envelopes envelopes) {
        AssuranceDecision decision = new AssuranceDecision();
        return execution -> envelopes.oweChecks(
                RecipientDelegates.recipientId(execution),
                decision.take(execution).stream()
                        .flatMap(step -> beforeViewing(step).stream())
                        .toList());
    }

    /** The decision's steps that the signing API must see passed before it shows documents, in envelope's terms. */
    private static Optional<Recipient.Check> beforeViewing(AssuranceStep step) {
        return switch (step) {
            case OTP -> Optional.of(Recipient.Check.OTP);
            case YOTI_AUTH -> Optional.of(Recipient.Check.YOTI_AUTH);
            case IDV_BEFORE -> Optional.of(Recipient.Check.IDV_BEFORE);
            case IDV_AFTER, WITNESS -> Optional.empty();
        };
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
