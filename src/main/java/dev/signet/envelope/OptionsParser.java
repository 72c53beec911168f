package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.envelope.EnvelopeDraft.RecipientDraft;
import dev.signet.envelope.EnvelopeDraft.TagDraft;
import dev.signet.tagging.TagType;
import dev.signet.tagging.ValidationPattern;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import dev.signet.web.TextRules;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * Validates the {@code options} part of a create request against the reference's rules and turns
 * it into an {@link EnvelopeDraft}. Every problem is reported at once, each under its JSON path, so
 * an integrator fixes a request in one round trip.
 */
final class OptionsParser {

    static final int MAX_SIGNERS = 30;
    static final int MAX_CC = 30;
    static final int MAX_TAGS_PER_RECIPIENT = 200;
    static final int DEFAULT_ACTIVE_FOR_SECONDS = 2 * 24 * 3600;
    static final int MAX_ACTIVE_FOR_SECONDS = 365 * 24 * 3600;
    static final int MIN_ACTIVE_FOR_SECONDS = 60;
    static final double MAX_COORDINATE = 0.949;
    static final double DEFAULT_TEXT_WIDTH = 0.3;
    static final double MIN_TEXT_WIDTH = 0.05;
    static final int MAX_URL_LENGTH = 2000;

    private static final Pattern ENVELOPE_NAME_BANNED = Pattern.compile("[:*?<>|\\\\]");
    private static final Pattern NAME_BANNED = Pattern.compile("[/\\\\:*?<>|]");
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9 ]*[A-Za-z0-9][A-Za-z0-9 ]*");
    private static final Set<Integer> REMINDER_FREQUENCIES = Set.of(0, 1, 2, 7);
    private static final Set<String> AUTH_TYPES = Set.of("no-auth", "sign-auth", "idv");
    private static final Set<String> AUTOTAGGING = Set.of("GENERAL", "REAL_ESTATE", "ALL");
    static final Set<String> RECIPIENT_EVENTS = Set.of("signer_invitation", "signer_invitation_sms", "envelope_completion");
    private static final Set<String> YOTI_ATTRIBUTES = Set.of("full_name", "date_of_birth", "postal_address", "gender",
            "nationality", "phone_number", "photo", "photo_auth", "selfie", "email_address");
    static final Set<String> WEBHOOK_EVENTS = Set.of("envelope_completion", "envelope_ready", "envelope_created",
            "signer_completion", "upload_errors", "sign_offline_upload_errors", "idv_resource_update",
            "idv_session_completion", "idv_check_completion", "idv_task_completion", "idv_session_limit_reached");
    private static final Set<String> CC_FIELDS = Set.of("type", "name", "email");
    private static final Set<String> RULE_ACTIONS = Set.of("show", "hide", "make_optional", "make_required");
    private static final Set<String> RULE_CRITERIA = Set.of("has_value", "no_value");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final JsonFields f = new JsonFields();
    private final Set<String> fileNames;
    private final boolean sandbox;

    private OptionsParser(Set<String> fileNames, boolean sandbox) {
        this.fileNames = fileNames;
        this.sandbox = sandbox;
    }

    /** @throws ApiException 422 with every problem found */
    static EnvelopeDraft parse(JsonNode options, Set<String> fileNames, boolean sandbox) {
        if (options != null) {
            TextRules.requireClean(options);
        }
        OptionsParser parser = new OptionsParser(fileNames, sandbox);
        EnvelopeDraft draft = parser.envelope(options);
        if (!parser.f.ok()) {
            throw ApiException.validation(parser.f.errors());
        }
        refuseWhatIsNotHonoured(options, sandbox);
        return draft;
    }

    /**
     * Options of the reference that this Signet does not carry out yet. Accepting them would promise
     * a sender a second factor, an identity check, a witness or a webhook and then complete the
     * envelope without it; they are refused, each named, until they are built. Checked after the
     * request is otherwise valid, so the answer says only what Signet lacks.
     */
    private static void refuseWhatIsNotHonoured(JsonNode o, boolean sandbox) {
        List<FieldError> assurance = new ArrayList<>();
        if (o.path("has_envelope_otps").asBoolean(false)) {
            assurance.add(new FieldError("has_envelope_otps", "one-time passwords are not available yet"));
        }
        JsonNode recipients = o.path("recipients");
        for (int i = 0; i < recipients.size(); i++) {
            JsonNode r = recipients.get(i);
            String path = "recipients[" + i + "]";
            String authType = r.path("auth_type").asText("no-auth");
            if (!"no-auth".equals(authType)) {
                assurance.add(new FieldError(path + ".auth_type", "auth_type " + authType
                        + " (" + ("idv".equals(authType) ? "identity verification" : "Yoti auth") + ") is not available yet"));
            }
            if (r.hasNonNull("verification")) {
                assurance.add(new FieldError(path + ".verification", "identity verification is not available yet"));
            }
            if (r.hasNonNull("witness")) {
                assurance.add(new FieldError(path + ".witness", "witnesses are not available yet"));
            }
        }
        if (!assurance.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "ASSURANCE_NOT_AVAILABLE",
                    "This Signet cannot yet check signers the way this request asks; remove the options named", assurance);
        }
        if (!sandbox) {
            refuseLiveSms(recipients);
        }
        if (o.hasNonNull("notifications")) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "WEBHOOKS_NOT_AVAILABLE",
                    "This Signet does not deliver webhooks yet; remove notifications",
                    List.of(new FieldError("notifications", "webhooks are not available yet")));
        }
    }

    /**
     * Sandbox SMS are kept in the outbox for the integrator to read; a live one would be queued and
     * then fail, since no SMS provider is wired in yet, while the sender believes the signer was texted.
     */
    private static void refuseLiveSms(JsonNode recipients) {
        List<FieldError> sms = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            for (JsonNode event : recipients.get(i).path("event_notifications")) {
                if ("signer_invitation_sms".equals(event.asText())) {
                    sms.add(new FieldError("recipients[" + i + "].event_notifications",
                            "SMS invitations are not available for live envelopes yet"));
                }
            }
        }
        if (!sms.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "SMS_NOT_AVAILABLE",
                    "This Signet cannot send SMS for live envelopes yet; remove signer_invitation_sms", sms);
        }
    }

    private EnvelopeDraft envelope(JsonNode o) {
        if (o == null || !o.isObject()) {
            f.error("options", "must be a JSON object");
            return null;
        }
        String name = f.string(o, "name", "name").orElse(null);
        if (name == null && !given(o, "name")) {
            f.error("name", "is required");
        } else if (name != null) {
            length(name, 1, 125, "name");
            banned(name, ENVELOPE_NAME_BANNED, "name", ": * ? < > | \\");
        }
        JsonNode emails = f.object(o, "emails", "emails").orElse(JsonNodeFactory.instance.objectNode());
        String invitationMessage = f.object(emails, "invitation", "emails.invitation")
                .flatMap(inv -> f.object(inv, "body", "emails.invitation.body"))
                .flatMap(body -> f.string(body, "message", "emails.invitation.body.message"))
                .orElse(null);
        if (invitationMessage != null) {
            length(invitationMessage, 1, 600, "emails.invitation.body.message");
        }
        String replyTo = f.string(emails, "reply_to", "emails.reply_to").orElse(null);
        if (replyTo != null) {
            email(replyTo, "emails.reply_to");
        }
        String senderName = f.string(emails, "name", "emails.name").orElse(null);
        if (senderName != null) {
            length(senderName, 1, 100, "emails.name");
            banned(senderName, NAME_BANNED, "emails.name", "/ \\ : * ? < > |");
        }
        int frequency = reminderFrequency(o, emails);

        boolean notifySender = true;
        JsonNode sender = f.object(o, "sender", "sender").orElse(null);
        if (sender != null && sender.has("event_notifications")) {
            List<String> events = f.strings(sender, "event_notifications", "sender.event_notifications");
            for (String e : events) {
                if (!e.equals("envelope_completion")) {
                    f.error("sender.event_notifications", "may only contain envelope_completion");
                }
            }
            notifySender = events.contains("envelope_completion");
        }
        boolean otps = f.bool(o, "has_envelope_otps", "has_envelope_otps").orElse(false);
        boolean allowDecline = f.bool(o, "allow_decline", "allow_decline").orElse(false);
        String autotagging = f.string(o, "autotagging", "autotagging").orElse(null);
        if (autotagging != null && !AUTOTAGGING.contains(autotagging)) {
            f.error("autotagging", "must be one of GENERAL, REAL_ESTATE, ALL");
        }
        String notificationUrl = null;
        List<String> notificationEvents = List.of();
        JsonNode notifications = f.object(o, "notifications", "notifications").orElse(null);
        if (notifications != null) {
            notificationUrl = f.string(notifications, "destination", "notifications.destination").orElse(null);
            if (notificationUrl == null) {
                f.error("notifications.destination", "is required when notifications are given");
            } else {
                webhookUrl(notificationUrl, "notifications.destination");
            }
            List<String> subscriptions = f.strings(notifications, "subscriptions", "notifications.subscriptions");
            for (int i = 0; i < subscriptions.size(); i++) {
                if (!WEBHOOK_EVENTS.contains(subscriptions.get(i))) {
                    f.error("notifications.subscriptions[" + i + "]", "is not a known event");
                }
            }
            notificationEvents = List.copyOf(new LinkedHashSet<>(subscriptions));
        }
        f.object(o, "parent_redirect_urls", "parent_redirect_urls").ifPresent(urls -> {
            f.string(urls, "success", "parent_redirect_urls.success").ifPresent(u -> https(u, "parent_redirect_urls.success"));
            f.string(urls, "failure", "parent_redirect_urls.failure").ifPresent(u -> https(u, "parent_redirect_urls.failure"));
        });
        f.object(o, "branding", "branding");

        // An unknown industry is reported once, above, and does not turn anchor tagging on.
        boolean anchorTagging = autotagging != null && AUTOTAGGING.contains(autotagging);
        List<RecipientDraft> recipients = recipients(o, otps, anchorTagging);
        return new EnvelopeDraft(name, invitationMessage, replyTo, senderName, frequency, notifySender, otps,
                autotagging, notificationUrl, notificationEvents, (ObjectNode) o, allowDecline, recipients);
    }

    private int reminderFrequency(JsonNode o, JsonNode emails) {
        JsonNode reminders = emails.has("reminders") ? emails : o;
        String path = emails.has("reminders") ? "emails.reminders" : "reminders";
        return f.object(reminders, "reminders", path)
                .flatMap(r -> f.integer(r, "frequency", path + ".frequency"))
                .map(v -> {
                    if (!REMINDER_FREQUENCIES.contains(v.intValue()) || v.intValue() != v) {
                        f.error(path + ".frequency", "must be 0, 1, 2 or 7 (days)");
                        return 0;
                    }
                    return v.intValue();
                })
                .orElse(0);
    }

    private List<RecipientDraft> recipients(JsonNode o, boolean otps, boolean autotagging) {
        JsonNode items = f.array(o, "recipients", "recipients").orElse(null);
        if (items == null) {
            if (!given(o, "recipients")) {
                f.error("recipients", "is required");
            }
            return List.of();
        }
        List<RecipientDraft> recipients = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            RecipientDraft r = recipient(items.get(i), "recipients[" + i + "]", otps, autotagging);
            recipients.add(r);
        }
        checkRecipientSet(recipients);
        for (int i = 0; i < items.size(); i++) {
            // A CC's rules are refused as a field; judging their content would only add noise.
            RecipientDraft r = recipients.get(i);
            if (r != null && r.type() != RecipientType.CC && given(items.get(i), "rules")) {
                rules(items.get(i).get("rules"), "recipients[" + i + "].rules", recipients.get(i), recipients);
            }
        }
        return recipients.stream().filter(r -> r != null).toList();
    }

    private void checkRecipientSet(List<RecipientDraft> recipients) {
        long signers = recipients.stream().filter(r -> r != null && r.type() == RecipientType.SIGNER).count();
        long ccs = recipients.stream().filter(r -> r != null && r.type() == RecipientType.CC).count();
        if (signers == 0) {
            f.error("recipients", "must contain at least one SIGNER");
        }
        if (signers > MAX_SIGNERS) {
            f.error("recipients", "may contain at most " + MAX_SIGNERS + " SIGNER recipients");
        }
        if (ccs > MAX_CC) {
            f.error("recipients", "may contain at most " + MAX_CC + " CC recipients");
        }
        Set<String> ccEmails = new HashSet<>();
        for (int i = 0; i < recipients.size(); i++) {
            RecipientDraft r = recipients.get(i);
            if (r != null && r.type() == RecipientType.CC && r.email() != null
                    && !ccEmails.add(r.email().toLowerCase(Locale.ROOT))) {
                f.error("recipients[" + i + "].email", "is already used by another CC recipient");
            }
        }
        checkSignGroupsConsecutive(recipients);
    }

    /**
     * Groups must run 1, 2, 3… without a gap. The signers to blame are those placed after the first
     * missing group: moving them down is what fixes the request.
     */
    private void checkSignGroupsConsecutive(List<RecipientDraft> recipients) {
        Set<Integer> groups = new HashSet<>();
        recipients.stream().filter(r -> r != null && r.type() == RecipientType.SIGNER && r.signGroup() != null)
                .forEach(r -> groups.add(r.signGroup()));
        int missing = 1;
        while (groups.contains(missing)) {
            missing++;
        }
        for (int i = 0; i < recipients.size(); i++) {
            RecipientDraft r = recipients.get(i);
            if (r != null && r.type() == RecipientType.SIGNER && r.signGroup() != null && r.signGroup() > missing
                    && r.signGroup() <= MAX_SIGNERS) {
                f.error("recipients[" + i + "].sign_group",
                        "sign groups must run 1, 2, 3… without gaps, and no signer is in group " + missing);
            }
        }
    }

    private RecipientDraft recipient(JsonNode r, String path, boolean otps, boolean autotagging) {
        if (r == null || !r.isObject()) {
            f.error(path, "must be an object");
            return null;
        }
        RecipientType type = f.string(r, "type", path + ".type").map(t -> switch (t) {
            case "SIGNER" -> RecipientType.SIGNER;
            case "CC" -> RecipientType.CC;
            default -> {
                f.error(path + ".type", "must be SIGNER or CC");
                yield RecipientType.SIGNER;
            }
        }).orElse(RecipientType.SIGNER);
        String name = f.string(r, "name", path + ".name").orElse(null);
        if (name == null && !given(r, "name")) {
            f.error(path + ".name", "is required");
        } else if (name != null) {
            length(name, 1, 100, path + ".name");
            banned(name, NAME_BANNED, path + ".name", "/ \\ : * ? < > |");
        }
        String email = f.string(r, "email", path + ".email").orElse(null);
        if (email == null && !given(r, "email")) {
            f.error(path + ".email", "is required");
        } else if (email != null) {
            email(email, path + ".email");
        }
        if (type == RecipientType.CC) {
            r.fieldNames().forEachRemaining(field -> {
                if (!CC_FIELDS.contains(field)) {
                    f.error(path + "." + field, "is not allowed on a CC recipient (only name and email)");
                }
            });
            return new RecipientDraft(type, name, email, null, "no-auth", null, DEFAULT_ACTIVE_FOR_SECONDS, null,
                    Set.of("envelope_completion"), List.of(), null, null, JsonNodeFactory.instance.objectNode(), List.of());
        }
        String role = f.string(r, "role", path + ".role").orElse(null);
        if (role != null) {
            length(role, 0, 50, path + ".role");
            banned(role, NAME_BANNED, path + ".role", "/ \\ : * ? < > |");
        }
        String authType = f.string(r, "auth_type", path + ".auth_type").orElse("no-auth");
        if (!AUTH_TYPES.contains(authType)) {
            f.error(path + ".auth_type", "must be no-auth, sign-auth or idv");
        }
        Integer signGroup = f.integer(r, "sign_group", path + ".sign_group").map(g -> {
            if (g < 1 || g > MAX_SIGNERS) {
                f.error(path + ".sign_group", "must be between 1 and " + MAX_SIGNERS);
            }
            return g.intValue();
        }).orElse(1);
        int activeFor = f.integer(r, "active_for_seconds", path + ".active_for_seconds").map(s -> {
            if (s < MIN_ACTIVE_FOR_SECONDS || s > MAX_ACTIVE_FOR_SECONDS) {
                f.error(path + ".active_for_seconds", "must be between " + MIN_ACTIVE_FOR_SECONDS + " and "
                        + MAX_ACTIVE_FOR_SECONDS + " (one year)");
            }
            return s.intValue();
        }).orElse(DEFAULT_ACTIVE_FOR_SECONDS);
        String timeZone = f.string(r, "time_zone_name", path + ".time_zone_name").orElse(null);
        if (timeZone != null) {
            try {
                ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                f.error(path + ".time_zone_name", "is not an IANA time zone name");
            }
        }
        String country = f.string(r, "iso_country_code", path + ".iso_country_code").orElse(null);
        if (country != null && !COUNTRIES.contains(country)) {
            f.error(path + ".iso_country_code", "must be an ISO 3166 alpha-2 country code, e.g. GB");
        }
        String mobile = mobile(r, path + ".mobile_number");
        boolean hasCountry = given(r, "iso_country_code");
        boolean hasMobile = given(r, "mobile_number");
        if (hasMobile && !hasCountry) {
            f.error(path + ".iso_country_code", "is required with mobile_number");
        } else if (hasCountry && !hasMobile) {
            f.error(path + ".mobile_number", "is required with iso_country_code");
        }
        if (otps && !hasMobile) {
            f.error(path + ".mobile_number", "is required when has_envelope_otps is true");
        }
        Set<String> events = new LinkedHashSet<>(RECIPIENT_EVENTS_DEFAULT);
        if (r.has("event_notifications")) {
            events.clear();
            List<String> given = f.strings(r, "event_notifications", path + ".event_notifications");
            for (String e : given) {
                if (!RECIPIENT_EVENTS.contains(e)) {
                    f.error(path + ".event_notifications", "'" + e + "' is not one of " + RECIPIENT_EVENTS);
                }
                events.add(e);
            }
            if (events.contains("signer_invitation_sms")
                    && (!events.contains("signer_invitation") || mobile == null)) {
                f.error(path + ".event_notifications",
                        "signer_invitation_sms needs signer_invitation and a mobile_number with iso_country_code");
            }
        }
        ObjectNode extra = JsonNodeFactory.instance.objectNode();
        List<String> attributes = f.strings(r, "yoti_attributes", path + ".yoti_attributes");
        if (!attributes.isEmpty() && !"sign-auth".equals(authType)) {
            f.error(path + ".yoti_attributes", "is only allowed with auth_type sign-auth");
        }
        for (String a : attributes) {
            if (!YOTI_ATTRIBUTES.contains(a)) {
                f.error(path + ".yoti_attributes", "'" + a + "' is not a known attribute");
            }
        }
        copy(r, extra, "yoti_attributes");
        f.object(r, "verification", path + ".verification").ifPresent(v -> {
            if (v.has("idv") && !"idv".equals(authType)) {
                f.error(path + ".verification.idv", "is only allowed with auth_type idv");
            }
            extra.set("verification", v);
        });
        List<TagDraft> tags = tags(r, path, autotagging, otps, authType);
        JsonNode givenTags = r.get("tags");
        if (type == RecipientType.SIGNER && !autotagging && givenTags != null && givenTags.isArray()
                && givenTags.isEmpty()) {
            f.error(path + ".tags", "a signer needs at least one tag (or use autotagging)");
        }
        f.object(r, "witness", path + ".witness").ifPresent(w -> {
            List<TagDraft> witnessTags = tagList(w, path + ".witness", false, otps, "no-auth");
            if (witnessTags.isEmpty()) {
                f.error(path + ".witness.tags", "a witness needs at least one tag");
            }
            extra.set("witness", w);
        });
        if (r.has("rules")) {
            f.array(r, "rules", path + ".rules").ifPresent(rules -> extra.set("rules", rules));
        }
        List<String> excluded = f.strings(r, "excluded_files", path + ".excluded_files");
        for (String file : excluded) {
            if (!fileNames.contains(file)) {
                f.error(path + ".excluded_files", "'" + file + "' is not one of the uploaded files");
            } else if (tags.stream().anyMatch(t -> t.fileName().equals(file))) {
                f.error(path + ".excluded_files", "'" + file + "' has tags for this recipient");
            }
        }
        return new RecipientDraft(type, name, email, role, authType, signGroup, activeFor, timeZone, events,
                excluded, country, mobile, extra, tags);
    }

    private static final List<String> RECIPIENT_EVENTS_DEFAULT = List.of("signer_invitation", "envelope_completion");

    private String mobile(JsonNode r, String path) {
        JsonNode node = r.get("mobile_number");
        if (node == null || node.isNull()) {
            return null;
        }
        String digits = node.isIntegralNumber() ? node.asText() : node.isTextual() ? node.textValue().replace(" ", "") : null;
        if (digits == null || !digits.matches("\\+?\\d{4,15}")) {
            f.error(path, "must be a phone number of 4 to 15 digits");
            return null;
        }
        return digits;
    }

    private List<TagDraft> tags(JsonNode r, String path, boolean autotagging, boolean otps, String authType) {
        if (!given(r, "tags")) {
            if (!autotagging) {
                f.error(path + ".tags", "is required (use [] with autotagging)");
            }
            return List.of();
        }
        // Extension: with autotagging on, documents without the |AT| header may still carry explicit
        // tags; the reference's "tags": [] is the special case where every document is anchored.
        return tagList(r, path, autotagging, otps, authType);
    }

    private List<TagDraft> tagList(JsonNode owner, String path, boolean autotagging, boolean otps, String authType) {
        JsonNode items = f.array(owner, "tags", path + ".tags").orElse(null);
        if (items == null) {
            return List.of();
        }
        if (items.size() > MAX_TAGS_PER_RECIPIENT) {
            f.error(path + ".tags", "at most " + MAX_TAGS_PER_RECIPIENT + " tags per recipient");
            return List.of();
        }
        List<TagDraft> tags = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String tagPath = path + ".tags[" + i + "]";
            TagDraft tag = tag(items.get(i), tagPath, otps, authType);
            if (tag == null) {
                continue;
            }
            if (!names.add(tag.name())) {
                f.error(tagPath + ".name", "'" + tag.name() + "' is used by another tag of this recipient");
            }
            tags.add(tag);
            paths.add(tagPath);
        }
        // A group is judged once all its tags are valid; a broken member would make it look too small.
        if (tags.size() == items.size()) {
            checkGroups(tags, paths);
        }
        return tags;
    }

    /** Problems of a tag group are reported at the tag_group_name of the member that breaks the rule. */
    private void checkGroups(List<TagDraft> tags, List<String> paths) {
        Map<String, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i).tagGroupName() != null) {
                groups.computeIfAbsent(tags.get(i).tagGroupName(), k -> new ArrayList<>()).add(i);
            }
        }
        groups.forEach((group, members) -> {
            TagDraft first = tags.get(members.get(0));
            if (members.size() < 2) {
                f.error(paths.get(members.get(0)) + ".tag_group_name", "tag group '" + group + "' needs at least two tags");
            }
            for (int i : members) {
                TagDraft member = tags.get(i);
                if (member.optional() != first.optional()) {
                    f.error(paths.get(i) + ".tag_group_name", "tag group '" + group + "' mixes optional and required tags");
                }
                if (member.type() != first.type()) {
                    f.error(paths.get(i) + ".tag_group_name", "tag group '" + group + "' mixes tag types");
                }
            }
        });
    }

    private TagDraft tag(JsonNode t, String path, boolean otps, String authType) {
        if (t == null || !t.isObject()) {
            f.error(path, "must be an object");
            return null;
        }
        int before = f.errors().size();
        TagType type = f.string(t, "type", path + ".type").flatMap(v -> {
            var found = TagType.fromWire(v);
            if (found.isEmpty()) {
                f.error(path + ".type", "'" + v + "' is not a tag type");
            }
            return found;
        }).orElse(null);
        if (type == null && !given(t, "type")) {
            f.error(path + ".type", "is required");
        }
        String fileName = f.string(t, "file_name", path + ".file_name").orElse(null);
        if (fileName == null && !given(t, "file_name")) {
            f.error(path + ".file_name", "is required");
        } else if (fileName != null && !fileNames.contains(fileName)) {
            f.error(path + ".file_name", "'" + fileName + "' is not the name of an uploaded file");
        }
        int page = f.integer(t, "page_number", path + ".page_number").map(p -> {
            if (p < 1 || p > Integer.MAX_VALUE) {
                f.error(path + ".page_number", "must be a page number, 1 or more");
            }
            return p.intValue();
        }).orElseGet(() -> {
            if (!given(t, "page_number")) {
                f.error(path + ".page_number", "is required");
            }
            return 1;
        });
        double x = coordinate(t, "x", path);
        double y = coordinate(t, "y", path);
        Double width = f.decimal(t, "width", path + ".width").orElse(null);
        if (type == TagType.TEXT_FIELD) {
            double w = width == null ? DEFAULT_TEXT_WIDTH : width;
            if (w < MIN_TEXT_WIDTH || x + w >= 1) {
                f.error(path + ".width", "must be at least " + MIN_TEXT_WIDTH + " and x + width must stay below 1");
            }
            width = w;
        } else {
            width = null;
        }
        boolean optional = f.bool(t, "optional", path + ".optional").orElse(false);
        if (type == TagType.DATE_SIGNED_FIELD && optional) {
            f.error(path + ".optional", "a date_signed_field must have optional: false");
        }
        String name = f.string(t, "name", path + ".name").orElse(null);
        if (name != null) {
            length(name, 1, 50, path + ".name");
        }
        String group = f.string(t, "tag_group_name", path + ".tag_group_name").orElse(null);
        if (group != null && (group.length() > 50 || !GROUP_NAME.matcher(group).matches())) {
            f.error(path + ".tag_group_name", "must be at most 50 letters, digits and spaces, with at least one letter or digit");
        }
        if (type == TagType.RADIO_FIELD && group == null) {
            f.error(path + ".tag_group_name", "a radio_field needs a tag_group_name");
        }
        ObjectNode attributes = textAttributes(t, path, type);
        if (t.has("merge_field")) {
            if (!"idv".equals(authType) || otps) {
                f.error(path + ".merge_field", "needs auth_type idv and cannot be used with OTP");
            }
            copy(t, attributes, "merge_field");
        }
        if (f.errors().size() > before) {
            return null;
        }
        return new TagDraft(fileName, page, x, y, width, type, optional,
                name == null ? java.util.UUID.randomUUID().toString() : name, group,
                dev.signet.tagging.TagAttributes.parse(attributes.toString()));
    }

    private ObjectNode textAttributes(JsonNode t, String path, TagType type) {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        for (String key : List.of("prefilled_value", "help_text", "readonly", "disable_resize", "validation")) {
            if (t.has(key) && type != TagType.TEXT_FIELD && !t.get(key).isNull()) {
                f.error(path + "." + key, "is only allowed on a text_field");
            }
        }
        f.string(t, "prefilled_value", path + ".prefilled_value").ifPresent(v -> {
            banned(v, NAME_BANNED, path + ".prefilled_value", "/ \\ : * ? < > |");
            a.put("prefilled_value", v);
        });
        f.string(t, "help_text", path + ".help_text").ifPresent(v -> {
            length(v, 0, 255, path + ".help_text");
            banned(v, NAME_BANNED, path + ".help_text", "/ \\ : * ? < > |");
            a.put("help_text", v);
        });
        f.bool(t, "readonly", path + ".readonly").ifPresent(v -> a.put("readonly", v));
        f.bool(t, "disable_resize", path + ".disable_resize").ifPresent(v -> a.put("disable_resize", v));
        if (a.path("readonly").asBoolean(false) && !a.has("prefilled_value")) {
            f.error(path + ".readonly", "a readonly text_field needs a prefilled_value");
        }
        f.object(t, "validation", path + ".validation").ifPresent(v -> {
            String regex = f.string(v, "regex", path + ".validation.regex").orElse(null);
            f.string(v, "error_message", path + ".validation.error_message")
                    .ifPresent(m -> length(m, 1, 255, path + ".validation.error_message"));
            String flags = f.string(v, "flags", path + ".validation.flags").orElse("");
            if (!flags.matches("[gimsuy]*")) {
                f.error(path + ".validation.flags", "may only contain the flags g, i, m, s, u, y");
            }
            if (regex == null && !given(v, "regex")) {
                f.error(path + ".validation.regex", "is required");
            } else if (regex != null) {
                // The server and the signing page both run it: RE2 syntax, bounded, so neither can be made to backtrack.
                try {
                    ValidationPattern.compile(regex, flags);
                } catch (IllegalArgumentException e) {
                    f.error(path + ".validation.regex", e.getMessage());
                }
            }
            a.set("validation", v);
        });
        return a;
    }

    private void rules(JsonNode rules, String path, RecipientDraft owner, List<RecipientDraft> all) {
        if (!rules.isArray()) {
            return;
        }
        Map<String, TagType> own = new HashMap<>();
        Set<String> ownGroups = new HashSet<>();
        for (TagDraft t : owner.tags()) {
            own.put(t.name(), t.type());
            if (t.tagGroupName() != null) {
                ownGroups.add(t.tagGroupName());
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            String rp = path + "[" + i + "]";
            if (!rule.isObject()) {
                f.error(rp, "must be an object");
                continue;
            }
            String action = f.string(rule, "action", rp + ".action").orElse(null);
            if (action == null || !RULE_ACTIONS.contains(action)) {
                f.error(rp + ".action", "must be one of " + RULE_ACTIONS);
            }
            Set<String> triggers = new HashSet<>();
            JsonNode conditions = f.array(rule, "conditions", rp + ".conditions").orElse(null);
            if (conditions == null || conditions.isEmpty()) {
                f.error(rp + ".conditions", "needs at least one condition");
            } else {
                for (int c = 0; c < conditions.size(); c++) {
                    String cp = rp + ".conditions[" + c + "]";
                    String trigger = f.string(conditions.get(c), "trigger_tag_name", cp + ".trigger_tag_name").orElse(null);
                    if (trigger == null || !own.containsKey(trigger)) {
                        f.error(cp + ".trigger_tag_name", "must name a tag of this recipient");
                    } else if (own.get(trigger) == TagType.DATE_SIGNED_FIELD) {
                        f.error(cp + ".trigger_tag_name", "a date_signed_field cannot trigger a rule");
                    } else if (!triggers.add(trigger)) {
                        f.error(cp + ".trigger_tag_name", "is already a trigger of this rule");
                    }
                    String criteria = f.string(conditions.get(c), "criteria", cp + ".criteria").orElse(null);
                    if (criteria == null || !RULE_CRITERIA.contains(criteria)) {
                        f.error(cp + ".criteria", "must be has_value or no_value");
                    }
                }
            }
            affected(rule, "affected_tag_names", rp, own.keySet(), triggers);
            affected(rule, "affected_tag_group_names", rp, ownGroups, Set.of());
            otherRecipients(rule, rp, owner, all);
        }
    }

    private void affected(JsonNode rule, String key, String path, Set<String> known, Set<String> triggers) {
        Set<String> seen = new HashSet<>();
        for (String name : f.strings(rule, key, path + "." + key)) {
            if (!known.contains(name)) {
                f.error(path + "." + key, "'" + name + "' is not a tag of this recipient");
            } else if (triggers.contains(name)) {
                f.error(path + "." + key, "'" + name + "' is the rule's own trigger");
            } else if (!seen.add(name)) {
                f.error(path + "." + key, "'" + name + "' is named twice");
            }
        }
    }

    private void otherRecipients(JsonNode rule, String path, RecipientDraft owner, List<RecipientDraft> all) {
        for (String key : List.of("affected_tag_names_other_recipients", "affected_tag_group_names_other_recipients")) {
            boolean groups = key.contains("group");
            for (String name : f.strings(rule, key, path + "." + key)) {
                List<RecipientDraft> holders = all.stream()
                        .filter(r -> r != null && r != owner && r.tags().stream()
                                .anyMatch(t -> name.equals(groups ? t.tagGroupName() : t.name())))
                        .toList();
                if (holders.size() != 1) {
                    f.error(path + "." + key, "'" + name + "' must belong to exactly one other recipient");
                } else if (holders.get(0).signGroup() == null || owner.signGroup() == null
                        || holders.get(0).signGroup() <= owner.signGroup()) {
                    f.error(path + "." + key, "'" + name + "' must belong to a recipient in a later sign group");
                }
            }
        }
    }

    private double coordinate(JsonNode t, String key, String path) {
        return f.decimal(t, key, path + "." + key).map(v -> {
            if (v < 0 || v > MAX_COORDINATE) {
                f.error(path + "." + key, "must be between 0 and " + MAX_COORDINATE + " (a fraction of the page)");
            }
            return v;
        }).orElseGet(() -> {
            if (!given(t, key)) {
                f.error(path + "." + key, "is required");
            }
            return 0.0;
        });
    }

    private void length(String value, int min, int max, String path) {
        int n = value.codePointCount(0, value.length());
        if (n < min || n > max) {
            f.error(path, min == 0 ? "must be at most " + max + " characters" : "must be " + min + " to " + max + " characters");
        }
    }

    private void banned(String value, Pattern banned, String path, String list) {
        if (banned.matcher(value).find()) {
            f.error(path, "must not contain any of " + list);
        }
    }

    private void email(String value, String path) {
        if (!isEmail(value)) {
            f.error(path, "is not a valid email address");
        }
    }

    /** An RFC 5322 addr-spec with a domain that has a dot: what a mail server can deliver to. */
    static boolean isEmail(String value) {
        if (value.length() > 320 || value.isBlank()) {
            return false;
        }
        try {
            InternetAddress address = new InternetAddress(value, true);
            address.validate();
            String domain = value.substring(value.lastIndexOf('@') + 1);
            return address.getPersonal() == null && value.equals(address.getAddress())
                    && domain.contains(".") && !domain.startsWith(".") && !domain.endsWith(".");
        } catch (AddressException e) {
            return false;
        }
    }

    private void https(String url, String path) {
        try {
            URI uri = URI.create(url);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                f.error(path, "must be an https URL");
            }
        } catch (IllegalArgumentException e) {
            f.error(path, "must be an https URL");
        }
    }

    private void webhookUrl(String url, String path) {
        if (url.length() > MAX_URL_LENGTH) {
            f.error(path, "must be at most " + MAX_URL_LENGTH + " characters");
            return;
        }
        WebhookDestination.problem(url, sandbox).ifPresent(problem -> f.error(path, problem));
    }

    private static boolean given(JsonNode parent, String key) {
        return parent.hasNonNull(key);
    }

    private static void copy(JsonNode from, ObjectNode to, String key) {
        if (from.has(key)) {
            to.set(key, from.get(key));
        }
    }
}
