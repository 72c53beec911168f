package dev.signet.portal;

import dev.signet.SignetProperties;
import dev.signet.account.AccountService;
import dev.signet.account.Secrets;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

/**
 * Embedded mode's first portal admin, made like the first API key: on a start that finds the first
 * organisation without an active admin, a user {@code signet.portal.admin-email} with
 * {@code SIGNET_PORTAL_ADMIN_PASSWORD}, or a generated password printed once (only its hash is
 * kept). Outside embedded mode the same happens only when that password is set.
 */
@Component
@Order(20)
class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final AccountService accounts;
    private final PortalUsers users;
    private final Passwords passwords;
    private final PortalProperties portal;
    private final SignetProperties properties;

    FirstAdmin(
            AccountService accounts,
            PortalUsers users,
            Passwords passwords,
            PortalProperties portal,
            SignetProperties properties) {
        this.accounts = accounts;
        this.users = users;
        this.passwords = passwords;
        this.portal = portal;
        this.properties = properties;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        boolean configured = StringUtils.hasText(portal.adminPassword());
        if (!properties.embedded() && !configured) {
            return;
        }
        Optional<UUID> organisation = accounts.firstOrganisation();
        if (organisation.isEmpty() || users.anyAdmin(organisation.get())) {
            return;
        }
        String email = StringUtils.hasText(portal.adminEmail()) ? portal.adminEmail() : "admin@signet.localhost";
        if (users.byEmail(email).isPresent()) {
            log.warn("The portal's first admin {} exists but is not an active admin; left as it is", email);
            return;
        }
        if (configured && Passwords.problem(portal.adminPassword(), portal.adminPassword()) != null) {
            throw new IllegalStateException("SIGNET_PORTAL_ADMIN_PASSWORD needs " + Passwords.MIN_LENGTH + " to "
                    + Passwords.MAX_LENGTH + " characters");
        }
        String password = configured ? portal.adminPassword() : Secrets.random(15);
        users.create(organisation.get(), email, Role.ADMIN, passwords.hash(password));
        if (configured) {
            log.info("Created the portal's first admin {} with the password from SIGNET_PORTAL_ADMIN_PASSWORD", email);
        } else {
            log.info("""

                    ============================================================
                     Signet portal admin (password shown once, keep it):
                       {}/portal  user {}  password {}
                    ============================================================""", properties.publicUrl(), email, password);
        }
    }
}
