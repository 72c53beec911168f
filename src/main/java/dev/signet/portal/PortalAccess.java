package dev.signet.portal;

import dev.signet.SignetProperties;
import dev.signet.account.AccountService;
import dev.signet.notification.Notifications;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may come in and what an admin may change: login with its throttle and lock, invitations,
 * password resets and the single-use links both send, roles and deactivation. Every change to a
 * user is checked against the acting admin's organisation: another organisation's user is unknown.
 */
@Service
class PortalAccess {

    /** Wrong passwords in a row that lock an account, and for how long. */
    static final int LOCK_AFTER = 5;

    static final Duration LOCK_FOR = Duration.ofMinutes(15);
    static final Duration INVITE_VALID = Duration.ofDays(7);
    static final Duration RESET_VALID = Duration.ofHours(1);

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");
    private static final DateTimeFormatter EXPIRY =
            DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH);

    private final PortalUsers users;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final Notifications notifications;
    private final AccountService accounts;
    private final SignetProperties properties;
    private final SsoSettings sso;

    PortalAccess(
            PortalUsers users,
            Passwords passwords,
            LoginThrottle throttle,
            Notifications notifications,
            AccountService accounts,
            SignetProperties properties,
            SsoSettings sso) {
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
        this.notifications = notifications;
        this.accounts = accounts;
        this.properties = properties;
        this.sso = sso;
    }

    sealed interface Login {
        record Success(PortalUser user) implements Login {}

        /** Wrong address, wrong password, no password yet, deactivated or locked: one answer for all. */
        record Refused() implements Login {}

        record Throttled(long retryAfterSeconds) implements Login {}

        /** The password was right and the user has TOTP: a code (or a recovery code) must follow. */
        record SecondFactor(PortalUser user) implements Login {}

        /**
         * The password was right, but the user's organisation has its senders and viewers sign in
         * through its identity provider only ({@link SsoSettings}); said only after a right password.
         */
        record SingleSignOnOnly(UUID organisationId) implements Login {}
    }

    static final int RECOVERY_CODES = 10;

    @Transactional
    Login login(String email, String password, String client) {
        String address = email == null ? "" : email;
        OptionalLong wait = throttle.login(client, address);
        if (wait.isPresent()) {
            return new Login.Throttled(wait.getAsLong());
        }
        Optional<PortalUser> user = address.length() <= 320 ? users.byEmail(address) : Optional.empty();
        Optional<PortalUsers.Credentials> credentials = user.flatMap(u -> users.credentials(u.id()));
        boolean matches = passwords.matches(
                password, credentials.map(PortalUsers.Credentials::passwordHash).orElse(null));
        if (user.isEmpty() || !user.get().active()) {
            return new Login.Refused();
        }
        OffsetDateTime lockedUntil = credentials.get().lockedUntil();
        if (lockedUntil != null && lockedUntil.isAfter(OffsetDateTime.now(ZoneOffset.UTC))) {
            return new Login.Refused();
        }
        if (!matches) {
            users.recordFailure(user.get().id(), LOCK_AFTER, LOCK_FOR);
            return new Login.Refused();
        }
        if (!sso.passwordLoginAllowed(user.get())) {
            return new Login.SingleSignOnOnly(user.get().organisationId());
        }
        if (users.totp(user.get().id()).enabled()) {
            return new Login.SecondFactor(user.get());
        }
        users.recordSuccess(user.get().id());
        return new Login.Success(user.get());
    }

    /**
     * The second step of a login with TOTP: a code of the authenticator app, or one of the recovery
     * codes. Throttled and counted towards the lock like a password.
     */
    @Transactional
    Login secondFactor(UUID userId, String code, String client) {
        Optional<PortalUser> user = users.find(userId).filter(PortalUser::active);
        if (user.isEmpty()) {
            return new Login.Refused();
        }
        OptionalLong wait = throttle.login(client, user.get().email());
        if (wait.isPresent()) {
            return new Login.Throttled(wait.getAsLong());
        }
        OffsetDateTime lockedUntil = users.credentials(userId).orElseThrow().lockedUntil();
        if (lockedUntil != null && lockedUntil.isAfter(OffsetDateTime.now(ZoneOffset.UTC))) {
            return new Login.Refused();
        }
        if (!codeAccepted(userId, code)) {
            users.recordFailure(userId, LOCK_AFTER, LOCK_FOR);
            return new Login.Refused();
        }
        users.recordSuccess(userId);
        return new Login.Success(user.get());
    }

    private boolean codeAccepted(UUID userId, String code) {
        PortalUsers.TotpState totp = users.totp(userId);
        if (!totp.enabled() || code == null || code.length() > 64) {
            return false;
        }
        OptionalLong step = Totp.verify(totp.secret(), code, java.time.Instant.now(), totp.lastStep());
        if (step.isPresent()) {
            return users.takeStep(userId, step.getAsLong());
        }
        return users.useRecoveryCode(userId, dev.signet.account.Secrets.sha256Hex(code.trim()));
    }

    /** Starts TOTP enrolment: a new secret, not in use until {@link #confirmTotp}. */
    @Transactional
    String startTotp(PortalUser user) {
        String secret = Totp.newSecret();
        users.startTotp(user.id(), secret);
        return secret;
    }

    /**
     * Confirms enrolment with a code from the app: TOTP is in use from now on, and the recovery codes
     * are returned, the only time they exist in plain. Empty when the code does not match.
     */
    @Transactional
    Optional<java.util.List<String>> confirmTotp(PortalUser user, String code) {
        PortalUsers.TotpState totp = users.totp(user.id());
        if (totp.secret() == null || totp.enabled()) {
            return Optional.empty();
        }
        OptionalLong step = Totp.verify(totp.secret(), code, java.time.Instant.now(), totp.lastStep());
        if (step.isEmpty() || !users.takeStep(user.id(), step.getAsLong())) {
            return Optional.empty();
        }
        java.util.List<String> codes = new java.util.ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            codes.add(dev.signet.account.Secrets.random(8));
        }
        users.enableTotp(
                user.id(),
                codes.stream().map(dev.signet.account.Secrets::sha256Hex).toList());
        return Optional.of(codes);
    }

    /** Turns TOTP off, with a current code (or a recovery code) as proof. */
    @Transactional
    boolean disableTotp(PortalUser user, String code) {
        if (!codeAccepted(user.id(), code)) {
            return false;
        }
        users.disableTotp(user.id());
        return true;
    }

    boolean totpEnabled(PortalUser user) {
        return users.totp(user.id()).enabled();
    }

    /** The secret while enrolment waits for its confirming code; empty otherwise. */
    Optional<String> pendingTotpSecret(PortalUser user) {
        PortalUsers.TotpState totp = users.totp(user.id());
        return totp.secret() != null && !totp.enabled() ? Optional.of(totp.secret()) : Optional.empty();
    }

    /**
     * Sends a reset link when the address belongs to an active user; says nothing either way, so the
     * page answers the same. Throttled: empty when it went ahead (or silently did nothing).
     */
    @Transactional
    OptionalLong requestReset(String email, String client, Locale locale) {
        String address = email == null ? "" : email;
        OptionalLong wait = throttle.reset(client, address);
        if (wait.isPresent()) {
            return wait;
        }
        if (address.length() <= 320) {
            users.byEmail(address).filter(PortalUser::active).ifPresent(user -> {
                String token = users.issueToken(user.id(), PortalUsers.Purpose.RESET, RESET_VALID);
                mail(user, "PORTAL_RESET", token, RESET_VALID, Map.of(), locale);
            });
        }
        return OptionalLong.empty();
    }

    /** Whether a password link is open (unused, unexpired, of an active user). */
    boolean linkOpen(String token) {
        return users.peek(token).isPresent();
    }

    /** Sets the password through a link, using the link up; empty when the link is not open. */
    @Transactional
    Optional<PortalUser> setPassword(String token, String password) {
        Optional<UUID> user = users.redeem(token);
        user.ifPresent(id -> users.setPassword(id, passwords.hash(password)));
        return user.flatMap(users::find);
    }

    sealed interface Invite {
        record Sent(UUID userId) implements Invite {}

        /** The message key of why not. */
        record Refused(String problem) implements Invite {}
    }

    @Transactional
    Invite invite(PortalUser admin, String email, String role, Locale locale) {
        requireAdmin(admin);
        String address = email == null ? "" : email.trim();
        if (address.length() > 320 || !EMAIL.matcher(address).matches()) {
            return new Invite.Refused("portal.users.invalidEmail");
        }
        Optional<Role> asked = role(role);
        if (asked.isEmpty()) {
            return new Invite.Refused("portal.users.invalidRole");
        }
        if (users.byEmail(address).isPresent()) {
            return new Invite.Refused("portal.users.exists");
        }
        UUID id;
        try {
            id = users.create(admin.organisationId(), address, asked.get(), null);
        } catch (DuplicateKeyException raced) {
            return new Invite.Refused("portal.users.exists");
        }
        PortalUser invited = users.find(id).orElseThrow();
        String token = users.issueToken(id, PortalUsers.Purpose.INVITE, INVITE_VALID);
        mail(
                invited,
                "PORTAL_INVITE",
                token,
                INVITE_VALID,
                Map.of("invitedBy", admin.email(), "role", asked.get().key()),
                locale);
        return new Invite.Sent(id);
    }

    /** Changes another user's role; false when the user is not in the admin's organisation or is the admin. */
    @Transactional
    boolean changeRole(PortalUser admin, UUID userId, String role) {
        requireAdmin(admin);
        Optional<Role> asked = role(role);
        Optional<PortalUser> user = users.inOrganisation(admin.organisationId(), userId);
        if (asked.isEmpty() || user.isEmpty() || user.get().id().equals(admin.id())) {
            return false;
        }
        users.setRole(userId, asked.get());
        return true;
    }

    @Transactional
    boolean deactivate(PortalUser admin, UUID userId) {
        requireAdmin(admin);
        Optional<PortalUser> user = users.inOrganisation(admin.organisationId(), userId);
        if (user.isEmpty() || user.get().id().equals(admin.id())) {
            return false;
        }
        users.deactivate(userId);
        return true;
    }

    /** The chain lets only admins reach these actions; this says so again where the change is made. */
    private static void requireAdmin(PortalUser admin) {
        if (admin.role() != Role.ADMIN || !admin.active()) {
            throw new org.springframework.security.access.AccessDeniedException("Only an admin may do this");
        }
    }

    private static Optional<Role> role(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(Role.parse(value));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    private void mail(
            PortalUser user, String kind, String token, Duration validFor, Map<String, Object> facts, Locale locale) {
        String organisation = accounts.organisation(user.organisationId())
                .map(AccountService.Organisation::name)
                .orElse("Signet");
        Map<String, Object> model = new java.util.HashMap<>(facts);
        model.put("link", properties.publicUrl() + "/portal/password/" + token);
        model.put("expiresAt", EXPIRY.format(OffsetDateTime.now(ZoneOffset.UTC).plus(validFor)));
        notifications.sendAccountEmail(user.organisationId(), organisation, kind, user.email(), model, locale);
    }
}
