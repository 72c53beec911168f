package dev.signet.assurance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetProperties;
import dev.signet.account.Mode;
import dev.signet.assurance.IdvStore.SessionState;
import dev.signet.envelope.AuditTrail;
import dev.signet.envelope.IdentityProviders;
import dev.signet.envelope.IdvConfig;
import dev.signet.envelope.IdvEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Identity verification for recipients with {@code auth_type: idv} (reference 4.4): starts sessions
 * with the provider that serves them, within their session limit; takes the provider's result and
 * compares the verified name with the recipient's ({@link PersonNames}); says what that means for
 * signing ({@link IdvVerdict}). Every start, limit, result and unavailable provider is an audit event
 * of the envelope, with the configuration and outcome and never the name read.
 */
@Service
public class IdvService {

    private final IdvStore store;
    private final SandboxIdvProvider sandbox;
    private final List<IdvProvider> providers;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final SignetProperties properties;
    private final IdvSessionConfigs configs;
    private final Clock clock = Clock.systemUTC();

    IdvService(
            IdvStore store,
            SandboxIdvProvider sandbox,
            List<IdvProvider> providers,
            AuditTrail audit,
            ApplicationEventPublisher events,
            SignetProperties properties,
            IdvSessionConfigs configs,
            IdentityProviders offered) {
        this.properties = properties;
        this.configs = configs;
        this.store = store;
        this.sandbox = sandbox;
        this.providers = providers;
        this.audit = audit;
        this.events = events;
        // What the create checks honour (auth_type idv): this node's providers, known from now on.
        for (Mode mode : Mode.values()) {
            if (serves(mode)) {
                offered.servesIdv(mode);
            }
        }
    }

    /**
     * Whether a provider serves envelopes of this mode: the sandbox one for sandbox keys and for
     * every envelope in embedded mode, Yoti for live keys when it is configured.
     */
    public boolean serves(Mode mode) {
        return provider(AssuranceFacts.sandbox(mode, properties.embedded())).isPresent();
    }

    /** What starting (or resuming) a session came to. */
    public sealed interface Start permits Started, LimitReached, ProviderDown {}

    /** @param sessionsLeft how many more sessions the recipient may start after this one */
    public record Started(String provider, String userUrl, boolean resumed, int sessionsLeft) implements Start {}

    public record LimitReached(int limit) implements Start {}

    public record ProviderDown() implements Start {}

    /**
     * Where the recipient stands without starting anything (for a page opened with GET, which a
     * mail scanner may open too): their open session as {@link Started} (resumed), {@link
     * LimitReached} when no session is open and none may be started, else empty (one may be started).
     * Records nothing.
     */
    @Transactional(readOnly = true)
    public Optional<Start> peek(UUID recipientId, IdvConfig config) {
        Optional<IdvStore.Row> newest = store.newest(recipientId);
        int limit = limit(recipientId, config);
        int used = store.sessions(recipientId);
        if (newest.isPresent() && newest.get().state().open()) {
            return Optional.of(
                    new Started(newest.get().provider(), newest.get().userUrl(), true, Math.max(0, limit - used)));
        }
        return used >= limit ? Optional.of(new LimitReached(limit)) : Optional.empty();
    }

    /** Resumes the recipient's open session, or starts one if the limit allows. */
    @Transactional
    public Start start(IdvRecipient r) {
        store.lockRecipient(r.recipientId());
        Optional<IdvStore.Row> newest = store.newest(r.recipientId());
        int limit = limit(r.recipientId(), r.config());
        int used = store.sessions(r.recipientId());
        if (newest.isPresent() && newest.get().state().open()) {
            return new Started(newest.get().provider(), newest.get().userUrl(), true, Math.max(0, limit - used));
        }
        if (used >= limit) {
            audit.record(r.envelopeId(), "idv_session_limit_reached", actor(r.recipientId()), Map.of("limit", limit));
            events.publishEvent(new IdvEvent(
                    r.envelopeId(), r.recipientId(), IdvEvent.SESSION_LIMIT_REACHED, null, String.valueOf(limit)));
            return new LimitReached(limit);
        }
        IdvProvider provider = provider(r.sandbox())
                .orElseThrow(
                        () -> new IllegalStateException(
                                "No identity verification provider serves this recipient; the envelope should have been refused"));
        IdvProvider.Session session;
        try {
            session = provider.create(new IdvProvider.SessionRequest(
                    r.recipientId(), r.config(), r.name(), r.returnUrl(), spec(r.envelopeId(), r.config())));
        } catch (IdvProvider.Unavailable down) {
            audit.record(
                    r.envelopeId(),
                    "idv_provider_unavailable",
                    actor(r.recipientId()),
                    Map.of("provider", provider.name(), "while", "create"));
            return new ProviderDown();
        }
        Instant now = clock.instant();
        store.insert(new IdvStore.Row(
                UUID.randomUUID(),
                r.envelopeId(),
                r.recipientId(),
                provider.name(),
                session.sessionId(),
                r.config().sessionConfigName(),
                session.userUrl(),
                SessionState.STARTED,
                null,
                null,
                now,
                null));
        audit.record(
                r.envelopeId(),
                "idv_session_started",
                actor(r.recipientId()),
                config(provider.name(), r.config(), used + 1, limit));
        return new Started(provider.name(), session.userUrl(), false, limit - used - 1);
    }

