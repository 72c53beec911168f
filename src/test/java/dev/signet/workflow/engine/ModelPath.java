package dev.signet.workflow.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every path through the models of bpmn/, written down as the sequence flows one process instance
 * takes on it (a flow taken twice is listed twice). Each path is followed by an engine test marked
 * {@link EngineTest.Follows} that checks its instance took exactly these flows, so a change to the
 * path in the model fails that test; {@link ModelPathsTest} checks that together they take every
 * flow of every model, through every gateway branch, boundary event, event sub-process and
 * multi-instance shape.
 *
 * <p>A path ends where its test stops driving: a waiting signer is a path too (the wait is the point).
 */
enum ModelPath {

    // bpmn/envelope.bpmn

    ENVELOPE_DOCUMENTS_INVALID(
            "envelope",
            "Prepare documents finds a problem: errored, no one invited",
            Flows.ENVELOPE_PREPARED,
            "Flow_DocumentsInvalid"),
    ENVELOPE_ONE_GROUP_COMPLETES(
            "envelope",
            "one group of two signers in parallel (one call per signer), sealed, complete",
            Flows.ENVELOPE_ACTIVE,
            "Flow_ToRecipients",
            "Flow_ToGroupSigned",
            "Flow_ToSeal",
            "Flow_ToComplete",
            "Flow_ToCompleted"),
    ENVELOPE_TWO_GROUPS_IN_ORDER(
            "envelope",
            "the sequential multi-instance: group 1, then group 2, then sealed and complete",
            Flows.ENVELOPE_ACTIVE,
            "Flow_ToRecipients",
            "Flow_ToGroupSigned",
            "Flow_ToRecipients",
            "Flow_ToGroupSigned",
            "Flow_ToSeal",
            "Flow_ToComplete",
            "Flow_ToCompleted"),
    ENVELOPE_ARCHIVED_WHILE_SIGNING(
            "envelope",
            "event sub-process Archive interrupts the signing; waiting signers told",
            Flows.ENVELOPE_ACTIVE,
            "Flow_ToRecipients",
            "Flow_ToNotifyArchived",
            "Flow_ToArchived"),
    ENVELOPE_ARCHIVED_BEFORE_PREPARATION(
            "envelope",
            "event sub-process Archive interrupts the queued preparation job",
            "Flow_ToPrepare",
            "Flow_ToNotifyArchived",
            "Flow_ToArchived"),
    ENVELOPE_DECLINED(
            "envelope",
            "event sub-process Declined interrupts the signing; the others told",
            Flows.ENVELOPE_ACTIVE,
            "Flow_ToRecipients",
            "Flow_ToNotifyDeclined",
            "Flow_ToDeclined"),
    ENVELOPE_PREPARATION_FAILS(
            "envelope",
            "Prepare documents throws: its job is retried, then an incident; nothing activated",
            "Flow_ToPrepare"),
    ENVELOPE_SEAL_FAILS(
            "envelope",
            "seal and complete share one job: a failure rolls both back, retried, then an incident",
            Flows.ENVELOPE_ACTIVE,
            "Flow_ToRecipients",
            "Flow_ToGroupSigned",
            "Flow_ToSeal"),

    // bpmn/recipient.bpmn

