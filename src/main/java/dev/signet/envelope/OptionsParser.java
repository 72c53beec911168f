package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.account.Branding;
import dev.signet.envelope.CreateOptions.Condition;
import dev.signet.envelope.CreateOptions.RecipientOptions;
import dev.signet.envelope.CreateOptions.Reminders;
import dev.signet.envelope.CreateOptions.RuleOptions;
import dev.signet.envelope.CreateOptions.TagOptions;
import dev.signet.envelope.CreateOptions.TextValidation;
import dev.signet.envelope.EnvelopeDraft.RecipientDraft;
import dev.signet.envelope.EnvelopeDraft.TagDraft;
import dev.signet.notification.PhoneNumbers;
import dev.signet.tagging.TagAttributes;
import dev.signet.tagging.TagGeometry;
import dev.signet.tagging.TagType;
import dev.signet.tagging.ValidationPattern;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import dev.signet.web.TextRules;
import jakarta.validation.groups.Default;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Turns the {@code options} part of a create request into an {@link EnvelopeDraft}: binds it to
 * {@link CreateOptions} (wrong JSON types become problems), checks each field by its declared
 * constraints ({@link Rules}) and then, here, the rules of the reference that join fields: sign
 * groups, tag groups, rules naming tags, autotagging, what a CC may carry, what needs the uploaded
 * files. Every problem is reported at once, each under its JSON path, so an integrator fixes a
 * request in one round trip. A field with the wrong JSON type is reported for that alone.
 */
final class OptionsParser {

    static final int MAX_SIGNERS = 30;
    static final int MAX_CC = 30;
    static final int MAX_TAGS_PER_RECIPIENT = 200;
    static final int DEFAULT_ACTIVE_FOR_SECONDS = 2 * 24 * 3600;
    static final int MAX_URL_LENGTH = 2000;

    private static final Set<Integer> REMINDER_FREQUENCIES = Set.of(0, 1, 2, 7);
    private static final Set<String> AUTOTAGGING = Set.of("GENERAL", "REAL_ESTATE", "ALL");
    static final Set<String> RECIPIENT_EVENTS =
            Set.of("signer_invitation", "signer_invitation_sms", "envelope_completion");
    private static final List<String> RECIPIENT_EVENTS_DEFAULT = List.of("signer_invitation", "envelope_completion");
    private static final Set<String> YOTI_ATTRIBUTES = Set.of(
            "full_name",
            "date_of_birth",
            "postal_address",
            "gender",
            "nationality",
            "phone_number",
            "photo",
            "photo_auth",
            "selfie",
            "email_address");
    private static final Set<String> CC_FIELDS = Set.of("type", "name", "email");
    private static final Set<String> RULE_ACTIONS = Set.of("show", "hide", "make_optional", "make_required");
    private static final Set<String> RULE_CRITERIA = Set.of("has_value", "no_value");

    private final Set<String> fileNames;
    private final Function<String, Optional<String>> webhookDestination;
    private final boolean sandbox;
    private final boolean embedded;
    /** Wrong JSON types, found by binding. */
    private final List<FieldError> problems;
    /** Where a binding problem is not reported: fields refused as a whole, values never read. */
    private final Set<String> unread = new HashSet<>();

    private final List<FieldError> errors = new ArrayList<>();
    /** Whether the caller may name a custom identity verification configuration. */
    private Predicate<String> customIdvConfig = name -> false;
    /** Problems of the recipients together and of their rules, reported after those of each recipient. */
    private final List<FieldError> late = new ArrayList<>();

    private OptionsParser(
            Set<String> fileNames,
            Function<String, Optional<String>> webhookDestination,
            boolean sandbox,
            boolean embedded,
            List<FieldError> problems) {
        this.fileNames = fileNames;
        this.webhookDestination = webhookDestination;
        this.sandbox = sandbox;
        this.embedded = embedded;
        this.problems = problems;
    }

    /**
     * @param webhookDestination why a {@code notifications.destination} may not receive webhooks
     *     (empty when it may): notification's destination policy, the one the dispatcher applies
     * @param smsProvider whether an SMS provider is configured, so live SMS invitations can leave
     * @throws ApiException 422 with every problem found
     */
    static EnvelopeDraft parse(
            JsonNode options,
            Set<String> fileNames,
            boolean sandbox,
            boolean smsProvider,
            Function<String, Optional<String>> webhookDestination) {
        return parse(options, fileNames, sandbox, smsProvider, webhookDestination, false, false, false, name -> false);
    }

