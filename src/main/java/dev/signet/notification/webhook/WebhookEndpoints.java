package dev.signet.notification.webhook;

import dev.signet.account.Mode;
import dev.signet.account.SecretBox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The webhook_endpoint and webhook_signing_secret tables: destinations, their secrets and their
 * health. Secrets are written sealed by {@link SecretBox} for their own row and column, and opened
 * only to sign a delivery; a rotation opens the current secret and seals it again as the previous one.
 */
@Repository
class WebhookEndpoints {

    static final SecretBox.Column SECRET = new SecretBox.Column("webhook_endpoint", "secret", List.of("id"));
    static final SecretBox.Column PREVIOUS_SECRET =
            new SecretBox.Column("webhook_endpoint", "previous_secret", List.of("id"));
    static final SecretBox.Column ENVELOPE_SECRET =
            new SecretBox.Column("webhook_signing_secret", "secret", List.of("organisation_id", "mode"));
    static final SecretBox.Column ENVELOPE_PREVIOUS_SECRET =
            new SecretBox.Column("webhook_signing_secret", "previous_secret", List.of("organisation_id", "mode"));

    /** Compare-and-set tries of a rotation before it gives up (another rotation of the same secret won each). */
    private static final int ROTATION_TRIES = 5;

    static final String ORGANISATION = "ORGANISATION";
    static final String ENVELOPE = "ENVELOPE";
    static final String ENABLED = "ENABLED";
    static final String DISABLED = "DISABLED";

    record Endpoint(
            UUID id,
            UUID organisationId,
            Mode mode,
            String source,
            String url,
            String description,
            List<String> subscriptions,
            String status,
            String disabledReason,
            OffsetDateTime disabledAt,
            int consecutiveFailures,
            OffsetDateTime failingSince,
            OffsetDateTime lastSuccessAt,
            OffsetDateTime previousSecretUntil,
            OffsetDateTime createdAt) {

        boolean subscribedTo(String subscription) {
            return subscriptions.isEmpty() || subscriptions.contains(subscription);
        }
    }

    private static final String COLUMNS = "id, organisation_id, mode, source, url, description, subscriptions, status,"
            + " disabled_reason, disabled_at, consecutive_failures, failing_since, last_success_at, previous_secret_until,"
            + " created_at";

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final EndpointPresence presence;

    WebhookEndpoints(JdbcClient jdbc, WebhookProperties properties, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
        this.presence =
                new EndpointPresence(this::anyOwnEndpoint, properties.endpointPresenceTtl(), 10_000, System::nanoTime);
    }

    /**
     * Whether the organisation has any endpoint of its own (enabled or not), remembered for
     * {@code signet.webhooks.endpoint-presence-ttl}: see {@link EndpointPresence}.
     */
    boolean hasOrganisationEndpoints(UUID organisationId, Mode mode) {
        return presence.any(organisationId, mode);
    }

    private boolean anyOwnEndpoint(UUID organisationId, Mode mode) {
        return jdbc.sql("select exists (select 1 from webhook_endpoint where organisation_id = ? and mode = ?"
                        + " and source = 'ORGANISATION' and deleted_at is null)")
                .params(organisationId, mode.dbValue())
                .query(Boolean.class)
                .single();
    }

