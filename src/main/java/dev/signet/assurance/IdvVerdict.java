package dev.signet.assurance;

/** What a recipient's latest identity session means for signing, as the recipient process reads it. */
public enum IdvVerdict {
    /** The provider gave no final answer yet (down, or still checking): ask again later. */
    UNANSWERED,
    /** Approved, and the verified name is the recipient's. */
    PASSED,
    /** Failed, but {@code blocks_signing} lacks {@code deadend_errors}: recorded, and the signer goes on. */
    FAILED_MAY_SIGN,
    /** Failed, and {@code deadend_errors} blocks signing: the signer tries again within the limit. */
    FAILED_BLOCKS;

    public boolean answered() {
        return this != UNANSWERED;
    }

    public boolean maySign() {
        return this == PASSED || this == FAILED_MAY_SIGN;
    }
}
