package dev.signet.signing;

import java.util.UUID;

/**
 * Where a recipient stands in identity verification, as their process says: the workflow answers,
 * so the pages and the process can never disagree.
 */
public interface IdvGate {

    /** True from the decision until a result allows signing, for a verification before viewing. */
    boolean pendingBeforeViewing(UUID recipientId);

    /** True while the process waits at "Verify identity": a session may be started or resumed. */
    boolean waitingForSession(UUID recipientId);
}