    /**
     * @param embedded for {@code POST /v2/embedded-envelopes}: every signer's {@code event_notifications}
     *     is required and may not ask for an invitation (they sign in the integrator's page)
     * @param idvProvider whether an identity verification provider serves this caller
     * @throws ApiException 422 with every problem found
     */
    static EnvelopeDraft parse(
            JsonNode options,
            Set<String> fileNames,
            boolean sandbox,
            boolean smsProvider,
            Function<String, Optional<String>> webhookDestination,
            boolean embedded,
            boolean idvProvider) {
        return parse(
                options,
                fileNames,
                sandbox,
                smsProvider,
                webhookDestination,
                embedded,
                idvProvider,
                false,
                name -> false);
    }

    /**
     * @param embedded for {@code POST /v2/embedded-envelopes}: every signer's {@code event_notifications}
     *     is required and may not ask for an invitation (they sign in the integrator's page)
     * @param idvProvider whether an identity verification provider serves this caller
     * @param shareProvider whether a Yoti auth provider serves this caller (sign-auth)
     * @param customIdvConfig whether the caller may name this custom identity verification
     *     configuration (asked only for a name that is no prebuilt one)
     * @throws ApiException 422 with every problem found
     */
    static EnvelopeDraft parse(
            JsonNode options,
            Set<String> fileNames,
            boolean sandbox,
            boolean smsProvider,
            Function<String, Optional<String>> webhookDestination,
            boolean embedded,
            boolean idvProvider,
            boolean shareProvider,
            Predicate<String> customIdvConfig) {
        if (options != null) {
            TextRules.requireClean(options);
        }
        if (options == null || !options.isObject()) {
            throw ApiException.validation(List.of(new FieldError("options", "must be a JSON object")));
        }
        OptionsBinding.Bound<CreateOptions> bound = OptionsBinding.bind(options, CreateOptions.class);
        OptionsParser parser = new OptionsParser(fileNames, webhookDestination, sandbox, embedded, bound.problems());
        parser.customIdvConfig = customIdvConfig;
        EnvelopeDraft draft = parser.envelope(bound.value(), (ObjectNode) options);
        List<FieldError> all = parser.reported();
        if (!all.isEmpty()) {
            throw ApiException.validation(all);
        }
        NotHonoured.refuse(bound.value(), sandbox || smsProvider, idvProvider, shareProvider);
        return draft;
    }

    /**
     * Every problem in the order of the request's fields, as the records declare them, a wrong type
     * before what the rules say of the same field; then those of the recipients together.
     */
    private List<FieldError> reported() {
        List<FieldError> all = new ArrayList<>();
        problems.stream().filter(p -> !unread(p.field())).forEach(all::add);
        all.addAll(errors);
        FieldOrder.sort(all);
        all.addAll(late);
        return all;
    }

    private boolean unread(String field) {
        return unread.stream().anyMatch(u -> under(field, u));
    }

