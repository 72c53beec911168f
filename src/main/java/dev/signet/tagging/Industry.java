package dev.signet.tagging;

import java.util.Arrays;
import java.util.Optional;

/** The {@code autotagging} option: which role letters anchors may use (reference §3). */
public enum Industry {
    GENERAL("S"),
    REAL_ESTATE("TLAGC"),
    ALL("STLAGC");

    private final String roles;

    Industry(String roles) {
        this.roles = roles;
    }

    public boolean allows(char role) {
        return roles.indexOf(role) >= 0;
    }

    /** The industry named by the option's value ({@code GENERAL}, {@code REAL_ESTATE}, {@code ALL}). */
    public static Optional<Industry> fromOption(String value) {
        return Arrays.stream(values()).filter(i -> i.name().equals(value)).findFirst();
    }
}