    /** A new organisation endpoint; returns it with its secret, which is shown this once. */
    UUID create(
            UUID organisationId, Mode mode, String url, String description, List<String> subscriptions, String secret) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into webhook_endpoint (id, organisation_id, mode, source, url, description, subscriptions, secret,
                  status, created_at)
                values (?, ?, ?, 'ORGANISATION', ?, ?, ?, ?, 'ENABLED', ?)""")
                .params(
                        id,
                        organisationId,
                        mode.dbValue(),
                        url,
                        description,
                        String.join(",", subscriptions),
                        box.seal(secret, SECRET.context(id)),
                        now())
                .update();
        presence.forget(organisationId, mode);
        return id;
    }

    /** The endpoint row that stands for an envelope's own destination, made on first use. */
    Endpoint envelopeDestination(UUID organisationId, Mode mode, String url) {
        Optional<Endpoint> found = jdbc.sql("select " + COLUMNS + " from webhook_endpoint"
                        + " where organisation_id = ? and mode = ? and source = 'ENVELOPE' and url = ? and deleted_at is null"
                        + " order by created_at limit 1")
                .params(organisationId, mode.dbValue(), url)
                .query(WebhookEndpoints::endpoint)
                .optional();
        if (found.isPresent()) {
            return found.get();
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into webhook_endpoint (id, organisation_id, mode, source, url, subscriptions, status, created_at)
                values (?, ?, ?, 'ENVELOPE', ?, '', 'ENABLED', ?)""").params(id, organisationId, mode.dbValue(), url, now()).update();
        return find(id).orElseThrow();
    }

    Optional<Endpoint> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from webhook_endpoint where id = ? and deleted_at is null")
                .param(id)
                .query(WebhookEndpoints::endpoint)
                .optional();
    }

    Optional<Endpoint> find(UUID organisationId, Mode mode, UUID id) {
        return find(id).filter(e -> e.organisationId().equals(organisationId) && e.mode() == mode);
    }

    List<Endpoint> list(UUID organisationId, Mode mode) {
        return jdbc.sql("select " + COLUMNS + " from webhook_endpoint"
                        + " where organisation_id = ? and mode = ? and deleted_at is null order by created_at, id")
                .params(organisationId, mode.dbValue())
                .query(WebhookEndpoints::endpoint)
                .list();
    }

    /** The organisation's own endpoints, the defaults for envelopes without a destination. */
    List<Endpoint> organisationDefaults(UUID organisationId, Mode mode) {
        return list(organisationId, mode).stream()
                .filter(e -> ORGANISATION.equals(e.source()))
                .toList();
    }

    void update(UUID id, String url, String description, List<String> subscriptions) {
        jdbc.sql("update webhook_endpoint set url = ?, description = ?, subscriptions = ? where id = ?")
                .params(url, description, String.join(",", subscriptions), id)
                .update();
    }

    void enable(UUID id) {
        jdbc.sql("""
                update webhook_endpoint set status = 'ENABLED', disabled_reason = null, disabled_at = null,
                  consecutive_failures = 0, failing_since = null where id = ?""").param(id).update();
    }

    void disable(UUID id, String reason) {
        jdbc.sql("update webhook_endpoint set status = 'DISABLED', disabled_reason = ?, disabled_at = ? where id = ?")
                .params(reason, now(), id)
                .update();
    }

    void delete(UUID id) {
        jdbc.sql(
                        "update webhook_endpoint set deleted_at = ?, status = 'DISABLED', secret = null, previous_secret = null"
                                + " where id = ?")
                .params(now(), id)
                .update();
    }

    /** Makes {@code secret} the current one; the old one still signs until {@code overlap} from now. */
    void rotate(UUID id, String secret, Duration overlap) {
        for (int tries = 0; tries < ROTATION_TRIES; tries++) {
            Optional<String> current = jdbc.sql(
                            "select secret from webhook_endpoint where id = ? and secret is not null")
                    .param(id)
                    .query(String.class)
                    .optional();
            int changed = jdbc.sql("update webhook_endpoint set previous_secret = ?, previous_secret_until = ?,"
                            + " secret = ? where id = ? and "
                            + (current.isPresent() ? "secret = ?" : "secret is null"))
                    .params(rotationParams(
                            current.map(c -> reseal(c, SECRET.context(id), PREVIOUS_SECRET.context(id))),
                            now().plus(overlap),
                            box.seal(secret, SECRET.context(id)),
                            List.of(id),
                            current))
                    .update();
            if (changed == 1) {
                return;
            }
        }
        throw new IllegalStateException(
                "The secret of webhook endpoint " + id + " changed during each try to rotate it");
    }

    /** The organisation's envelope secret: rotated when there is one, created when not. */
    void rotateEnvelopeSecret(UUID organisationId, Mode mode, String secret, Duration overlap) {
        String current = ENVELOPE_SECRET.context(organisationId, mode.dbValue());
        for (int tries = 0; tries < ROTATION_TRIES; tries++) {
            Optional<String> sealed = envelopeSecret(organisationId, mode);
            if (sealed.isEmpty()) {
                if (createEnvelopeSecret(organisationId, mode, secret)) {
                    return;
                }
                continue;
            }
            int changed = jdbc.sql("""
                            update webhook_signing_secret set previous_secret = ?, previous_secret_until = ?, secret = ?
                            where organisation_id = ? and mode = ? and secret = ?""")
                    .params(rotationParams(
                            sealed.map(c -> reseal(
                                    c, current, ENVELOPE_PREVIOUS_SECRET.context(organisationId, mode.dbValue()))),
                            now().plus(overlap),
                            box.seal(secret, current),
                            List.of(organisationId, mode.dbValue()),
                            sealed))
                    .update();
            if (changed == 1) {
                return;
            }
        }
        throw new IllegalStateException("The envelope secret changed during each try to rotate it");
    }

    private Optional<String> envelopeSecret(UUID organisationId, Mode mode) {
        return jdbc.sql("select secret from webhook_signing_secret where organisation_id = ? and mode = ?")
                .params(organisationId, mode.dbValue())
                .query(String.class)
                .optional();
    }

    /** @return false when another request created it first */
    private boolean createEnvelopeSecret(UUID organisationId, Mode mode, String secret) {
        try {
            jdbc.sql(
                            "insert into webhook_signing_secret (organisation_id, mode, secret, created_at) values (?, ?, ?, ?)")
                    .params(
                            organisationId,
                            mode.dbValue(),
                            box.seal(secret, ENVELOPE_SECRET.context(organisationId, mode.dbValue())),
                            now())
                    .update();
            return true;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    /** The secret sealed for one column, sealed again for another (the current one becoming the previous). */
    private String reseal(String sealed, String from, String to) {
        return box.seal(box.openStored(sealed, from), to);
    }

    private static List<Object> rotationParams(
            Optional<String> previous,
            OffsetDateTime previousUntil,
            String secret,
            List<Object> key,
            Optional<String> expected) {
        List<Object> params = new ArrayList<>();
        params.add(previous.orElse(null));
        params.add(previous.isPresent() ? previousUntil : null);
        params.add(secret);
        params.addAll(key);
        expected.ifPresent(params::add);
        return params;
    }

    Optional<OffsetDateTime> envelopeSecretPreviousUntil(UUID organisationId, Mode mode) {
        return jdbc.sql(
                        "select previous_secret_until from webhook_signing_secret where organisation_id = ? and mode = ?")
                .params(organisationId, mode.dbValue())
                .query((rs, n) -> Optional.ofNullable(rs.getObject("previous_secret_until", OffsetDateTime.class)))
                .optional()
                .flatMap(o -> o);
    }

    /**
     * The secrets that sign a delivery to this endpoint now: the current one and, during a rotation,
     * the previous one. An envelope's destination is signed with the organisation's envelope secret,
     * made here the first time it is needed.
     */
    List<String> activeSecrets(Endpoint endpoint) {
        OffsetDateTime now = now();
        if (ENVELOPE.equals(endpoint.source())) {
            UUID organisation = endpoint.organisationId();
            String mode = endpoint.mode().dbValue();
            List<String> secrets = jdbc.sql("""
                            select secret, previous_secret, previous_secret_until from webhook_signing_secret
                            where organisation_id = ? and mode = ?""")
                    .params(organisation, mode)
                    .query((rs, n) -> secrets(
                            rs,
                            now,
                            ENVELOPE_SECRET.context(organisation, mode),
                            ENVELOPE_PREVIOUS_SECRET.context(organisation, mode)))
                    .optional()
                    .orElse(List.of());
            if (!secrets.isEmpty()) {
                return secrets;
            }
            createEnvelopeSecret(organisation, endpoint.mode(), WebhookSignature.newSecret());
            return activeSecrets(endpoint);
        }
        UUID id = endpoint.id();
        return jdbc.sql("select secret, previous_secret, previous_secret_until from webhook_endpoint where id = ?")
                .param(id)
                .query((rs, n) -> secrets(rs, now, SECRET.context(id), PREVIOUS_SECRET.context(id)))
                .single();
    }

    private List<String> secrets(ResultSet rs, OffsetDateTime now, String current, String previous)
            throws SQLException {
        List<String> secrets = new ArrayList<>();
        if (rs.getString("secret") != null) {
            secrets.add(box.openStored(rs.getString("secret"), current));
        }
        OffsetDateTime until = rs.getObject("previous_secret_until", OffsetDateTime.class);
        if (rs.getString("previous_secret") != null && until != null && until.isAfter(now)) {
            secrets.add(box.openStored(rs.getString("previous_secret"), previous));
        }
        return secrets;
    }

    void recordSuccess(UUID id) {
        jdbc.sql(
                        "update webhook_endpoint set consecutive_failures = 0, failing_since = null, last_success_at = ? where id = ?")
                .params(now(), id)
                .update();
    }

    /**
     * Counts a failed try. When every try has failed for {@code disableAfter}, the endpoint is
     * disabled, once.
     *
     * @return true when this failure disabled the endpoint
     */
    boolean recordFailure(UUID id, Duration disableAfter) {
        OffsetDateTime now = now();
        jdbc.sql("""
                update webhook_endpoint set consecutive_failures = consecutive_failures + 1,
                  failing_since = coalesce(failing_since, ?) where id = ?""").params(now, id).update();
        return jdbc.sql("""
                        update webhook_endpoint set status = 'DISABLED', disabled_at = ?,
                          disabled_reason = ?
                        where id = ? and status = 'ENABLED' and consecutive_failures > 1 and failing_since <= ?""")
                        .params(now, "Every delivery failed for " + humane(disableAfter), id, now.minus(disableAfter))
                        .update()
                == 1;
    }

    static String humane(Duration d) {
        if (d.toDays() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toHours() > 0 && d.toMinutesPart() == 0) {
            return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        }
        return d.toMinutes() + " minutes";
    }

    private static Endpoint endpoint(ResultSet rs, int n) throws SQLException {
        String subscriptions = rs.getString("subscriptions");
        return new Endpoint(
                rs.getObject("id", UUID.class),
                rs.getObject("organisation_id", UUID.class),
                Mode.fromDb(rs.getString("mode")),
                rs.getString("source"),
                rs.getString("url"),
                rs.getString("description"),
                subscriptions == null || subscriptions.isBlank() ? List.of() : Arrays.asList(subscriptions.split(",")),
                rs.getString("status"),
                rs.getString("disabled_reason"),
                rs.getObject("disabled_at", OffsetDateTime.class),
                rs.getInt("consecutive_failures"),
                rs.getObject("failing_since", OffsetDateTime.class),
                rs.getObject("last_success_at", OffsetDateTime.class),
                rs.getObject("previous_secret_until", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