    private EnvelopeDraft envelope(CreateOptions o, ObjectNode raw) {
        check(o, "");
        CreateOptions.Emails emails = o.emails();
        String invitationMessage = emails == null
                        || emails.invitation() == null
                        || emails.invitation().body() == null
                ? null
                : emails.invitation().body().message();
        String replyTo = emails == null ? null : emails.replyTo();
        String senderName = emails == null ? null : emails.name();
        int frequency = reminderFrequency(o, raw);

        boolean notifySender = true;
        // Given, even as null, the list replaces the default: null and [] both turn the notice off.
        if (o.sender() != null && raw.path("sender").has("event_notifications")) {
            List<String> events = present(o.sender().eventNotifications());
            for (String e : events) {
                if (!e.equals("envelope_completion")) {
                    error("sender.event_notifications", "may only contain envelope_completion");
                }
            }
            notifySender = events.contains("envelope_completion");
        }
        boolean otps = Boolean.TRUE.equals(o.hasEnvelopeOtps());
        boolean allowDecline = Boolean.TRUE.equals(o.allowDecline());
        String notificationUrl = null;
        List<String> notificationEvents = List.of();
        if (o.notifications() != null) {
            notificationUrl = o.notifications().destination();
            if (notificationUrl != null) {
                webhookUrl(notificationUrl, "notifications.destination");
            }
            notificationEvents =
                    List.copyOf(new LinkedHashSet<>(present(o.notifications().subscriptions())));
        }
        if (o.parentRedirectUrls() != null && !embedded) {
            // Accepted and never used would be a promise broken: a signer who follows an email link has
            // no host page to be sent back to.
            error(
                    "parent_redirect_urls",
                    "applies to embedded envelopes only (POST /v2/embedded-envelopes): a signer who follows an"
                            + " email link has no host page to return to");
        } else if (o.parentRedirectUrls() != null) {
            redirectUrl(o.parentRedirectUrls().success(), "parent_redirect_urls.success");
            redirectUrl(o.parentRedirectUrls().failure(), "parent_redirect_urls.failure");
            redirectUrl(o.parentRedirectUrls().decline(), "parent_redirect_urls.decline");
        }
        if (raw.path("branding").isObject()) {
            Branding.problems(raw.get("branding"), "branding").forEach(p -> error(p.field(), p.message()));
        }
        // An unknown industry is reported once, by its constraint, and does not turn anchor tagging on.
        boolean anchorTagging = o.autotagging() != null && AUTOTAGGING.contains(o.autotagging());
        List<RecipientDraft> recipients = recipients(o, raw, otps, anchorTagging);
        return new EnvelopeDraft(
                o.name(),
                invitationMessage,
                replyTo,
                senderName,
                frequency,
                notifySender,
                otps,
                o.autotagging(),
                notificationUrl,
                notificationEvents,
                raw,
                allowDecline,
                embedded,
                recipients);
    }

    /**
     * A page the signer's browser goes to, not a request Signet makes: any public or private host,
     * over https; sandbox keys may also use http on loopback, to try a host page locally.
     */
    private void redirectUrl(String url, String path) {
        if (url == null) {
            return;
        }
        if (url.length() > MAX_URL_LENGTH) {
            error(path, "must be at most " + MAX_URL_LENGTH + " characters");
            return;
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            error(path, "must be an https URL");
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
        if (uri.getHost() == null || !(scheme.equals("https") || (scheme.equals("http") && sandbox && loopback))) {
            error(
                    path,
                    sandbox ? "must be an https URL (sandbox also allows http on loopback)" : "must be an https URL");
        }
    }

    /** {@code emails.reminders} wins over the top-level {@code reminders}, which is then not read at all. */
    private int reminderFrequency(CreateOptions o, ObjectNode raw) {
        boolean inEmails = raw.path("emails").has("reminders");
        Reminders reminders = inEmails ? (o.emails() == null ? null : o.emails().reminders()) : o.reminders();
        String path = inEmails ? "emails.reminders" : "reminders";
        if (inEmails) {
            unread.add("reminders");
        }
        if (reminders == null || reminders.frequency() == null) {
            return 0;
        }
        long v = reminders.frequency();
        if (!REMINDER_FREQUENCIES.contains((int) v) || (int) v != v) {
            error(path + ".frequency", "must be 0, 1, 2 or 7 (days)");
            return 0;
        }
        return (int) v;
    }

    private List<RecipientDraft> recipients(CreateOptions o, ObjectNode raw, boolean otps, boolean autotagging) {
        List<RecipientOptions> items = o.recipients();
        if (items == null) {
            if (!given(null, "recipients")) {
                error("recipients", "is required");
            }
            return List.of();
        }
        List<RecipientDraft> recipients = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            recipients.add(
                    recipient(items.get(i), raw.get("recipients").get(i), "recipients[" + i + "]", otps, autotagging));
        }
        checkRecipientSet(recipients);
        for (int i = 0; i < items.size(); i++) {
            // A CC's rules are refused as a field; judging their content would only add noise.
            RecipientDraft r = recipients.get(i);
            if (r != null && r.type() != RecipientType.CC && items.get(i).rules() != null) {
                rules(items.get(i).rules(), "recipients[" + i + "].rules", r, recipients);
            }
        }
        return recipients.stream().filter(Objects::nonNull).toList();
    }

