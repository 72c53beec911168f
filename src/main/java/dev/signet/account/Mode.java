package dev.signet.account;

import java.util.Locale;

/** Live and sandbox data never see each other; the API key's prefix selects the mode. */
public enum Mode {
    LIVE("sk_live_"),
    SANDBOX("sk_sandbox_");

    private final String keyPrefix;

    Mode(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Mode fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
