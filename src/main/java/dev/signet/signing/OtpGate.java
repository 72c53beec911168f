package dev.signet.signing;

import java.util.UUID;

/**
 * Whether a recipient still has a one-time password to pass before they may see their documents.
 * The recipient process decides it (its table, then the "Enter one-time password" task); the
 * workflow answers, so the pages and the process can never disagree.
 */
public interface OtpGate {

    /** True while the recipient's process waits for their one-time password. */
    boolean pending(UUID recipientId);
}
