package dev.signet;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything Signet reads from configuration, under {@code signet.*}. Secrets come from the
 * environment (see application.yml); nothing secret has a default outside embedded mode.
 *
 * @param embedded true in the zero set-up mode: H2, mail kept in the outbox, generated secrets
 * @param publicUrl the base URL recipients reach Signet at; signing links start with it
 * @param nodeName this node's name in the job locks it takes (see {@code workflow.engine.JobLockOwner}); empty: anonymous
 * @param adminSetupOpen true to let Camunda's first-admin setup page create an admin (closed by default)
 */
@ConfigurationProperties("signet")
public record SignetProperties(
        Path dataDir,
        @DefaultValue("true") boolean embedded,
        String publicUrl,
        String bootstrapApiKey,
        String adminPassword,
        Mail mail,
        Outbox outbox,
        String nodeName,
        @DefaultValue("false") boolean adminSetupOpen) {

    public record Mail(String from, @DefaultValue("false") boolean deliver) {}

    /**
     * @param schedule false to leave dispatching to whoever calls it (tests do)
     * @param lease how long a dispatcher holds a message it is sending; a node that dies holding one
     *     delays it by this much. Longer than the slowest send (SMTP's time-outs), or a slow send may
     *     be taken over and sent twice.
     */
    public record Outbox(
            @DefaultValue("true") boolean schedule,
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("6") int maxAttempts,
            @DefaultValue("30s") Duration firstRetry,
            @DefaultValue("50") int batchSize,
            @DefaultValue("2m") Duration lease) {}

    public String publicUrl() {
        return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }
}