    RECIPIENT_WAITS_WITHOUT_REMINDERS(
            "recipient", "reminders off (default flow): invited, waits at Sign on one path", Flows.RECIPIENT_WAITING),
    RECIPIENT_SIGNS_WITHOUT_REMINDERS(
            "recipient",
            "reminders off: signs, the signature is applied in its own job, terminate end",
            Flows.RECIPIENT_WAITING,
            "Flow_ToApplySignature",
            "Flow_NoIdvAfterSubmit",
            "Flow_ToSigned"),
    RECIPIENT_THREE_TIMED_REMINDERS(
            "recipient",
            "reminders on: parallel split, the timer loop three rounds, then its end",
            Flows.RECIPIENT_WAITING_WITH_REMINDERS,
            "Flow_ToSendReminder",
            "Flow_ToMoreReminders",
            "Flow_NextReminder",
            "Flow_ToWaitReminder",
            "Flow_ToSendReminder",
            "Flow_ToMoreReminders",
            "Flow_NextReminder",
            "Flow_ToWaitReminder",
            "Flow_ToSendReminder",
            "Flow_ToMoreReminders",
            "Flow_RemindersDone"),
    RECIPIENT_SIGNS_DURING_REMINDERS(
            "recipient",
            "reminders on: signing's terminate end cancels the waiting reminder timer",
            Flows.RECIPIENT_WAITING_WITH_REMINDERS,
            "Flow_ToApplySignature",
            "Flow_NoIdvAfterSubmit",
            "Flow_ToSigned"),
    RECIPIENT_MANUAL_REMINDER(
            "recipient",
            "non-interrupting message boundary remindRecipient: a reminder, still at Sign",
            Flows.RECIPIENT_WAITING,
            "Flow_ToManualReminder",
            "Flow_ToManualReminderSent"),
    RECIPIENT_DETAILS_CORRECTED(
            "recipient",
            "non-interrupting message boundary recipientEdited: a new invitation, still at Sign",
            Flows.RECIPIENT_WAITING,
            "Flow_ToResendInvitation",
            "Flow_ToReinvited"),
    RECIPIENT_LINK_STILL_VALID(
            "recipient",
            "interrupting timer boundary Link expires, the link was extended: back to Sign",
            Flows.RECIPIENT_WAITING,
            "Flow_ToCheckExpiry",
            "Flow_ToLinkExpired",
            "Flow_LinkStillValid",
            "Flow_ToSign"),
    RECIPIENT_LINK_EXPIRED_THEN_EXTENDED(
            "recipient",
            "link dead: the event-based gateway takes linkRenewed, back to Sign",
            Flows.RECIPIENT_LINK_DEAD,
            "Flow_ToLinkRenewed",
            "Flow_RenewedBackToSigning",
            "Flow_ToSign"),
    RECIPIENT_LINK_EXPIRED_THEN_DETAILS_CORRECTED(
            "recipient",
            "link dead: the event-based gateway takes recipientEdited, a new invitation, back to Sign",
            Flows.RECIPIENT_LINK_DEAD,
            "Flow_ToEditedWhileExpired",
            "Flow_ToReinviteExpired",
            "Flow_ReinvitedBackToSigning",
            "Flow_ToSign"),
    RECIPIENT_REMINDED_WHILE_LINK_DEAD(
            "recipient",
            "reminders on and the link dead: the timer loop goes on beside the wait",
            Flows.RECIPIENT_WAITING_WITH_REMINDERS,
            "Flow_ToCheckExpiry",
            "Flow_ToLinkExpired",
            "Flow_LinkDead",
            "Flow_ToSendReminder",
            "Flow_ToMoreReminders",
            "Flow_NextReminder",
            "Flow_ToWaitReminder"),
    RECIPIENT_OTP_THEN_SIGNS(
            "recipient",
            "the table asks for a one-time password: Enter one-time password, then Sign",
            Flows.RECIPIENT_OTP_ASKED,
            "Flow_OtpEntered",
            "Flow_ToSign",
            "Flow_ToApplySignature",
            "Flow_NoIdvAfterSubmit",
            "Flow_ToSigned"),
    RECIPIENT_REMINDED_BEFORE_OTP(
            "recipient",
            "non-interrupting remindRecipient on Enter one-time password: a reminder",
            Flows.RECIPIENT_OTP_ASKED,
            "Flow_OtpToManualReminder",
            "Flow_ToManualReminderSent"),
    RECIPIENT_CORRECTED_BEFORE_OTP(
            "recipient",
            "non-interrupting recipientEdited on Enter one-time password: a new invitation",
            Flows.RECIPIENT_OTP_ASKED,
            "Flow_OtpToResendInvitation",
            "Flow_ToReinvited"),
    RECIPIENT_LINK_STILL_VALID_DURING_OTP(
            "recipient",
            "interrupting timer boundary Link expires on Enter one-time password, the link was extended: back to"
                    + " the code",
            Flows.RECIPIENT_OTP_ASKED,
            "Flow_OtpToCheckExpiry",
            "Flow_ToLinkExpired",
            "Flow_LinkStillValid",
            "Flow_ToEnterOtp"),
    RECIPIENT_LINK_EXPIRED_DURING_OTP_THEN_EXTENDED(
            "recipient",
            "the link dies before the code is entered: wait for a new link, then the code is still owed",
            Flows.RECIPIENT_OTP_ASKED,
            "Flow_OtpToCheckExpiry",
            "Flow_ToLinkExpired",
            "Flow_LinkDead",
            "Flow_ToLinkRenewed",
            "Flow_RenewedBackToSigning",
            "Flow_ToEnterOtp"),
    RECIPIENT_SIGNS_THEN_WITNESS_SIGNS(
            "recipient",
            "a witnessed signer: code, Sign, signature, names the witness, whose own recipient process runs to its end",
            Flows.RECIPIENT_OTP_ASKED,
            "Flow_OtpEntered",
            "Flow_ToSign",
            "Flow_ToApplySignature",
            "Flow_NoIdvAfterSubmit",
            "Flow_ToNameWitness",
            "Flow_ToWitnessSigns",
            "Flow_ToWitnessed"),
    RECIPIENT_WITNESS_CORRECTED(
            "recipient",
            "interrupting witnessCorrected on Witness signs: the witness's process starts again, then they sign",
            Flows.RECIPIENT_OTP_ASKED,
            "Flow_OtpEntered",
            "Flow_ToSign",
            "Flow_ToApplySignature",
            "Flow_NoIdvAfterSubmit",
            "Flow_ToNameWitness",
            "Flow_ToWitnessSigns",
            "Flow_WitnessAgain",
            "Flow_ToWitnessed"),
    RECIPIENT_SIGNATURE_FAILS(
            "recipient",
            "Apply signature throws: retried, then an incident; the signer is not signed",
            Flows.RECIPIENT_WAITING,
            "Flow_ToApplySignature",
            "Flow_NoIdvAfterSubmit"),
    RECIPIENT_YOTI_SHARE_THEN_SIGNS(
            "recipient",
            "the table asks for Yoti auth (sign-auth): Share with Yoti, the signer's own email shared, then Sign",
            Flows.RECIPIENT_YOTI_SHARE_ASKED,
            "Flow_YotiShared",
            "Flow_ToSign",
            "Flow_ToApplySignature",
            "Flow_NoIdvAfterSubmit",
            "Flow_ToSigned"),
    RECIPIENT_REMINDED_BEFORE_YOTI_SHARE(
            "recipient",
            "non-interrupting remindRecipient on Share with Yoti: a reminder",
            Flows.RECIPIENT_YOTI_SHARE_ASKED,
            "Flow_ShareToManualReminder",
            "Flow_ToManualReminderSent"),
    RECIPIENT_CORRECTED_BEFORE_YOTI_SHARE(
            "recipient",
            "non-interrupting recipientEdited on Share with Yoti: a new invitation",
            Flows.RECIPIENT_YOTI_SHARE_ASKED,
            "Flow_ShareToResendInvitation",
            "Flow_ToReinvited"),
    RECIPIENT_LINK_STILL_VALID_DURING_YOTI_SHARE(
            "recipient",
            "interrupting timer boundary Link expires on Share with Yoti, the link was extended: back to the share",
            Flows.RECIPIENT_YOTI_SHARE_ASKED,
            "Flow_ShareToCheckExpiry",
            "Flow_ToLinkExpired",
            "Flow_LinkStillValid",
            "Flow_ToShareYoti"),
    RECIPIENT_IDV_BEFORE_VIEWING_THEN_SIGNS(
            "recipient",
            "the table asks for identity verification before viewing: Verify identity, approved, then Sign",
            Flows.RECIPIENT_IDV_BEFORE_ASKED,
            "Flow_IdentityVerified",
            "Flow_ToIdvResult",
            "Flow_IdvDone",
            "Flow_IdvBeforeViewingDone",
            "Flow_ToSign",
            "Flow_ToApplySignature",
            "Flow_NoIdvAfterSubmit",
            "Flow_ToSigned"),
    RECIPIENT_IDV_PROVIDER_DOWN_THEN_UP(
            "recipient",
            "the provider does not answer: the back-off timer, asked again, approved, waits at Sign",
            Flows.RECIPIENT_IDV_BEFORE_ASKED,
            "Flow_IdentityVerified",
            "Flow_ToIdvResult",
            "Flow_IdvUnanswered",
            "Flow_RetryIdvResult",
            "Flow_ToIdvResult",
            "Flow_IdvUnanswered",
            "Flow_RetryIdvResult",
            "Flow_ToIdvResult",
            "Flow_IdvDone",
            "Flow_IdvBeforeViewingDone",
            "Flow_ToSign"),
    RECIPIENT_IDV_FAILED_TRIES_AGAIN(
            "recipient",
            "a failed check that blocks signing: back to Verify identity for another session",
            Flows.RECIPIENT_IDV_BEFORE_ASKED,
            "Flow_IdentityVerified",
            "Flow_ToIdvResult",
            "Flow_IdvTryAgain"),
    RECIPIENT_IDV_AFTER_SUBMITTING(
            "recipient",
            "identity verification after submitting: Sign, Verify identity, approved, Apply signature",
            Flows.RECIPIENT_WAITING,
            "Flow_ToApplySignature",
            "Flow_ToVerifyAfterSubmit",
            "Flow_IdentityVerified",
            "Flow_ToIdvResult",
            "Flow_IdvDone",
            "Flow_IdvAfterSubmitDone",
            "Flow_ToSigned"),
    RECIPIENT_REMINDED_BEFORE_IDV(
            "recipient",
            "non-interrupting remindRecipient on Verify identity: a reminder",
            Flows.RECIPIENT_IDV_BEFORE_ASKED,
            "Flow_IdvToManualReminder",
            "Flow_ToManualReminderSent"),
    RECIPIENT_CORRECTED_BEFORE_IDV(
            "recipient",
            "non-interrupting recipientEdited on Verify identity: a new invitation",
            Flows.RECIPIENT_IDV_BEFORE_ASKED,
            "Flow_IdvToResendInvitation",
            "Flow_ToReinvited"),
    RECIPIENT_LINK_STILL_VALID_DURING_IDV(
            "recipient",
            "interrupting timer boundary Link expires on Verify identity, the link was extended: back to the check",
            Flows.RECIPIENT_IDV_BEFORE_ASKED,
            "Flow_IdvToCheckExpiry",
            "Flow_ToLinkExpired",
            "Flow_LinkStillValid",
            "Flow_ToVerifyIdentity"),
    RECIPIENT_LINK_EXPIRED_DURING_IDV_AFTER_SUBMITTING(
            "recipient",
            "the link dies while a signer who submitted owes the check: a new link, back to Verify identity (not"
                    + " Sign), approved, Apply signature",
            Flows.RECIPIENT_WAITING,
            "Flow_ToApplySignature",
            "Flow_ToVerifyAfterSubmit",
            "Flow_IdvToCheckExpiry",
            "Flow_ToLinkExpired",
            "Flow_LinkDead",
            "Flow_ToLinkRenewed",
            "Flow_RenewedBackToSigning",
            "Flow_ToVerifyIdentity",
            "Flow_IdentityVerified",
            "Flow_ToIdvResult",
            "Flow_IdvDone",
            "Flow_IdvAfterSubmitDone",
            "Flow_ToSigned");

