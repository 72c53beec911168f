package dev.signet.signing;

import java.util.UUID;

/**
 * Where a recipient stands in Yoti auth ({@code sign-auth}), as their process says: the workflow
 * answers, so the pages and the process can never disagree.
 */
public interface ShareGate {

    /** True from the decision until the recipient shared their Yoti-verified email. */
    boolean pending(UUID recipientId);

    /** True while the process waits at "Share with Yoti": a passed share may complete it. */
    boolean waiting(UUID recipientId);
}