    /**
     * The recipient came back from the provider: their open session's result may be fetched.
     *
     * @return false when they had no open session (a second return, or none started)
     */
    @Transactional
    public boolean finished(UUID recipientId) {
        store.lockRecipient(recipientId);
        return store.newest(recipientId)
                .filter(row -> row.state().open())
                .map(row -> store.markFinished(row.id(), clock.instant()))
                .orElse(false);
    }

    /** The sandbox page's choice ("APPROVE", "DOCUMENT_REJECTED", "NAME_MISMATCH"), then {@link #finished}. */
    @Transactional
    public boolean sandboxChoice(UUID recipientId, String choice) {
        SandboxIdvProvider.Choice chosen;
        try {
            chosen = SandboxIdvProvider.Choice.valueOf(choice);
        } catch (IllegalArgumentException | NullPointerException unknown) {
            return false;
        }
        store.lockRecipient(recipientId);
        Optional<IdvStore.Row> open = store.newest(recipientId)
                .filter(row -> row.state().open() && row.provider().equals(SandboxIdvProvider.NAME));
        if (open.isEmpty() || !sandbox.choose(open.get().providerSessionId(), chosen)) {
            return false;
        }
        // The tester's choice is the step where a person uploads their document and selfie and the
        // text is read from it: the resource and task events fire now, as Yoti's would.
        IdvStore.Row row = open.get();
        String now = sandbox.retrieve(row.providerSessionId()).json();
        announce(row, now);
        store.keepResult(row.id(), now);
        return finished(recipientId);
    }

    /**
     * Fires {@code idv_resource_update} for each resource and {@code idv_task_completion} for each
     * task done that the provider's answer has and the kept result had not, so each fires once.
     */
    private void announce(IdvStore.Row row, String json) {
        IdvResultJson before = IdvResultJson.of(row.resultJson());
        IdvResultJson after = IdvResultJson.of(json);
        java.util.Set<String> known = before.resourceIds();
        for (String resource : after.resourceIds()) {
            if (!known.contains(resource)) {
                events.publishEvent(new IdvEvent(
                        row.envelopeId(),
                        row.recipientId(),
                        IdvEvent.RESOURCE_UPDATE,
                        row.providerSessionId(),
                        null,
                        resource));
            }
        }
        Map<String, String> done = before.doneTasks();
        after.doneTasks().forEach((task, type) -> {
            if (!done.containsKey(task)) {
                events.publishEvent(new IdvEvent(
                        row.envelopeId(),
                        row.recipientId(),
                        IdvEvent.TASK_COMPLETION,
                        row.providerSessionId(),
                        type,
                        task));
            }
        });
    }

    /**
     * Asks the provider for the result of the recipient's latest session. Run again after a
     * conclusion, it answers from what was kept and asks nobody.
     */
    @Transactional
    public IdvVerdict fetch(IdvRecipient r) {
        Optional<IdvStore.Row> newest = store.newest(r.recipientId());
        if (newest.isEmpty()) {
            return IdvVerdict.UNANSWERED;
        }
        IdvStore.Row row = newest.get();
        if (row.state().concluded()) {
            return verdict(row.state(), r.config());
        }
        IdvProvider provider = byName(row.provider());
        IdvProvider.Result result;
        try {
            result = provider.retrieve(row.providerSessionId());
        } catch (IdvProvider.Unavailable down) {
            audit.record(
                    r.envelopeId(),
                    "idv_provider_unavailable",
                    actor(r.recipientId()),
                    Map.of("provider", provider.name(), "while", "retrieve"));
            return IdvVerdict.UNANSWERED;
        }
        announce(row, result.json());
        if (result.state() == IdvProvider.State.ONGOING) {
            store.keepResult(row.id(), result.json());
            return IdvVerdict.UNANSWERED;
        }
        boolean readsName = spec(r.envelopeId(), r.config()).readsName();
        SessionState state = state(result, readsName, r.name());
        store.conclude(row.id(), state, result.verifiedName(), result.json(), clock.instant());
        IdvVerdict verdict = verdict(state, r.config());
        Map<String, Object> details = config(provider.name(), r.config(), 0, 0);
        details.remove("session");
        details.remove("session_limit");
        details.put("outcome", state.name());
        details.put("name_compared", state != SessionState.DOCUMENT_REJECTED && result.verifiedName() != null);
        details.put("failed_checks", String.join(",", result.failedChecks()));
        details.put("blocks_signing", verdict == IdvVerdict.FAILED_BLOCKS);
        audit.record(
                r.envelopeId(),
                state == SessionState.APPROVED ? "idv_passed" : "idv_failed",
                actor(r.recipientId()),
                details);
        events.publishEvent(new IdvEvent(
                r.envelopeId(), r.recipientId(), IdvEvent.CHECK_COMPLETION, row.providerSessionId(), state.name()));
        events.publishEvent(new IdvEvent(
                r.envelopeId(), r.recipientId(), IdvEvent.SESSION_COMPLETION, row.providerSessionId(), "COMPLETED"));
        return verdict;
    }