    /** The process key of the model the path runs through. */
    final String processKey;

    final String description;
    /** The flows taken, in the order of the model where the path is sequential; compared as a multiset. */
    final List<String> flows;

    ModelPath(String processKey, String description, String[] prefix, String... flows) {
        this.processKey = processKey;
        this.description = description;
        List<String> all = new ArrayList<>(List.of(prefix));
        all.addAll(List.of(flows));
        this.flows = Collections.unmodifiableList(all);
    }

    ModelPath(String processKey, String description, String... flows) {
        this(processKey, description, new String[0], flows);
    }

    /** The starts several paths share. */
    private static final class Flows {
        static final String[] ENVELOPE_PREPARED = {"Flow_ToPrepare", "Flow_ToDocumentsValid"};
        static final String[] ENVELOPE_ACTIVE = {
            "Flow_ToPrepare", "Flow_ToDocumentsValid", "Flow_DocumentsValid", "Flow_ToSignGroups"
        };
        static final String[] RECIPIENT_WAITING = {
            "Flow_ToInvitation", "Flow_ToDecideAssurance", "Flow_ToRemindersOn", "Flow_NoReminders", "Flow_ToSign"
        };
        static final String[] RECIPIENT_WAITING_WITH_REMINDERS = {
            "Flow_ToInvitation",
            "Flow_ToDecideAssurance",
            "Flow_ToRemindersOn",
            "Flow_RemindersOn",
            "Flow_ToSignMerge",
            "Flow_ToSign",
            "Flow_ToReminderLoop",
            "Flow_ToWaitReminder"
        };
        static final String[] RECIPIENT_OTP_ASKED = {
            "Flow_ToInvitation", "Flow_ToDecideAssurance", "Flow_ToRemindersOn", "Flow_NoReminders", "Flow_ToEnterOtp"
        };
        static final String[] RECIPIENT_YOTI_SHARE_ASKED = {
            "Flow_ToInvitation", "Flow_ToDecideAssurance", "Flow_ToRemindersOn", "Flow_NoReminders", "Flow_ToShareYoti"
        };
        static final String[] RECIPIENT_IDV_BEFORE_ASKED = {
            "Flow_ToInvitation",
            "Flow_ToDecideAssurance",
            "Flow_ToRemindersOn",
            "Flow_NoReminders",
            "Flow_ToVerifyIdentity"
        };
        static final String[] RECIPIENT_LINK_DEAD = {
            "Flow_ToInvitation",
            "Flow_ToDecideAssurance",
            "Flow_ToRemindersOn",
            "Flow_NoReminders",
            "Flow_ToSign",
            "Flow_ToCheckExpiry",
            "Flow_ToLinkExpired",
            "Flow_LinkDead"
        };
    }
}
