package dev.signet.workflow;

import dev.signet.envelope.EnvelopeEvents.ArchiveRequested;
import dev.signet.envelope.EnvelopeEvents.DeclineRecorded;
import dev.signet.envelope.EnvelopeEvents.EnvelopeCreated;
import dev.signet.envelope.EnvelopeEvents.RecipientContactChanged;
import dev.signet.envelope.EnvelopeEvents.RecipientSubmitted;
import dev.signet.envelope.EnvelopeEvents.ReminderRequested;
import dev.signet.envelope.EnvelopeEvents.WitnessCorrected;
import dev.signet.envelope.EnvelopeEvents.WitnessNamed;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.signing.SigningEvents.IdvSessionFinished;
import dev.signet.signing.SigningEvents.LinkRenewed;
import dev.signet.signing.SigningEvents.OtpPassed;
import dev.signet.web.ApiException;
import dev.signet.workflow.Processes.Vars;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns domain events into process starts, messages and task completions. Runs inside the
 * transaction that published the event, so the domain change and the process step commit together.
 */
@Component
class ProcessStarter {

    private final RuntimeService runtime;
    private final TaskService tasks;
    private final Envelopes envelopes;

    ProcessStarter(RuntimeService runtime, TaskService tasks, Envelopes envelopes) {
        this.runtime = runtime;
        this.tasks = tasks;
        this.envelopes = envelopes;
    }

    @EventListener
    void on(EnvelopeCreated event) {
        runtime.startProcessInstanceByKey(
                Processes.Envelope.KEY,
                event.envelopeId().toString(),
                Map.of(Vars.ENVELOPE_ID, event.envelopeId().toString(), Vars.REMINDER_DAYS, event.reminderDays()));
    }

    @EventListener
    void on(ArchiveRequested event) {
        runtime.createMessageCorrelation(Processes.Envelope.MESSAGE_ARCHIVE)
                .processInstanceBusinessKey(event.envelopeId().toString())
                .correlateAll();
    }

    @EventListener
    void on(DeclineRecorded event) {
        runtime.createMessageCorrelation(Processes.Envelope.MESSAGE_DECLINED)
                .processInstanceBusinessKey(event.envelopeId().toString())
                .correlateAll();
    }

    /**
     * The sender may remind only while the recipient's process waits at Sign. An invited, unsigned
     * signer whose process does not is waiting for a new link: the sender is told, not sent a 200.
     */
    @EventListener
    void on(ReminderRequested event) {
        boolean reminded = !runtime.createMessageCorrelation(Processes.Recipient.MESSAGE_REMIND)
                .processInstanceBusinessKey(event.recipientId().toString())
                .correlateAllWithResult()
                .isEmpty();
        if (!reminded) {
            throw ApiException.conflict(
                    "LINK_EXPIRED",
                    "This recipient's signing link has expired; renew it with POST /v2/envelopes/{id}/extend-tokens, then remind them");
        }
    }

    @EventListener
    void on(RecipientContactChanged event) {
        if (event.wasInvited()) {
            runtime.createMessageCorrelation(Processes.Recipient.MESSAGE_EDITED)
                    .processInstanceBusinessKey(event.recipientId().toString())
                    .correlateAll();
        }
    }

    @EventListener
    void on(LinkRenewed event) {
        runtime.createMessageCorrelation(Processes.Recipient.MESSAGE_LINK_RENEWED)
                .processInstanceBusinessKey(event.recipientId().toString())
                .correlateAll();
    }

    @EventListener
    void on(RecipientSubmitted event) {
        // list(), not singleResult(): the LIMIT that singleResult() adds led PostgreSQL to walk the
        // task table in id order looking for the one row (3 ms under load) instead of using the
        // business-key index.
        List<Task> sign = tasks.createTaskQuery()
                .processInstanceBusinessKey(event.recipientId().toString())
                .processDefinitionKey(Processes.Recipient.KEY)
                .taskDefinitionKey(Processes.Recipient.SIGN)
                .list();
        if (sign.size() != 1) {
            // Not at Sign: the link expired and the process waits for new one (an offline upload can arrive
            // then), or a step before Sign is still open. The whole submission rolls back with a clear 409.
            throw ApiException.conflict(
                    "NOT_WAITING_TO_SIGN",
                    "This signer cannot sign now: their link has expired or a step before signing is open; extend the link first");
        }
        tasks.complete(sign.get(0).getId());
    }

    /**
     * The right code: the process leaves "Enter one-time password" for Sign, and the recipient row no longer
     * owes it, both in the check's transaction.
     */
    @EventListener
    void on(OtpPassed event) {
        List<Task> otp = tasks.createTaskQuery()
                .processInstanceBusinessKey(event.recipientId().toString())
                .processDefinitionKey(Processes.Recipient.KEY)
                .taskDefinitionKey(Processes.Recipient.ENTER_OTP)
                .list();
        if (otp.size() != 1) {
            throw new IllegalStateException(
                    "Recipient " + event.recipientId() + " is not waiting for a one-time password");
        }
        tasks.complete(otp.get(0).getId(), AssuranceDelegates.otpPassed());
        envelopes.checkSettled(event.recipientId(), Recipient.Check.OTP);
    }

    /** The signer named their witness: the signer's process leaves "Name the witness" and calls the witness's. */
    @EventListener
    void on(WitnessNamed event) {
        List<Task> naming = tasks.createTaskQuery()
                .processInstanceBusinessKey(event.signerId().toString())
                .processDefinitionKey(Processes.Recipient.KEY)
                .taskDefinitionKey(Processes.Recipient.NAME_WITNESS)
                .list();
        if (naming.size() != 1) {
            throw ApiException.conflict(
                    "NOT_WAITING_FOR_WITNESS",
                    "A witness can be named once you have signed and your signature is applied");
        }
        tasks.complete(
                naming.get(0).getId(), Map.of(Vars.WITNESS_ID, event.witnessId().toString()));
    }

    /** The signer corrected their witness: the witness's process starts again with the new details. */
    @EventListener
    void on(WitnessCorrected event) {
        boolean restarted = !runtime.createMessageCorrelation(Processes.Recipient.MESSAGE_WITNESS_CORRECTED)
                .processInstanceBusinessKey(event.signerId().toString())
                .correlateAllWithResult()
                .isEmpty();
        if (!restarted) {
            throw ApiException.conflict(
                    "WITNESS_NOT_CORRECTABLE", "The witness can no longer be corrected: they have signed");
        }
    }

    /** Back from the identity provider: "Verify identity" is done, the result is fetched in its own job. */
    @EventListener
    void on(IdvSessionFinished event) {
        List<Task> verify = tasks.createTaskQuery()
                .processInstanceBusinessKey(event.recipientId().toString())
                .processDefinitionKey(Processes.Recipient.KEY)
                .taskDefinitionKey(Processes.Recipient.VERIFY_IDENTITY)
                .list();
        if (verify.size() != 1) {
            throw new IllegalStateException("Recipient " + event.recipientId() + " is not verifying their identity");
        }
        tasks.complete(verify.get(0).getId());
    }
}
