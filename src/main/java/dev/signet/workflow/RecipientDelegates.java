package dev.signet.workflow;

import dev.signet.envelope.Envelopes;
import dev.signet.signing.Invitations;
import dev.signet.signing.SigningLinks;
import dev.signet.workflow.Processes.Vars;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The recipient model's service tasks: invitation, reminders, link expiry. */
@Configuration(proxyBeanMethods = false)
class RecipientDelegates {

    static UUID recipientId(DelegateExecution execution) {
        return UUID.fromString((String) execution.getVariable(Vars.RECIPIENT_ID));
    }

    @Bean("sendInvitation")
    JavaDelegate sendInvitation(Invitations invitations) {
        return execution -> invitations.invite(recipientId(execution));
    }

    /** The model counts reminders (an output mapping on the task), so analysts can change how many. */
    @Bean("sendReminder")
    JavaDelegate sendReminder(Invitations invitations) {
        return execution -> invitations.remind(recipientId(execution));
    }

    @Bean("applySignature")
    JavaDelegate applySignature(Envelopes envelopes) {
        return execution -> envelopes.applySignature(recipientId(execution));
    }

    @Bean("checkLinkExpiry")
    JavaDelegate checkLinkExpiry(SigningLinks links) {
        return execution -> execution.setVariable(Vars.LINK_EXPIRED, !links.hasValidLink(recipientId(execution)));
    }
}