    /**
     * What an answer means. A session that reads no document (Liveness Only, or a custom one without
     * text extraction) has no name to compare: a live person was seen, and that is what the sender
     * asked to know, so an approved liveness check passes; the evidence says no name was compared
     * ({@code name_compared}). Treating it as a name mismatch would fail every such session. A session
     * that should have read a name and brings none has not verified the person: rejected.
     */
    private static SessionState state(IdvProvider.Result result, boolean readsName, String recipientName) {
        if (result.state() == IdvProvider.State.REJECTED) {
            return SessionState.DOCUMENT_REJECTED;
        }
        if (result.verifiedName() == null) {
            return readsName ? SessionState.DOCUMENT_REJECTED : SessionState.APPROVED;
        }
        return PersonNames.same(result.verifiedName(), recipientName)
                ? SessionState.APPROVED
                : SessionState.NAME_MISMATCH;
    }

    /** What a session of this configuration asks for: prebuilt, or the envelope organisation's custom one. */
    private IdvSessionSpec spec(UUID envelopeId, IdvConfig config) {
        if (config.prebuilt()) {
            return IdvSessionSpec.prebuilt(config.sessionConfigName());
        }
        return configs.forEnvelope(envelopeId, config.sessionConfigName())
                .orElseThrow(() -> new IllegalStateException(
                        "The custom session configuration of envelope " + envelopeId + " is gone"));
    }

    /** A recipient's latest session, as endpoints, pages and evidence show it. */
    public record Summary(
            String provider,
            String sessionId,
            String sessionConfigName,
            String outcome,
            String verifiedName,
            String resultJson,
            Instant startedAt,
            Instant completedAt,
            int sessions,
            int limit) {

        public boolean concluded() {
            return completedAt != null;
        }
    }

    @Transactional(readOnly = true)
    public Optional<Summary> latest(UUID recipientId, IdvConfig config) {
        int sessions = store.sessions(recipientId);
        int limit = limit(recipientId, config);
        return store.newest(recipientId)
                .map(row -> new Summary(
                        row.provider(),
                        row.providerSessionId(),
                        row.sessionConfigName(),
                        row.state().concluded() ? row.state().name() : "ONGOING",
                        row.verifiedName(),
                        row.resultJson(),
                        row.createdAt(),
                        row.completedAt(),
                        sessions,
                        limit));
    }

    /** A session configuration as {@code GET /v2/idv/sessions/configs} lists it; its specification as Signet runs it. */
    public record SessionConfig(String name, boolean custom, boolean isPrivate, JsonNode sessionConfig) {}

    /** The prebuilt configurations, then the organisation's custom ones this key may use (reference 1.13). */
    @Transactional(readOnly = true)
    public List<SessionConfig> sessionConfigs(UUID organisationId, Mode mode, UUID apiKeyId) {
        List<SessionConfig> all = new java.util.ArrayList<>();
        IdvConfig.PREBUILT.forEach(name -> all.add(new SessionConfig(
                name, false, false, IdvSessionSpec.prebuilt(name).json())));
        configs.visible(organisationId, mode, apiKeyId)
                .forEach(c -> all.add(new SessionConfig(
                        c.name(), true, c.isPrivate(), c.spec().json())));
        return all;
    }

    /** What creating a custom configuration came to. */
    public sealed interface NewSessionConfig permits ConfigCreated, ConfigRefused, ConfigExists {}

    public record ConfigCreated(SessionConfig config) implements NewSessionConfig {}

    /** @param problems each under its field of the request body */
    public record ConfigRefused(List<IdvConfig.Problem> problems) implements NewSessionConfig {}

    public record ConfigExists(String name) implements NewSessionConfig {}

