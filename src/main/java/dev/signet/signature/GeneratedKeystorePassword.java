package dev.signet.signature;

import dev.signet.account.Secrets;
import dev.signet.account.StoredSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The password of the keystore Signet generates when none is configured: random, and kept in the
 * database (table {@code stored_secret}), not in {@code <data-dir>/pki} beside the keystore, so a
 * copy of the pki files alone (a backup, a volume snapshot, a mistaken mount) does not open Signet's
 * keys. An operator who wants the keys bound to a secret of their own sets
 * {@code SIGNET_PKI_KEYSTORE_PASSWORD}, and nothing is stored.
 *
 * <p>A data directory from an earlier version keeps the password in {@code pki/keystore-password}.
 * It is moved on start: checked against the keystore, stored in the database, and only then is the
 * file deleted, so a crash at any point loses nothing.
 */
final class GeneratedKeystorePassword {

    static final String NAME = "pki.keystore-password";
    private static final Logger log = LoggerFactory.getLogger(GeneratedKeystorePassword.class);

    private GeneratedKeystorePassword() {}

    static char[] of(Path keystore, Path legacyFile, StoredSecrets secrets) {
        return of(keystore, legacyFile, secrets, NAME);
    }

    static char[] of(Path keystore, Path legacyFile, StoredSecrets secrets, String name) {
        if (Files.exists(legacyFile)) {
            String legacy = read(legacyFile);
            if (!Files.exists(keystore) || opens(keystore, legacy)) {
                // keep, never put: a password already stored belongs to a keystore that opens with it
                // (another node's, another data directory's), and replacing it would lock that one out.
                if (!secrets.keep(name, () -> legacy).equals(legacy)) {
                    log.warn("The database holds another keystore password; {} is left where it is", legacyFile);
                    return legacy.toCharArray();
                }
                delete(legacyFile);
                log.info("Moved the keystore password from {} into the database", legacyFile);
                return legacy.toCharArray();
            }
            log.warn("{} does not open {}; it is left where it is", legacyFile, keystore);
        }
        return secrets.keep(name, () -> Secrets.random(24)).toCharArray();
    }

    static boolean opens(Path keystore, String password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore.getInstance("PKCS12").load(in, password.toCharArray());
            return true;
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + file + " after storing its password", e);
        }
    }
}
