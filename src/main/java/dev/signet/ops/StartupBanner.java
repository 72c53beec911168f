package dev.signet.ops;

import dev.signet.SignetProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/** Tells whoever started Signet where things are. */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final SignetProperties properties;

    StartupBanner(SignetProperties properties) {
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        if (properties.embedded()) {
            log.info(
                    "Signet is running in embedded mode at {} — API under /v2, local mailbox at /outbox,"
                            + " Cockpit at /camunda (user admin, password in {}/{})",
                    properties.publicUrl(),
                    properties.dataDir(),
                    AdminPassword.FILE_NAME);
        } else if (!StringUtils.hasText(properties.adminPassword())) {
            log.warn("SIGNET_ADMIN_PASSWORD is not set: no Cockpit admin user was created, and Camunda's "
                    + "first-admin setup stays closed");
        } else {
            log.info("Signet is running at {}", properties.publicUrl());
        }
    }
}
