package dev.signet.assurance;

import dev.signet.SignetProperties;
import dev.signet.account.Mode;
import dev.signet.assurance.IdvStore.SessionState;
import dev.signet.evidence.AuditTrail;
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
    private final Clock clock = Clock.systemUTC();

    IdvService(
            IdvStore store,
            SandboxIdvProvider sandbox,
            List<IdvProvider> providers,
            AuditTrail audit,
            ApplicationEventPublisher events,
            SignetProperties properties) {
        this.properties = properties;
        this.store = store;
        this.sandbox = sandbox;
        this.providers = providers;
        this.audit = audit;
        this.events = events;
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
            session = provider.create(
                    new IdvProvider.SessionRequest(r.recipientId(), r.config(), r.name(), r.returnUrl()));
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
        return open.isPresent() && sandbox.choose(open.get().providerSessionId(), chosen) && finished(recipientId);
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
        if (result.state() == IdvProvider.State.ONGOING) {
            store.keepResult(row.id(), result.json());
            return IdvVerdict.UNANSWERED;
        }
        SessionState state = result.state() == IdvProvider.State.REJECTED
                ? SessionState.DOCUMENT_REJECTED
                : PersonNames.same(result.verifiedName(), r.name())
                        ? SessionState.APPROVED
                        : SessionState.NAME_MISMATCH;
        store.conclude(row.id(), state, result.verifiedName(), result.json(), clock.instant());
        IdvVerdict verdict = verdict(state, r.config());
        Map<String, Object> details = config(provider.name(), r.config(), 0, 0);
        details.remove("session");
        details.remove("session_limit");
        details.put("outcome", state.name());
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
