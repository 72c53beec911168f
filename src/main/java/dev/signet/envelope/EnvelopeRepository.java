package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.account.Mode;
import dev.signet.tagging.Tag;
import dev.signet.tagging.TagAttributes;
import dev.signet.tagging.TagType;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the envelope aggregate: envelope, recipients, tags and files; documents live in the document store. */
@Repository
class EnvelopeRepository {

    private static final String ENVELOPE_COLUMNS = """
            id, organisation_id, mode, name, status, reminder_frequency, notify_sender, invitation_message,
            reply_to, sender_name, errors_json, created_at, activated_at, completed_at, archived_at, allow_decline,
            notification_url, notification_events, embedded""";
    private static final String RECIPIENT_COLUMNS = """
            id, envelope_id, position, type, name, email, role, auth_type, sign_group, active_for_seconds, time_zone,
            event_notifications, excluded_files, iso_country_code, mobile_number, sign_status, signed_at, ip_address,
            invitation_email_queued_at, last_email_status, checks_passed, signer_id""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;

    EnvelopeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    void insertEnvelope(UUID id, UUID organisationId, Mode mode, EnvelopeDraft d, String optionsJson) {
        jdbc.sql("""
                insert into envelope (id, organisation_id, mode, name, status, reminder_frequency, has_envelope_otps,
                  autotagging, invitation_message, reply_to, sender_name, notify_sender, notification_url,
                  notification_events, options_json, allow_decline, embedded, created_at)
                values (:id, :org, :mode, :name, 'QUEUED', :freq, :otps, :auto, :msg, :reply, :sender, :notify, :url,
                  :events, :options, :decline, :embedded, :now)""")
                .param("id", id)
                .param("org", organisationId)
                .param("mode", mode.dbValue())
                .param("name", d.name())
                .param("freq", d.reminderFrequency())
                .param("otps", d.hasEnvelopeOtps())
                .param("auto", d.autotagging())
                .param("msg", d.invitationMessage())
                .param("reply", d.replyTo())
                .param("sender", d.senderName())
                .param("notify", d.notifySender())
                .param("url", d.notificationUrl())
                .param("events", String.join(",", d.notificationEvents()))
                .param("options", optionsJson)
                .param("decline", d.allowDecline())
                .param("embedded", d.embedded())
                .param("now", now())
                .update();
    }

    JsonNode options(UUID envelopeId) {
        String stored = jdbc.sql("select options_json from envelope where id = ?")
                .param(envelopeId)
                .query(String.class)
                .optional()
                .orElse("{}");
        try {
            return JSON.readTree(stored);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Stored options are not JSON", e);
        }
    }

    void insertRecipient(UUID id, UUID envelopeId, int position, EnvelopeDraft.RecipientDraft r) {
        jdbc.sql("""
                insert into recipient (id, envelope_id, position, type, name, email, role, auth_type, sign_group,
                  active_for_seconds, time_zone, event_notifications, excluded_files, iso_country_code, mobile_number,
                  extra_json, sign_status)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        envelopeId,
                        position,
                        r.type().name(),
                        r.name(),
                        r.email(),
                        r.role(),
                        r.authType(),
                        r.signGroup(),
                        r.activeForSeconds(),
                        r.timeZone(),
                        String.join(",", r.eventNotifications()),
                        String.join("\n", r.excludedFiles()),
                        r.isoCountryCode(),
                        r.mobileNumber(),
                        r.extra().toString(),
                        Recipient.SignStatus.UNSIGNED.name())
                .update();
    }

    /** A signer's witness, not named yet: the row carries their tags until the signer names them. */
    void insertWitness(UUID id, UUID envelopeId, int position, UUID signerId, EnvelopeDraft.RecipientDraft w) {
        insertRecipient(id, envelopeId, position, w);
        jdbc.sql("update recipient set signer_id = ? where id = ?")
                .params(signerId, id)
                .update();
    }

    /** Every witness row of the envelope, named or not. */
    List<Recipient> witnesses(UUID envelopeId) {
        return jdbc.sql("select " + RECIPIENT_COLUMNS
                        + " from recipient where envelope_id = ? and type = 'WITNESS' order by position")
                .param(envelopeId)
                .query(EnvelopeRepository::recipient)
                .list();
    }

    Optional<UUID> witnessOf(UUID signerId) {
        return jdbc.sql("select id from recipient where signer_id = ?")
                .param(signerId)
                .query(UUID.class)
                .optional();
    }

    boolean witnessNamed(UUID witnessId) {
        return jdbc.sql("select witness_named_at is not null from recipient where id = ?")
                .param(witnessId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** Names (or renames) the witness: a mobile number left out is cleared, not kept from the last details. */
    void nameWitness(UUID witnessId, String name, String email, String country, String mobile) {
        jdbc.sql("""
                update recipient set name = ?, email = ?, iso_country_code = ?, mobile_number = ?,
                  witness_named_at = coalesce(witness_named_at, ?)
                where id = ?""").params(name, email, country, mobile, now(), witnessId).update();
    }

    void confirmPresence(UUID witnessId) {
        jdbc.sql("update recipient set presence_confirmed_at = ? where id = ?")
                .params(now(), witnessId)
                .update();
    }

    void insertTag(UUID recipientId, UUID documentId, int position, EnvelopeDraft.TagDraft t) {
        jdbc.sql("""
                insert into tag (id, recipient_id, document_id, position, type, name, page_number, x, y, width, optional,
                  tag_group_name, attributes_json)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        UUID.randomUUID(),
                        recipientId,
                        documentId,
                        position,
                        t.type().name(),
                        t.name(),
                        t.pageNumber(),
                        t.x(),
                        t.y(),
                        t.width(),
                        t.optional(),
                        t.tagGroupName(),
                        t.attributes().toJson())
                .update();
    }

    Optional<Envelope> find(UUID id) {
        return jdbc.sql("select " + ENVELOPE_COLUMNS + " from envelope where id = ? and deleted_at is null")
                .param(id)
                .query(EnvelopeRepository::envelope)
                .optional();
    }

    /** Locks the envelope row: state changes of one envelope run one at a time. */
    Optional<Envelope> lock(UUID id) {
        return jdbc.sql("select " + ENVELOPE_COLUMNS + " from envelope where id = ? and deleted_at is null for update")
                .param(id)
                .query(EnvelopeRepository::envelope)
                .optional();
    }

    Optional<Envelope> findVisible(UUID id, UUID organisationId, Mode mode) {
        return jdbc.sql("select " + ENVELOPE_COLUMNS
                        + " from envelope where id = ? and organisation_id = ? and mode = ? and deleted_at is null")
                .params(id, organisationId, mode.dbValue())
                .query(EnvelopeRepository::envelope)
                .optional();
    }

    List<Envelope> findVisible(List<UUID> ids, UUID organisationId, Mode mode) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + ENVELOPE_COLUMNS + " from envelope where id in (:ids) and organisation_id = :org"
                        + " and mode = :mode and deleted_at is null order by created_at")
                .param("ids", ids)
                .param("org", organisationId)
                .param("mode", mode.dbValue())
                .query(EnvelopeRepository::envelope)
                .list();
    }

    record Page(List<Envelope> items, int total) {}

    Page search(
            UUID organisationId,
            Mode mode,
            OffsetDateTime from,
            OffsetDateTime to,
            Set<EnvelopeStatus> statuses,
            int offset,
            int limit) {
        String where = " from envelope where organisation_id = :org and mode = :mode and deleted_at is null"
                + " and created_at >= :from and created_at < :to"
                + (statuses.isEmpty() ? "" : " and status in (:statuses)");
        var countQuery = jdbc.sql("select count(*)" + where);
        var listQuery =
                jdbc.sql("select " + ENVELOPE_COLUMNS + where + " order by created_at, id limit :limit offset :offset");
        for (var q : List.of(countQuery, listQuery)) {
            q.param("org", organisationId)
                    .param("mode", mode.dbValue())
                    .param("from", from)
                    .param("to", to);
            if (!statuses.isEmpty()) {
                q.param("statuses", statuses.stream().map(Enum::name).toList());
            }
        }
        int total = countQuery.query(Integer.class).single();
        List<Envelope> items = listQuery
                .param("limit", limit)
                .param("offset", offset)
                .query(EnvelopeRepository::envelope)
                .list();
        return new Page(items, total);
    }

    void setStatus(UUID id, EnvelopeStatus status, String timestampColumn) {
        jdbc.sql("update envelope set status = ?" + (timestampColumn == null ? "" : ", " + timestampColumn + " = ?")
                        + " where id = ?")
                .params(timestampColumn == null ? List.of(status.name(), id) : List.of(status.name(), now(), id))
                .update();
    }

    /** Upload errors found at create (a tag on a file not uploaded); the envelope stays QUEUED until preparation. */
    void recordUploadErrors(UUID id, String errorsJson) {
        jdbc.sql("update envelope set errors_json = ? where id = ?")
                .params(errorsJson, id)
                .update();
    }

    void markErrored(UUID id, String errorsJson) {
        jdbc.sql("update envelope set status = 'ERRORED', errors_json = ? where id = ?")
                .params(errorsJson, id)
                .update();
    }

    /** Soft delete: the envelope disappears from the API and its files become unreadable at once. */
    void markDeleted(UUID id) {
        jdbc.sql("update envelope set deleted_at = ? where id = ?")
                .params(now(), id)
                .update();
        jdbc.sql("update envelope_file set content = null where envelope_id = ?")
                .param(id)
                .update();
    }

    Optional<String> autotagging(UUID envelopeId) {
        return jdbc.sql("select autotagging from envelope where id = ?")
                .param(envelopeId)
                .query(String.class)
                .optional()
                .filter(v -> v != null);
    }

    boolean signatureApplied(UUID recipientId) {
        return jdbc.sql("select signature_applied_at is not null from recipient where id = ?")
                .param(recipientId)
                .query(Boolean.class)
                .single();
    }

    void markSignatureApplied(UUID recipientId) {
        jdbc.sql("update recipient set signature_applied_at = ? where id = ?")
                .params(now(), recipientId)
                .update();
    }

    /** A file of the envelope besides its documents: an attachment, the coversheet, the evidence. */
    record StoredFile(
            UUID id, String kind, UUID recipientId, UUID tagId, String fileName, String contentType, String sha256) {}

    void insertFile(
            UUID envelopeId,
            String kind,
            UUID recipientId,
            UUID tagId,
            String fileName,
            String contentType,
            byte[] content) {
        jdbc.sql("""
                insert into envelope_file (id, envelope_id, kind, recipient_id, tag_id, file_name, content_type, sha256,
                  content, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        UUID.randomUUID(),
                        envelopeId,
                        kind,
                        recipientId,
                        tagId,
                        fileName,
                        contentType,
                        DocumentSigning.sha256(content),
                        content,
                        now())
                .update();
    }

    void deleteFiles(UUID envelopeId, String kind) {
        jdbc.sql("delete from envelope_file where envelope_id = ? and kind = ?")
                .params(envelopeId, kind)
                .update();
    }

    List<StoredFile> files(UUID envelopeId) {
        return jdbc.sql("""
                        select id, kind, recipient_id, tag_id, file_name, content_type, sha256 from envelope_file
                        where envelope_id = ? order by created_at, file_name""")
                .param(envelopeId)
                .query((rs, n) -> new StoredFile(
                        rs.getObject("id", UUID.class),
                        rs.getString("kind"),
                        rs.getObject("recipient_id", UUID.class),
                        rs.getObject("tag_id", UUID.class),
                        rs.getString("file_name"),
                        rs.getString("content_type"),
                        rs.getString("sha256")))
                .list();
    }

    /** Bytes of the envelope's files (attachments, coversheet, evidence). */
    long fileBytes(UUID envelopeId) {
        return jdbc.sql("select coalesce(sum(octet_length(content)), 0) from envelope_file where envelope_id = ?")
                .param(envelopeId)
                .query(Long.class)
                .single();
    }

    Optional<byte[]> fileContent(UUID fileId) {
        return jdbc.sql("select content from envelope_file where id = ?")
                .param(fileId)
                .query((rs, n) -> rs.getBytes(1))
                .optional();
    }

    Optional<String> userAgent(UUID recipientId) {
        return jdbc.sql("select user_agent from recipient where id = ?")
                .param(recipientId)
                .query(String.class)
                .optional()
                .filter(v -> v != null);
    }

    /**
     * The envelope's recipients, without a witness the signer has not named yet: until then that row
     * holds only the witness's tags, no person (see {@link #witnesses}).
     */
    List<Recipient> recipients(UUID envelopeId) {
        return jdbc.sql("select " + RECIPIENT_COLUMNS + " from recipient where envelope_id = ?"
                        + " and (type <> 'WITNESS' or witness_named_at is not null) order by position")
                .param(envelopeId)
                .query(EnvelopeRepository::recipient)
                .list();
    }

    /** The envelope process asks these for every sign group: only the ids it needs, not whole recipients. */
    List<Integer> signGroups(UUID envelopeId) {
        return jdbc.sql("select distinct sign_group from recipient where envelope_id = ? and type = 'SIGNER'"
                        + " order by sign_group")
                .param(envelopeId)
                .query(Integer.class)
                .list();
    }

    List<UUID> signersOfGroup(UUID envelopeId, int signGroup) {
        return jdbc.sql("select id from recipient where envelope_id = ? and type = 'SIGNER' and sign_group = ?"
                        + " order by position")
                .params(envelopeId, signGroup)
                .query(UUID.class)
                .list();
    }

    /** The recipient's conditional rules as given at create (a JSON array), or "[]". */
    boolean hasEnvelopeOtps(UUID envelopeId) {
        return jdbc.sql("select has_envelope_otps from envelope where id = ?")
                .param(envelopeId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    String recipientRules(UUID id) {
        return jdbc.sql("select extra_json from recipient where id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .map(EnvelopeRepository::rulesOf)
                .orElse("[]");
    }

    /** The recipient's {@code verification.idv} as kept at create (defaults filled in), if they have one. */
    /** The recipient's {@code yoti_attributes} as the create request gave them (sign-auth only); empty without. */
    List<String> recipientYotiAttributes(UUID id) {
        String extra = jdbc.sql("select extra_json from recipient where id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .orElse(null);
        List<String> attributes = new ArrayList<>();
        try {
            JSON.readTree(extra == null ? "{}" : extra)
                    .path("yoti_attributes")
                    .forEach(a -> attributes.add(a.asText()));
        } catch (IOException e) {
            return List.of();
        }
        return List.copyOf(attributes);
    }

    Optional<JsonNode> recipientIdv(UUID id) {
        return jdbc.sql("select extra_json from recipient where id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .flatMap(extra -> {
                    try {
                        JsonNode idv = JSON.readTree(extra == null ? "{}" : extra)
                                .path("verification")
                                .get("idv");
                        return Optional.ofNullable(idv != null && idv.isObject() ? idv : null);
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                });
    }

    private static String rulesOf(String extraJson) {
        try {
            JsonNode rules = JSON.readTree(extraJson == null ? "{}" : extraJson).get("rules");
            return rules != null && rules.isArray() ? rules.toString() : "[]";
        } catch (IOException e) {
            return "[]";
        }
    }

    Optional<Recipient> recipient(UUID id) {
        return jdbc.sql("select " + RECIPIENT_COLUMNS + " from recipient where id = ?")
                .param(id)
                .query(EnvelopeRepository::recipient)
                .optional();
    }

    List<Tag> tags(UUID envelopeId) {
        return jdbc.sql("""
                        select t.id, t.recipient_id, t.document_id, t.position, t.type, t.name, t.page_number, t.x, t.y,
                          t.width, t.optional, t.tag_group_name, t.attributes_json, t.tag_value
                        from tag t join recipient r on r.id = t.recipient_id
                        where r.envelope_id = ? order by r.position, t.position""")
                .param(envelopeId)
                .query((rs, n) -> new Tag(
                        rs.getObject("id", UUID.class),
                        rs.getObject("recipient_id", UUID.class),
                        rs.getObject("document_id", UUID.class),
                        rs.getInt("position"),
                        TagType.valueOf(rs.getString("type")),
                        rs.getString("name"),
                        rs.getInt("page_number"),
                        rs.getDouble("x"),
                        rs.getDouble("y"),
                        (Double) rs.getObject("width"),
                        rs.getBoolean("optional"),
                        rs.getString("tag_group_name"),
                        TagAttributes.parse(rs.getString("attributes_json")),
                        rs.getString("tag_value")))
                .list();
    }

    void setTagValue(UUID tagId, String value) {
        jdbc.sql("update tag set tag_value = ? where id = ?")
                .params(value, tagId)
                .update();
    }

    /** @return false when the recipient had already signed (another request won) */
    boolean markSigned(UUID recipientId, String ipAddress, String userAgent) {
        return jdbc.sql("""
                        update recipient set sign_status = ?, signed_at = ?, ip_address = ?, user_agent = ?
                        where id = ? and sign_status = ?""")
                        .params(
                                Recipient.SignStatus.SIGNED.name(),
                                now(),
                                ipAddress,
                                userAgent,
                                recipientId,
                                Recipient.SignStatus.UNSIGNED.name())
                        .update()
                == 1;
    }

    /** @return false when the recipient had already signed or declined (another request won) */
    boolean markDeclined(UUID recipientId, String reason) {
        return jdbc.sql("update recipient set sign_status = ?, decline_reason = ? where id = ? and sign_status = ?")
                        .params(
                                Recipient.SignStatus.DECLINED.name(),
                                reason,
                                recipientId,
                                Recipient.SignStatus.UNSIGNED.name())
                        .update()
                == 1;
    }

    Optional<String> declineReason(UUID recipientId) {
        return jdbc.sql("select decline_reason from recipient where id = ?")
                .param(recipientId)
                .query(String.class)
                .optional();
    }

    /**
     * Holds the recipient's row until the transaction ends, for a change computed from what the row holds: a
     * second writer of the same row waits and then reads the first one's result, instead of writing back what it
     * read before.
     */
    void lockRecipient(UUID recipientId) {
        jdbc.sql("select id from recipient where id = ? for update")
                .param(recipientId)
                .query(UUID.class)
                .optional();
    }

    /** The checks the recipient still owes before viewing, in the decision's order; empty when none. */
    List<Recipient.Check> checksOwed(UUID recipientId) {
        return owed(jdbc.sql("select checks_owed from recipient where id = ?").param(recipientId));
    }

    /**
     * As {@link #checksOwed}, while the envelope is ACTIVE: a recipient process ends with its envelope (archived,
     * declined), and with it every check it was waiting for.
     */
    List<Recipient.Check> checksOwedWhileActive(UUID recipientId) {
        return owed(jdbc.sql("select r.checks_owed from recipient r join envelope e on e.id = r.envelope_id"
                        + " where r.id = ? and e.status = ?")
                .params(recipientId, EnvelopeStatus.ACTIVE.name()));
    }

    private static List<Recipient.Check> owed(JdbcClient.StatementSpec select) {
        return select.query(String.class)
                .optional()
                .map(owed -> Arrays.stream(owed.split(","))
                        .map(Recipient.Check::ofColumn)
                        .toList())
                .orElse(List.of());
    }

    /** Replaces what the recipient owes: a new decision (their process started, or started again). */
    void setChecksOwed(UUID recipientId, List<Recipient.Check> checks) {
        String owed = checks.stream().map(Recipient.Check::columnValue).collect(Collectors.joining(","));
        // Most recipients owe nothing and their row says so already: no row version written for them.
        jdbc.sql("update recipient set checks_owed = ? where id = ? and checks_owed is distinct from ?")
                .params(owed.isEmpty() ? null : owed, recipientId, owed.isEmpty() ? null : owed)
                .update();
    }

    /** Adds a passed check to the recipient's list, once: a check passed again is not listed twice. */
    void addCheckPassed(UUID recipientId, String check) {
        List<String> now = recipient(recipientId).map(Recipient::checksPassed).orElse(List.of());
        if (now.contains(check)) {
            return;
        }
        List<String> all = new ArrayList<>(now);
        all.add(check);
        jdbc.sql("update recipient set checks_passed = ? where id = ?")
                .params(String.join("\n", all), recipientId)
                .update();
    }

    /** Forgets the checks a recipient passed: a corrected witness is another person, who passes their own. */
    void clearChecksPassed(UUID recipientId) {
        jdbc.sql("update recipient set checks_passed = null where id = ?")
                .param(recipientId)
                .update();
    }

    /** An embedded signer's turn came: their held link was released (they are never emailed). */
    void markTurnReached(UUID recipientId) {
        jdbc.sql("update recipient set turn_reached_at = coalesce(turn_reached_at, ?) where id = ?")
                .params(now(), recipientId)
                .update();
    }

    boolean turnReached(UUID recipientId) {
        return jdbc.sql("select turn_reached_at is not null from recipient where id = ?")
                .param(recipientId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    void markInvitationQueued(UUID recipientId) {
        jdbc.sql("update recipient set invitation_email_queued_at = ?, last_email_status = 'QUEUED' where id = ?")
                .params(now(), recipientId)
                .update();
    }

    void setLastEmailStatus(UUID recipientId, String status) {
        jdbc.sql("update recipient set last_email_status = ? where id = ?")
                .params(status, recipientId)
                .update();
    }

    void updateContact(UUID recipientId, String name, String email, String country, String mobile) {
        jdbc.sql("""
                update recipient set name = coalesce(?, name), email = coalesce(?, email),
                  iso_country_code = coalesce(?, iso_country_code), mobile_number = coalesce(?, mobile_number)
                where id = ?""").params(name, email, country, mobile, recipientId).update();
    }

    private static Envelope envelope(ResultSet rs, int n) throws SQLException {
        return new Envelope(
                rs.getObject("id", UUID.class),
                rs.getObject("organisation_id", UUID.class),
                Mode.fromDb(rs.getString("mode")),
                rs.getString("name"),
                EnvelopeStatus.valueOf(rs.getString("status")),
                rs.getInt("reminder_frequency"),
                rs.getBoolean("notify_sender"),
                rs.getString("invitation_message"),
                rs.getString("reply_to"),
                rs.getString("sender_name"),
                rs.getString("errors_json"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("activated_at", OffsetDateTime.class),
                rs.getObject("completed_at", OffsetDateTime.class),
                rs.getObject("archived_at", OffsetDateTime.class),
                rs.getBoolean("allow_decline"),
                new Envelope.WebhookTarget(
                        rs.getString("notification_url"), subscriptions(rs.getString("notification_events"))),
                rs.getBoolean("embedded"));
    }

    /** The stored comma list of an envelope's webhook subscriptions, split once here. */
    private static List<String> subscriptions(String events) {
        if (events == null || events.isBlank()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String name : events.split(",", 64)) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names;
    }

    private static Recipient recipient(ResultSet rs, int n) throws SQLException {
        String excluded = rs.getString("excluded_files");
        return new Recipient(
                rs.getObject("id", UUID.class),
                rs.getObject("envelope_id", UUID.class),
                rs.getInt("position"),
                RecipientType.valueOf(rs.getString("type")),
                rs.getString("name"),
                rs.getString("email"),
                rs.getString("role"),
                rs.getString("auth_type"),
                (Integer) rs.getObject("sign_group"),
                rs.getInt("active_for_seconds"),
                rs.getString("time_zone"),
                split(rs.getString("event_notifications"), ","),
                excluded == null || excluded.isEmpty() ? List.of() : List.of(excluded.split("\n")),
                rs.getString("iso_country_code"),
                rs.getString("mobile_number"),
                Recipient.SignStatus.valueOf(rs.getString("sign_status")),
                rs.getObject("signed_at", OffsetDateTime.class),
                rs.getString("ip_address"),
                rs.getObject("invitation_email_queued_at", OffsetDateTime.class),
                rs.getString("last_email_status"),
                lines(rs.getString("checks_passed")),
                rs.getObject("signer_id", UUID.class));
    }

    private static List<String> lines(String value) {
        return value == null || value.isEmpty() ? List.of() : List.of(value.split("\n"));
    }

    private static Set<String> split(String value, String separator) {
        return value == null || value.isEmpty()
                ? Set.of()
                : Arrays.stream(value.split(separator)).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