    /**
     * Creates a custom configuration (reference 1.13, endpoint 16) from the request body {@code
     * {name, is_private, session_config}}; the specification is kept as Signet will run it.
     */
    public NewSessionConfig createSessionConfig(UUID organisationId, Mode mode, UUID apiKeyId, JsonNode body) {
        IdvSessionConfigRequest.Parsed request = IdvSessionConfigRequest.parse(body);
        if (!request.problems().isEmpty()) {
            return new ConfigRefused(request.problems());
        }
        if (configs.exists(organisationId, mode, request.name())) {
            return new ConfigExists(request.name());
        }
        if (configs.count(organisationId, mode) >= IdvSessionConfigs.MAX_PER_ORGANISATION) {
            return new ConfigRefused(List.of(new IdvConfig.Problem(
                    "name",
                    "the organisation has " + IdvSessionConfigs.MAX_PER_ORGANISATION
                            + " custom configurations in this mode, the most it may keep")));
        }
        if (!configs.insert(organisationId, mode, apiKeyId, request.name(), request.isPrivate(), request.spec())) {
            return new ConfigExists(request.name());
        }
        return new ConfigCreated(new SessionConfig(
                request.name(), true, request.isPrivate(), request.spec().json()));
    }

    /** A media item of a recipient's latest session. */
    public record Media(String contentType, byte[] content) {}

    /** The provider that keeps the media did not answer; ask again later. */
    public static class ProviderUnavailable extends RuntimeException {
        ProviderUnavailable(Throwable cause) {
            super("The identity verification provider did not answer", cause);
        }
    }

    /**
     * One media item of the recipient's latest session (reference 1.13, endpoint 19), from the
     * provider that ran it: only an item the session's result names, so no other session's item can
     * be asked for through this recipient.
     *
     * @throws ProviderUnavailable when the provider does not answer
     */
    @Transactional(readOnly = true)
    public Optional<Media> media(UUID recipientId, String mediaId) {
        Optional<IdvStore.Row> newest = store.newest(recipientId);
        if (newest.isEmpty()
                || !IdvResultJson.of(newest.get().resultJson()).mediaIds().contains(mediaId)) {
            return Optional.empty();
        }
        try {
            return byName(newest.get().provider())
                    .media(newest.get().providerSessionId(), mediaId)
                    .map(m -> new Media(m.contentType(), m.content()));
        } catch (IdvProvider.Unavailable down) {
            throw new ProviderUnavailable(down);
        }
    }

    /**
     * The session result as a PDF report (reference 1.13, endpoint 18) of the recipient's latest
     * concluded session: empty while it is ongoing (no report can state an outcome yet).
     */
    @Transactional(readOnly = true)
    public Optional<byte[]> report(UUID envelopeId, UUID recipientId, String recipientName, IdvConfig config) {
        return latest(recipientId, config)
                .filter(Summary::concluded)
                .map(summary -> IdvReport.render(
                        envelopeId,
                        recipientId,
                        recipientName,
                        summary,
                        spec(envelopeId, config).readsName(),
                        IdvResultJson.of(summary.resultJson())));
    }

    /** The outcome of the recipient's latest concluded session (APPROVED, DOCUMENT_REJECTED, NAME_MISMATCH). */
    @Transactional(readOnly = true)
    public Optional<String> lastOutcome(UUID recipientId) {
        return store.newestConcludedState(recipientId);
    }

    /** Doubles the recipient's session limit, up to {@value IdvConfig#MAX_RESET_LIMIT}; the new limit. */
    @Transactional
    public int resetLimit(UUID envelopeId, UUID recipientId, IdvConfig config) {
        store.lockRecipient(recipientId);
        int doubled = Math.min(IdvConfig.MAX_RESET_LIMIT, limit(recipientId, config) * 2);
        store.setAllowance(recipientId, doubled);
        audit.record(envelopeId, "idv_session_limit_reset", "sender", Map.of("session_limit", doubled));
        return doubled;
    }

    private int limit(UUID recipientId, IdvConfig config) {
        return store.allowance(recipientId).orElse(config.sessionLimit());
    }

    private static IdvVerdict verdict(SessionState state, IdvConfig config) {
        if (state == SessionState.APPROVED) {
            return IdvVerdict.PASSED;
        }
        return config.blocksOnFailure() ? IdvVerdict.FAILED_BLOCKS : IdvVerdict.FAILED_MAY_SIGN;
    }

    private Optional<IdvProvider> provider(boolean sandboxMode) {
        String wanted = sandboxMode ? SandboxIdvProvider.NAME : "yoti";
        return providers.stream()
                .filter(p -> p.name().equals(wanted) && p.configured())
                .findFirst();
    }

    private IdvProvider byName(String name) {
        return providers.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No identity provider named " + name));
    }

    private static Map<String, Object> config(String provider, IdvConfig config, int session, int limit) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", provider);
        details.put("session_config_name", config.sessionConfigName());
        details.put("when", config.when());
        details.put("session", session);
        details.put("session_limit", limit);
        return details;
    }

    private static String actor(UUID recipientId) {
        return "recipient:" + recipientId;
    }
}
