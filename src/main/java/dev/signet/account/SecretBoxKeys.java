package dev.signet.account;

import java.nio.file.Path;

/** Where {@link SecretBox} keeps its key when none is configured. */
final class SecretBoxKeys {

    private SecretBoxKeys() {}

    /** The key in {@code <dataDir>/secrets.key}, made on first call: 32 random bytes, base64url, owner-only. */
    static String kept(Path dataDir) {
        return Secrets.keptInFile(dataDir.resolve(SecretBox.KEY_FILE), 32);
    }
}