    private void checkRecipientSet(List<RecipientDraft> recipients) {
        long signers = recipients.stream()
                .filter(r -> r != null && r.type() == RecipientType.SIGNER)
                .count();
        long ccs = recipients.stream()
                .filter(r -> r != null && r.type() == RecipientType.CC)
                .count();
        if (signers == 0) {
            lateError("recipients", "must contain at least one SIGNER");
        }
        if (signers > MAX_SIGNERS) {
            lateError("recipients", "may contain at most " + MAX_SIGNERS + " SIGNER recipients");
        }
        if (ccs > MAX_CC) {
            lateError("recipients", "may contain at most " + MAX_CC + " CC recipients");
        }
        Set<String> ccEmails = new HashSet<>();
        for (int i = 0; i < recipients.size(); i++) {
            RecipientDraft r = recipients.get(i);
            if (r != null
                    && r.type() == RecipientType.CC
                    && r.email() != null
                    && !ccEmails.add(r.email().toLowerCase(Locale.ROOT))) {
                lateError("recipients[" + i + "].email", "is already used by another CC recipient");
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
        recipients.stream()
                .filter(r -> r != null && r.type() == RecipientType.SIGNER && r.signGroup() != null)
                .forEach(r -> groups.add(r.signGroup()));
        int missing = 1;
        while (groups.contains(missing)) {
            missing++;
        }
        for (int i = 0; i < recipients.size(); i++) {
            RecipientDraft r = recipients.get(i);
            if (r != null
                    && r.type() == RecipientType.SIGNER
                    && r.signGroup() != null
                    && r.signGroup() > missing
                    && r.signGroup() <= MAX_SIGNERS) {
                lateError(
                        "recipients[" + i + "].sign_group",
                        "sign groups must run 1, 2, 3… without gaps, and no signer is in group " + missing);
            }
        }
    }

    private RecipientDraft recipient(RecipientOptions r, JsonNode raw, String path, boolean otps, boolean autotagging) {
        if (r == null) {
            if (!given(null, path)) {
                error(path, "must be an object");
            }
            return null;
        }
        RecipientType type = "CC".equals(r.type()) ? RecipientType.CC : RecipientType.SIGNER;
        if (type == RecipientType.CC) {
            check(r, path);
            raw.fieldNames().forEachRemaining(field -> {
                if (!CC_FIELDS.contains(field)) {
                    error(path + "." + field, "is not allowed on a CC recipient (only name and email)");
                    unread.add(path + "." + field);
                }
            });
            return new RecipientDraft(
                    type,
                    r.name(),
                    r.email(),
                    null,
                    "no-auth",
                    null,
                    DEFAULT_ACTIVE_FOR_SECONDS,
                    null,
                    Set.of("envelope_completion"),
                    List.of(),
                    null,
                    null,
                    JsonNodeFactory.instance.objectNode(),
                    List.of(),
                    List.of());
        }
        check(r, path, Default.class, Rules.Signer.class);
        String authType = r.authType() == null ? "no-auth" : r.authType();
        Integer signGroup = r.signGroup() == null ? 1 : r.signGroup().intValue();
        int activeFor = r.activeForSeconds() == null
                ? DEFAULT_ACTIVE_FOR_SECONDS
                : r.activeForSeconds().intValue();
        String mobile = r.mobileNumber();
        boolean hasCountry = given(r.isoCountryCode(), path + ".iso_country_code");
        boolean hasMobile = given(mobile, path + ".mobile_number");
        if (hasMobile && !hasCountry) {
            error(path + ".iso_country_code", "is required with mobile_number");
        } else if (hasCountry && !hasMobile) {
            error(path + ".mobile_number", "is required with iso_country_code");
        } else if (hasMobile
                && mobile != null
                && !hasProblemsUnder(path + ".iso_country_code")
                && !hasProblemsUnder(path + ".mobile_number")) {
            // Stored, and texted, in E.164: "07999 999 999" with GB and "+447999999999" are one number.
            PhoneNumbers.Result number = PhoneNumbers.normalise(mobile, r.isoCountryCode());
            if (number instanceof PhoneNumbers.Valid valid) {
                mobile = valid.e164();
            } else {
                error(path + ".mobile_number", ((PhoneNumbers.Invalid) number).message());
            }
        }
        if (otps && !hasMobile) {
            error(path + ".mobile_number", "is required when has_envelope_otps is true");
        }
        Set<String> events = new LinkedHashSet<>(RECIPIENT_EVENTS_DEFAULT);
        if (embedded && !raw.has("event_notifications")) {
            error(
                    path + ".event_notifications",
                    "is required on embedded envelopes: [] for no email, or [\"envelope_completion\"]");
        }
        // Given, even as null, the list replaces the default: null and [] both mean no notices.
        if (raw.has("event_notifications")) {
            events.clear();
            for (String e : present(r.eventNotifications())) {
                if (!RECIPIENT_EVENTS.contains(e)) {
                    error(path + ".event_notifications", "'" + e + "' is not one of " + RECIPIENT_EVENTS);
                }
                events.add(e);
            }
            if (embedded && (events.contains("signer_invitation") || events.contains("signer_invitation_sms"))) {
                error(
                        path + ".event_notifications",
                        "embedded signers sign in your page with the token the create answer returns and get no"
                                + " invitation; only envelope_completion is allowed");
            } else if (events.contains("signer_invitation_sms")
                    && (!events.contains("signer_invitation") || mobile == null)) {
                error(
                        path + ".event_notifications",
                        "signer_invitation_sms needs signer_invitation and a mobile_number with iso_country_code");
            }
        }
        ObjectNode extra = JsonNodeFactory.instance.objectNode();
        List<String> attributes = present(r.yotiAttributes());
        if (!attributes.isEmpty() && !"sign-auth".equals(authType)) {
            error(path + ".yoti_attributes", "is only allowed with auth_type sign-auth");
        }
        for (String a : attributes) {
            if (!YOTI_ATTRIBUTES.contains(a)) {
                error(path + ".yoti_attributes", "'" + a + "' is not a known attribute");
            }
        }
        if (raw.has("yoti_attributes")) {
            extra.set("yoti_attributes", raw.get("yoti_attributes"));
        }
        verification(r, path, authType, extra);
        List<TagDraft> tags = tags(r, path, autotagging, otps, authType);
        if (!autotagging && r.tags() != null && r.tags().isEmpty()) {
            error(path + ".tags", "a signer needs at least one tag (or use autotagging)");
        }
        List<TagDraft> witnessTags = List.of();
        if (r.witness() != null) {
            if (r.witness().authType() != null && !"no-auth".equals(r.witness().authType())) {
                // The reference says a witness's sign-auth "is ignored"; Signet never ignores an option it was given.
                error(
                        path + ".witness.auth_type",
                        "a witness cannot use " + r.witness().authType()
                                + ": a witness passes a one-time password and confirms they were present (reference 4.3)");
            }
            witnessTags = tagList(r.witness().tags(), path + ".witness", otps, "no-auth");
            if (witnessTags.isEmpty()) {
                error(path + ".witness.tags", "a witness needs at least one tag");
            }
            extra.set("witness", raw.get("witness"));
        }
        if (r.rules() != null) {
            extra.set("rules", raw.get("rules"));
        }
        List<String> excluded = present(r.excludedFiles());
        for (String file : excluded) {
            if (!fileNames.contains(file)) {
                error(path + ".excluded_files", "'" + file + "' is not one of the uploaded files");
            } else if (tags.stream().anyMatch(t -> t.fileName().equals(file))) {
                error(path + ".excluded_files", "'" + file + "' has tags for this recipient");
            }
        }
        return new RecipientDraft(
                type,
                r.name(),
                r.email(),
                r.role(),
                authType,
                signGroup,
                activeFor,
                r.timeZoneName(),
                events,
                excluded,
                r.isoCountryCode(),
                mobile,
                extra,
                tags,
                witnessTags);
    }

    /**
     * {@code verification.idv} is typed and checked here ({@link IdvConfig}) and kept, normalised
     * (defaults filled in), in the recipient's extra options; {@code auth_type idv} needs it. The
     * {@code age} variant is left to {@link NotHonoured}, which names it.
     */
    private void verification(RecipientOptions r, String path, String authType, ObjectNode extra) {
        ObjectNode verification = r.verification();
        boolean idv = "idv".equals(authType);
        if (verification == null || !verification.has("idv")) {
            if (idv) {
                error(path + ".verification.idv", "is required with auth_type idv");
            }
            if (verification != null) {
                unknownVerification(verification, path);
                extra.set("verification", verification);
            }
            return;
        }
        unknownVerification(verification, path);
        if (!idv) {
            error(path + ".verification.idv", "is only allowed with auth_type idv");
            return;
        }
        IdvConfig.Parsed parsed = IdvConfig.parse(verification.get("idv"), customIdvConfig);
        for (IdvConfig.Problem p : parsed.problems()) {
            error(path + ".verification.idv" + (p.field().isEmpty() ? "" : "." + p.field()), p.message());
        }
        if (parsed.config() != null) {
            ObjectNode kept = verification.deepCopy();
            ObjectNode config = kept.putObject("idv");
            config.put("session_config_name", parsed.config().sessionConfigName());
            config.put("when", parsed.config().when());
            config.put("session_limit", parsed.config().sessionLimit());
            com.fasterxml.jackson.databind.node.ArrayNode blocks = config.putArray("blocks_signing");
            parsed.config().blocksSigning().stream().sorted().forEach(blocks::add);
            extra.set("verification", kept);
        }
    }

    private void unknownVerification(ObjectNode verification, String path) {
        verification.fieldNames().forEachRemaining(name -> {
            if (!name.equals("idv") && !name.equals("age")) {
                error(path + ".verification." + name, "is not a kind of verification (idv or age)");
            }
        });
    }

    private List<TagDraft> tags(RecipientOptions r, String path, boolean autotagging, boolean otps, String authType) {
        if (!given(r.tags(), path + ".tags")) {
            if (!autotagging) {
                error(path + ".tags", "is required (use [] with autotagging)");
            }
            return List.of();
        }
        // Extension: with autotagging on, documents without the |AT| header may still carry explicit
        // tags; the reference's "tags": [] is the special case where every document is anchored.
        return tagList(r.tags(), path, otps, authType);
    }

    private List<TagDraft> tagList(List<TagOptions> items, String path, boolean otps, String authType) {
        if (items == null) {
            return List.of();
        }
        if (items.size() > MAX_TAGS_PER_RECIPIENT) {
            error(path + ".tags", "at most " + MAX_TAGS_PER_RECIPIENT + " tags per recipient");
            unread.add(path + ".tags");
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
                error(tagPath + ".name", "'" + tag.name() + "' is used by another tag of this recipient");
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
                groups.computeIfAbsent(tags.get(i).tagGroupName(), k -> new ArrayList<>())
                        .add(i);
            }
        }
        groups.forEach((group, members) -> {
            TagDraft first = tags.get(members.get(0));
            if (members.size() < 2) {
                error(
                        paths.get(members.get(0)) + ".tag_group_name",
                        "tag group '" + group + "' needs at least two tags");
            }
            for (int i : members) {
                TagDraft member = tags.get(i);
                if (member.optional() != first.optional()) {
                    error(
                            paths.get(i) + ".tag_group_name",
                            "tag group '" + group + "' mixes optional and required tags");
                }
                if (member.type() != first.type()) {
                    error(paths.get(i) + ".tag_group_name", "tag group '" + group + "' mixes tag types");
                }
            }
        });
    }

    /** @return null when the tag has a problem of its own, found here or by binding */
    private TagDraft tag(TagOptions t, String path, boolean otps, String authType) {
        if (t == null) {
            if (!given(null, path)) {
                error(path, "must be an object");
            }
            return null;
        }
        check(t, path);
        TagType type = t.type() == null ? null : TagType.fromWire(t.type()).orElse(null);
        if (t.type() != null && type == null) {
            error(path + ".type", "'" + t.type() + "' is not a tag type");
        }
        // A file_name that no upload carries is not refused here: the reference answers 202 and the
        // envelope goes ERRORED with upload_errors (EnvelopeService.insert records it, preparation reports it).
        double x = t.x() == null ? 0.0 : t.x();
        Double width = null;
        if (type == TagType.TEXT_FIELD) {
            width = t.width() == null ? TagGeometry.DEFAULT_TEXT_WIDTH : t.width();
            if (!TagGeometry.textWidthAllowed(x, width)) {
                error(
                        path + ".width",
                        "must be at least " + TagGeometry.MIN_TEXT_WIDTH + " and x + width must stay below 1");
            }
        }
        boolean optional = Boolean.TRUE.equals(t.optional());
        if (type == TagType.DATE_SIGNED_FIELD && optional) {
            error(path + ".optional", "a date_signed_field must have optional: false");
        }
        if (type == TagType.RADIO_FIELD && t.tagGroupName() == null) {
            error(path + ".tag_group_name", "a radio_field needs a tag_group_name");
        }
        TagAttributes attributes = textAttributes(t, path, type);
        if (t.mergeField() != null && (!"idv".equals(authType) || otps)) {
            error(path + ".merge_field", "needs auth_type idv and cannot be used with OTP");
        }
        if (hasProblemsUnder(path)) {
            return null;
        }
        return new TagDraft(
                t.fileName(),
                t.pageNumber().intValue(),
                x,
                t.y(),
                width,
                type,
                optional,
                t.name() == null ? UUID.randomUUID().toString() : t.name(),
                t.tagGroupName(),
                attributes);
    }

    private TagAttributes textAttributes(TagOptions t, String path, TagType type) {
        if (type != TagType.TEXT_FIELD) {
            Map<String, Object> textOnly = new LinkedHashMap<>();
            textOnly.put("prefilled_value", t.prefilledValue());
            textOnly.put("help_text", t.helpText());
            textOnly.put("readonly", t.readonly());
            textOnly.put("disable_resize", t.disableResize());
            textOnly.put("validation", t.validation());
            textOnly.forEach((key, value) -> {
                if (given(value, path + "." + key)) {
                    error(path + "." + key, "is only allowed on a text_field");
                }
            });
        }
        if (Boolean.TRUE.equals(t.readonly()) && t.prefilledValue() == null) {
            error(path + ".readonly", "a readonly text_field needs a prefilled_value");
        }
        TextValidation v = t.validation();
        if (v != null && v.regex() != null) {
            // The server and the signing page both run it: RE2 syntax, bounded, so neither can be made to backtrack.
            try {
                ValidationPattern.compile(v.regex(), v.flags() == null ? "" : v.flags());
            } catch (IllegalArgumentException e) {
                error(path + ".validation.regex", e.getMessage());
            }
        }
        return new TagAttributes(
                t.prefilledValue(),
                t.helpText(),
                t.readonly(),
                t.disableResize(),
                v == null ? null : new TagAttributes.Validation(v.regex(), v.errorMessage(), v.flags()),
                t.mergeField());
    }

    private void rules(List<RuleOptions> rules, String path, RecipientDraft owner, List<RecipientDraft> all) {
        Map<String, TagType> own = new HashMap<>();
        Set<String> ownGroups = new HashSet<>();
        for (TagDraft t : owner.tags()) {
            own.put(t.name(), t.type());
            if (t.tagGroupName() != null) {
                ownGroups.add(t.tagGroupName());
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            String rp = path + "[" + i + "]";
            int mark = late.size();
            rule(rules.get(i), rp, owner, all, own, ownGroups);
            // A rule is read with the recipients together: its wrong types are reported with it, in its fields' order.
            List<FieldError> types =
                    problems.stream().filter(p -> under(p.field(), rp)).toList();
            problems.removeAll(types);
            late.addAll(mark, types);
            FieldOrder.sort(late.subList(mark, late.size()));
        }
    }

    private void rule(
            RuleOptions rule,
            String rp,
            RecipientDraft owner,
            List<RecipientDraft> all,
            Map<String, TagType> own,
            Set<String> ownGroups) {
        if (rule == null) {
            if (!given(null, rp)) {
                lateError(rp, "must be an object");
            }
            return;
        }
        if (rule.action() == null || !RULE_ACTIONS.contains(rule.action())) {
            lateError(rp + ".action", "must be one of " + RULE_ACTIONS);
        }
        Set<String> triggers = new HashSet<>();
        List<Condition> conditions = rule.conditions();
        if (conditions == null || conditions.isEmpty()) {
            lateError(rp + ".conditions", "needs at least one condition");
        } else {
            for (int c = 0; c < conditions.size(); c++) {
                String cp = rp + ".conditions[" + c + "]";
                // A condition that is no object names no trigger and no criteria; that is what is said.
                problems.removeIf(p -> p.field().equals(cp));
                Condition condition = conditions.get(c);
                String trigger = condition == null ? null : condition.triggerTagName();
                if (trigger == null || !own.containsKey(trigger)) {
                    lateError(cp + ".trigger_tag_name", "must name a tag of this recipient");
                } else if (own.get(trigger) == TagType.DATE_SIGNED_FIELD) {
                    lateError(cp + ".trigger_tag_name", "a date_signed_field cannot trigger a rule");
                } else if (!triggers.add(trigger)) {
                    lateError(cp + ".trigger_tag_name", "is already a trigger of this rule");
                }
                String criteria = condition == null ? null : condition.criteria();
                if (criteria == null || !RULE_CRITERIA.contains(criteria)) {
                    lateError(cp + ".criteria", "must be has_value or no_value");
                }
            }
        }
        affected(rule.affectedTagNames(), "affected_tag_names", rp, own.keySet(), triggers);
        affected(rule.affectedTagGroupNames(), "affected_tag_group_names", rp, ownGroups, Set.of());
        otherRecipients(
                rule.affectedTagNamesOtherRecipients(), "affected_tag_names_other_recipients", false, rp, owner, all);
        otherRecipients(
                rule.affectedTagGroupNamesOtherRecipients(),
                "affected_tag_group_names_other_recipients",
                true,
                rp,
                owner,
                all);
    }

    private void affected(List<String> names, String key, String path, Set<String> known, Set<String> triggers) {
        Set<String> seen = new HashSet<>();
        for (String name : present(names)) {
            if (!known.contains(name)) {
                lateError(path + "." + key, "'" + name + "' is not a tag of this recipient");
            } else if (triggers.contains(name)) {
                lateError(path + "." + key, "'" + name + "' is the rule's own trigger");
            } else if (!seen.add(name)) {
                lateError(path + "." + key, "'" + name + "' is named twice");
            }
        }
    }

    private void otherRecipients(
            List<String> names,
            String key,
            boolean groups,
            String path,
            RecipientDraft owner,
            List<RecipientDraft> all) {
        for (String name : present(names)) {
            List<RecipientDraft> holders = all.stream()
                    .filter(r -> r != null
                            && r != owner
                            && r.tags().stream().anyMatch(t -> name.equals(groups ? t.tagGroupName() : t.name())))
                    .toList();
            if (holders.size() != 1) {
                lateError(path + "." + key, "'" + name + "' must belong to exactly one other recipient");
            } else if (holders.get(0).signGroup() == null
                    || owner.signGroup() == null
                    || holders.get(0).signGroup() <= owner.signGroup()) {
                lateError(path + "." + key, "'" + name + "' must belong to a recipient in a later sign group");
            }
        }
    }

    private void webhookUrl(String url, String path) {
        if (url.length() > MAX_URL_LENGTH) {
            error(path, "must be at most " + MAX_URL_LENGTH + " characters");
            return;
        }
        webhookDestination.apply(url).ifPresent(problem -> error(path, problem));
    }

    /** The declared constraints of one record; a field already reported for its JSON type is not judged again. */
    private void check(Object record, String path, Class<?>... groups) {
        Rules.check(record, path, groups).stream()
                .filter(e -> problems.stream().noneMatch(p -> p.field().equals(e.field())))
                .forEach(errors::add);
    }

    /** Given at all: a value, or one of the wrong JSON type that binding reported. */
    private boolean given(Object value, String path) {
        return value != null || problems.stream().anyMatch(p -> p.field().equals(path));
    }

    private boolean hasProblemsUnder(String path) {
        return Stream.concat(problems.stream(), Stream.concat(errors.stream(), late.stream()))
                .anyMatch(e -> under(e.field(), path));
    }

    /** The field itself or one inside it. */
    private static boolean under(String field, String path) {
        return field.equals(path) || field.startsWith(path + ".") || field.startsWith(path + "[");
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    private void lateError(String field, String message) {
        late.add(new FieldError(field, message));
    }

    /** The strings of a list, without the items of the wrong type, which binding reported. */
    private static List<String> present(List<String> values) {
        return values == null
                ? List.of()
                : values.stream().filter(Objects::nonNull).toList();
    }
}
