package dev.signet.envelope;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.tagging.TagAttributes;
import dev.signet.tagging.TagType;
import java.util.List;
import java.util.Set;

/** A create request that passed validation: everything needed to write the envelope's rows. */
record EnvelopeDraft(
        String name,
        String invitationMessage,
        String replyTo,
        String senderName,
        int reminderFrequency,
        boolean notifySender,
        boolean hasEnvelopeOtps,
        String autotagging,
        String notificationUrl,
        List<String> notificationEvents,
        ObjectNode options,
        boolean allowDecline,
        boolean embedded,
        List<RecipientDraft> recipients) {

    record RecipientDraft(
            RecipientType type,
            String name,
            String email,
            String role,
            String authType,
            Integer signGroup,
            int activeForSeconds,
            String timeZone,
            Set<String> eventNotifications,
            List<String> excludedFiles,
            String isoCountryCode,
            String mobileNumber,
            ObjectNode extra,
            List<TagDraft> tags,
            List<TagDraft> witnessTags) {

        /** The signer's options ask for a witness (reference 4.3): a WITNESS row with these tags is made too. */
        boolean witnessed() {
            return !witnessTags.isEmpty();
        }
    }

    record TagDraft(
            String fileName,
            int pageNumber,
            double x,
            double y,
            Double width,
            TagType type,
            boolean optional,
            String name,
            String tagGroupName,
            TagAttributes attributes) {}
}
