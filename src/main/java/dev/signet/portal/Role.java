package dev.signet.portal;

import java.util.Locale;

/**
 * What a portal user may do in their organisation. A viewer reads; a sender also sends; an admin
 * also runs the organisation (its users, later its keys and settings).
 */
enum Role {
    ADMIN,
    SENDER,
    VIEWER;

    /** The Spring Security authority, {@code ROLE_ADMIN} and so on. */
    String authority() {
        return "ROLE_" + name();
    }

    boolean maySend() {
        return this == ADMIN || this == SENDER;
    }

    static Role parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
