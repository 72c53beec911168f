package dev.signet.assurance;

import dev.signet.SignetProperties;
import dev.signet.account.Mode;
import dev.signet.assurance.YotiShareStore.ShareState;
import dev.signet.envelope.AuditTrail;
import dev.signet.envelope.IdentityProviders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Yoti auth for recipients with {@code auth_type: sign-auth} (reference 4.4): starts share sessions
 * with the provider that serves them, asks it whether the person shared, and compares the shared
 * email with the recipient's (trimmed, case-insensitive). What is kept and written to the audit trail
 * is the receipt id and the names of the attributes shared: never a value. The shared email is
 * compared and forgotten; a selfie is not read. A recipient may try again after a refused share, up
 * to {@value #MAX_REFUSALS} refusals.
 */
@Service
public class YotiShareService {

    /** Shares with another email a recipient may make before the link stops offering Yoti auth. */
    public static final int MAX_REFUSALS = 5;
    /** Sessions a recipient may start at all (expired QR codes included): bounds the calls to Yoti. */
    static final int MAX_SESSIONS = 30;
    /** Yoti is asked about one open session at most this often, however many pages poll. */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);

    private final YotiShareStore store;
    private final SandboxShareProvider sandbox;
    private final List<YotiShareProvider> providers;
    private final AuditTrail audit;
    private final SignetProperties properties;
    private final Clock clock = Clock.systemUTC();

    YotiShareService(
            YotiShareStore store,
            SandboxShareProvider sandbox,
            List<YotiShareProvider> providers,
            AuditTrail audit,
            SignetProperties properties,
            IdentityProviders offered) {
        this.store = store;
        this.sandbox = sandbox;
        this.providers = providers;
        this.audit = audit;
        this.properties = properties;
        // What the create checks honour (auth_type sign-auth): this node's providers, known from now on.
        for (Mode mode : Mode.values()) {
            if (serves(mode)) {
                offered.servesShare(mode);
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

    /**
     * A recipient as Yoti auth needs them.
     *
     * @param email the recipient's address, compared with the one shared
     * @param yotiAttributes the recipient's {@code yoti_attributes} as the API gave them
     * @param sandbox sandbox key or embedded mode: the sandbox provider
     * @param returnUrl where Yoti sends the person's browser after a share on the same device
     */
    public record ShareRecipient(
            UUID envelopeId,
            UUID recipientId,
            String email,
            List<String> yotiAttributes,
            boolean sandbox,
            String returnUrl) {

        public ShareRecipient {
            yotiAttributes = yotiAttributes == null ? List.of() : List.copyOf(yotiAttributes);
        }
    }

    /** Where a recipient stands. */
    public sealed interface Stage permits Ready, Open, LimitReached, ProviderDown {}

    /** No session is open and one may be started; {@code lastOutcome} says how the last one ended. */
    public record Ready(int triesLeft, String lastOutcome) implements Stage {}

    /** A session is open: the Yoti app opens {@code shareUri} (QR code or deep link). */
    public record Open(String provider, String shareUri, int triesLeft, String lastOutcome) implements Stage {}

    public record LimitReached(int limit) implements Stage {}

    public record ProviderDown() implements Stage {}

    /** What asking the provider came to. */
    public enum Outcome {
        /** Nothing shared yet (or asked a moment ago). */
        WAITING,
        /** Shared, and the email is the recipient's: the step is passed. */
        PASSED,
        /** Shared with another email (or none): refused; the recipient may try again within the limit. */
        EMAIL_MISMATCH,
        /** The session ended without a share: a new one may be started. */
        ENDED,
        /** The provider did not answer: ask again later. */
        PROVIDER_DOWN,
        /** The recipient has no open session to ask about. */
        NO_SESSION
    }

    /**
     * @param receiptId the receipt's id, once PASSED
     * @param attributes the names of the attributes shared, once PASSED
     */
    public record Check(Outcome outcome, String receiptId, List<String> attributes) {

        /** How the check reads in the recipient's checks, certificate, coversheet and evidence. */
        public String evidence() {
            return "yoti-share (receipt " + receiptId + "; shared " + String.join(" ", attributes) + ")";
        }
    }

    /** Where the recipient stands without starting anything (a page opened with GET). Records nothing. */
    @Transactional(readOnly = true)
    public Stage peek(UUID recipientId) {
        Optional<YotiShareStore.Row> newest = store.newest(recipientId);
        int left = triesLeft(recipientId);
        String last = lastOutcome(newest);
        if (newest.isPresent() && newest.get().state().open()) {
            return new Open(newest.get().provider(), newest.get().shareUri(), left, last);
        }
        return left <= 0 || store.sessions(recipientId) >= MAX_SESSIONS
                ? new LimitReached(MAX_REFUSALS)
                : new Ready(left, last);
    }

    /** The recipient's passed share, from what was kept; asks nobody. */
    @Transactional(readOnly = true)
    public Optional<Check> passed(UUID recipientId) {
        return store.newest(recipientId)
                .filter(row -> row.state() == ShareState.PASSED)
                .map(row -> new Check(Outcome.PASSED, row.receiptId(), names(row.attributes())));
    }

    /** Resumes the recipient's open session, or starts one within the limits. */
    @Transactional
    public Stage start(ShareRecipient r) {
        store.lockRecipient(r.recipientId());
        Stage now = peek(r.recipientId());
        if (!(now instanceof Ready ready)) {
            if (now instanceof LimitReached) {
                audit.record(
                        r.envelopeId(),
                        "yoti_share_limit_reached",
                        actor(r.recipientId()),
                        Map.of("limit", MAX_REFUSALS));
            }
            return now;
        }
        YotiShareProvider provider = provider(r.sandbox())
                .orElseThrow(() -> new IllegalStateException(
                        "No Yoti auth provider serves this recipient; the envelope should have been refused"));
        List<String> wanted = YotiShareAttributes.wanted(r.yotiAttributes());
        YotiShareProvider.Session session;
        try {
            session = provider.create(new YotiShareProvider.SessionRequest(
                    r.recipientId(),
                    wanted,
                    YotiShareAttributes.liveSelfie(r.yotiAttributes()),
                    r.email(),
                    r.returnUrl()));
        } catch (YotiShareProvider.Unavailable down) {
            unavailable(r, provider, "create");
            return new ProviderDown();
        }
        store.insert(new YotiShareStore.Row(
                UUID.randomUUID(),
                r.envelopeId(),
                r.recipientId(),
                provider.name(),
                session.sessionId(),
                session.shareUri(),
                ShareState.STARTED,
                null,
                null,
                clock.instant(),
                null));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", provider.name());
        details.put("attributes", String.join(",", wanted));
        details.put("live_selfie", YotiShareAttributes.liveSelfie(r.yotiAttributes()));
        audit.record(r.envelopeId(), "yoti_share_started", actor(r.recipientId()), details);
        return new Open(provider.name(), session.shareUri(), ready.triesLeft(), ready.lastOutcome());
    }

    /** The sandbox page's choice ("SHARE_EMAIL", "SHARE_OTHER_EMAIL") for the open sandbox session. */
    @Transactional
    public boolean sandboxChoice(UUID recipientId, String choice) {
        SandboxShareProvider.Choice chosen;
        try {
            chosen = SandboxShareProvider.Choice.valueOf(choice);
        } catch (IllegalArgumentException | NullPointerException unknown) {
            return false;
        }
        return store.newest(recipientId)
                .filter(row -> row.state().open() && row.provider().equals(SandboxShareProvider.NAME))
                .map(row -> sandbox.choose(row.providerSessionId(), chosen))
                .orElse(false);
    }

    /**
     * Asks the provider whether the person shared on their open session, and concludes it when they
     * did or when it ended. The email shared is compared here and goes no further.
     */
    @Transactional
    public Check check(ShareRecipient r) {
        Optional<YotiShareStore.Row> newest = store.newest(r.recipientId());
        if (newest.isEmpty() || !newest.get().state().open()) {
            return newest.filter(row -> row.state() == ShareState.PASSED)
                    .map(row -> new Check(Outcome.PASSED, row.receiptId(), names(row.attributes())))
                    .orElse(new Check(Outcome.NO_SESSION, null, List.of()));
        }
        YotiShareStore.Row row = newest.get();
        YotiShareProvider provider = byName(row.provider());
        Instant now = clock.instant();
        if (!provider.name().equals(SandboxShareProvider.NAME) && !store.claimCheck(row.id(), now, CHECK_INTERVAL)) {
            return new Check(Outcome.WAITING, null, List.of());
        }
        YotiShareProvider.Result result;
        try {
            result = provider.retrieve(row.providerSessionId());
        } catch (YotiShareProvider.Unavailable down) {
            unavailable(r, provider, "retrieve");
            return new Check(Outcome.PROVIDER_DOWN, null, List.of());
        }
        return switch (result.state()) {
            case WAITING -> new Check(Outcome.WAITING, null, List.of());
            case ENDED -> ended(r, row, provider, result, now);
            case SHARED -> shared(r, row, provider, result, now);
        };
    }

    private Check ended(
            ShareRecipient r,
            YotiShareStore.Row row,
            YotiShareProvider provider,
            YotiShareProvider.Result result,
            Instant now) {
        if (store.conclude(row.id(), ShareState.ENDED, null, null, now)) {
            audit.record(
                    r.envelopeId(),
                    "yoti_share_ended",
                    actor(r.recipientId()),
                    Map.of("provider", provider.name(), "reason", String.valueOf(result.reason())));
        }
        return new Check(Outcome.ENDED, null, List.of());
    }

    private Check shared(
            ShareRecipient r,
            YotiShareStore.Row row,
            YotiShareProvider provider,
            YotiShareProvider.Result result,
            Instant now) {
        boolean same = result.email() != null && normal(result.email()).equals(normal(r.email()));
        List<String> names = result.attributeNames().stream()
                .filter(n -> n != null && n.matches("[a-z_]{1,40}"))
                .distinct()
                .sorted()
                .toList();
        ShareState state = same ? ShareState.PASSED : ShareState.EMAIL_MISMATCH;
        if (!store.conclude(row.id(), state, result.receiptId(), String.join(",", names), now)) {
            // Another request concluded it a moment ago: answer from what it kept.
            return check(r);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", provider.name());
        details.put("receipt_id", result.receiptId());
        details.put("attributes", String.join(",", names));
        audit.record(
                r.envelopeId(),
                same ? "yoti_share_passed" : "yoti_share_email_mismatch",
                actor(r.recipientId()),
                details);
        return new Check(same ? Outcome.PASSED : Outcome.EMAIL_MISMATCH, result.receiptId(), names);
    }

    private int triesLeft(UUID recipientId) {
        return Math.max(0, MAX_REFUSALS - store.refusals(recipientId));
    }

    private static String lastOutcome(Optional<YotiShareStore.Row> newest) {
        return newest.filter(row -> !row.state().open())
                .map(row -> row.state().name())
                .orElse(null);
    }

    private static String normal(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private static List<String> names(String attributes) {
        return attributes == null || attributes.isBlank() ? List.of() : List.of(attributes.split(","));
    }

    private void unavailable(ShareRecipient r, YotiShareProvider provider, String while_) {
        audit.record(
                r.envelopeId(),
                "yoti_share_provider_unavailable",
                actor(r.recipientId()),
                Map.of("provider", provider.name(), "while", while_));
    }

    private Optional<YotiShareProvider> provider(boolean sandboxMode) {
        String wanted = sandboxMode ? SandboxShareProvider.NAME : YotiDigitalIdProvider.NAME;
        return providers.stream()
                .filter(p -> p.name().equals(wanted) && p.configured())
                .findFirst();
    }

    private YotiShareProvider byName(String name) {
        return providers.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No Yoti auth provider named " + name));
    }

    private static String actor(UUID recipientId) {
        return "recipient:" + recipientId;
    }
}
