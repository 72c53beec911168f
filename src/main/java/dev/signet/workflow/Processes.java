package dev.signet.workflow;

/**
 * The contract between the Java code and the models in bpmn/: process keys, element ids, message
 * names and the catalogue of process variables (ids and primitives only, never personal data).
 */
public final class Processes {

    private Processes() {}

    public static final class Envelope {
        public static final String KEY = "envelope";
        public static final String PREPARE_DOCUMENTS = "Task_PrepareDocuments";
        public static final String ACTIVATE = "Task_ActivateEnvelope";
        public static final String SIGN_GROUPS = "SubProcess_SignGroups";
        public static final String RECIPIENTS = "CallActivity_Recipient";
        public static final String END_GROUP_SIGNED = "EndEvent_GroupSigned";
        public static final String COMPLETE = "Task_CompleteEnvelope";
        public static final String NOTIFY_ARCHIVED = "Task_NotifyArchived";
        public static final String END_COMPLETED = "EndEvent_Completed";
        public static final String END_ERRORED = "EndEvent_Errored";
        public static final String END_ARCHIVED = "EndEvent_Archived";
        public static final String MESSAGE_ARCHIVE = "archiveEnvelope";
        public static final String NOTIFY_DECLINED = "Task_NotifyDeclined";
        public static final String END_DECLINED = "EndEvent_Declined";
        public static final String MESSAGE_DECLINED = "envelopeDeclined";
        public static final String SEAL_DOCUMENTS = "Task_SealDocuments";

        private Envelope() {}
    }

    public static final class Recipient {
        public static final String KEY = "recipient";
        public static final String SEND_INVITATION = "Task_SendInvitation";
        public static final String SIGN = "Task_Sign";
        public static final String DECIDE_ASSURANCE = "Task_DecideAssurance";
        public static final String ENTER_OTP = "Task_EnterOtp";
        public static final String VERIFY_IDENTITY = "Task_VerifyIdentity";
        public static final String SHARE_YOTI = "Task_ShareYoti";
        public static final String TIMER_LINK_EXPIRY_DURING_SHARE = "Timer_LinkExpiryDuringShare";
        public static final String FETCH_IDV_RESULT = "Task_FetchIdvResult";
        public static final String TIMER_IDV_RETRY = "Timer_IdvRetry";
        public static final String IDV_AFTER_SUBMIT = "Gateway_IdvAfterSubmit";
        public static final String SEND_REMINDER = "Task_SendReminder";
        public static final String SEND_MANUAL_REMINDER = "Task_SendManualReminder";
        public static final String TIMER_REMINDER = "Timer_Reminder";
        public static final String REMINDERS_ON = "Gateway_RemindersOn";
        public static final String SIGN_AND_REMIND = "Gateway_SignAndRemind";
        public static final String END_REMINDERS_DONE = "EndEvent_RemindersDone";
        public static final String TIMER_LINK_EXPIRY = "Timer_LinkExpiry";
        public static final String TIMER_LINK_EXPIRY_DURING_OTP = "Timer_LinkExpiryDuringOtp";
        public static final String TIMER_LINK_EXPIRY_DURING_IDV = "Timer_LinkExpiryDuringIdv";
        public static final String CHECK_LINK_EXPIRY = "Task_CheckLinkExpiry";
        public static final String AWAIT_NEW_LINK = "Gateway_AwaitNewLink";
        public static final String LINK_RENEWED = "Event_LinkRenewed";
        public static final String REINVITE_EXPIRED = "Task_ReinviteExpired";
        public static final String END_SIGNED = "EndEvent_Signed";
        public static final String APPLY_SIGNATURE = "Task_ApplySignature";
        public static final String MESSAGE_REMIND = "remindRecipient";
        public static final String MESSAGE_EDITED = "recipientEdited";
        public static final String MESSAGE_LINK_RENEWED = "linkRenewed";
        public static final String NAME_WITNESS = "Task_NameWitness";
        public static final String WITNESS = "CallActivity_Witness";
        public static final String END_WITNESSED = "EndEvent_Witnessed";
        public static final String WITNESS_CORRECTED = "Message_WitnessCorrected";
        public static final String MESSAGE_WITNESS_CORRECTED = "witnessCorrected";

        private Recipient() {}
    }

    /** Process variables; every one is an id (as a string) or a primitive. */
    public static final class Vars {
        public static final String ENVELOPE_ID = "envelopeId";
        public static final String RECIPIENT_ID = "recipientId";
        public static final String SIGN_GROUP = "signGroup";
        /** A recipient process's place in its sign group, from 1, for Cockpit: no step reads it. */
        public static final String SIGNER_NUMBER = "signerNumber";

        public static final String REMINDER_DAYS = "reminderDays";
        public static final String REMINDERS_SENT = "remindersSent";
        public static final String DOCUMENTS_VALID = "documentsValid";
        public static final String LINK_EXPIRED = "linkExpired";
        /** True until the recipient entered their one-time password; read by the gate before Sign. */
        public static final String OTP_PENDING = "otpPending";
        /** True when the decision asked for step witness: after signing, the signer names a witness. */
        public static final String WITNESS_PENDING = "witnessPending";
        /** The WITNESS recipient's id, handed over when the signer names them; the called process's recipientId. */
        public static final String WITNESS_ID = "witnessId";
        /** True until the recipient shared their own Yoti-verified email (table step yoti_auth). */
        public static final String YOTI_SHARE_PENDING = "yotiSharePending";
        /** True until an identity verification before viewing allowed signing (table step idv_before). */
        public static final String IDV_BEFORE_PENDING = "idvBeforePending";
        /** True until an identity verification after submitting allowed signing (table step idv_after). */
        public static final String IDV_AFTER_PENDING = "idvAfterPending";
        /** The signer has submitted: a verified identity goes on to Apply signature, not back to Sign. */
        public static final String IDV_SUBMITTED = "idvSubmitted";
        /** The provider gave a final result for the latest session. */
        public static final String IDV_ANSWERED = "idvAnswered";
        /** That result lets the signer go on (approved, or failed without deadend_errors). */
        public static final String IDV_MAY_SIGN = "idvMaySign";
        /** How often the provider gave no answer in a row; sets the back-off. */
        public static final String IDV_RETRIES = "idvRetries";
        /** Seconds until the provider is asked again (Timer_IdvRetry). */
        public static final String IDV_RETRY_SECONDS = "idvRetrySeconds";
        /** The engine's transient result of a business rule task without a result variable. */
        public static final String DECISION_RESULT = "decisionResult";

        private Vars() {}
    }
}
