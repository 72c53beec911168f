package dev.signet.account;

import dev.signet.SignetProperties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * First start: makes the first organisation and a sandbox key so a new user can call the API at
 * once. The key is {@code SIGNET_BOOTSTRAP_API_KEY} when set, otherwise generated and printed once.
 */
@Component
@Order(10)
class Bootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final AccountService accounts;
    private final SignetProperties properties;

    Bootstrap(AccountService accounts, SignetProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        String configured = properties.bootstrapApiKey();
        boolean firstStart = !accounts.anyOrganisation();
        if (!firstStart && (!StringUtils.hasText(configured) || accounts.keyExists(configured))) {
            return;
        }
        UUID organisation = firstStart
                ? accounts.createOrganisation("Default organisation", null)
                : accounts.firstOrganisation().orElseThrow();
        if (StringUtils.hasText(configured)) {
            accounts.registerApiKey(organisation, configured);
            log.info("Registered the API key from SIGNET_BOOTSTRAP_API_KEY for organisation {}", organisation);
        } else {
            String key = accounts.createApiKey(organisation, Mode.SANDBOX);
            // Printed once, on the first start: only its hash is stored, so it cannot be shown again.
            log.info("""

                    ============================================================
                     Signet sandbox API key (shown once, keep it):
                       {}
                    ============================================================""", key);
        }
    }
}
