package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import dev.signet.SignetProperties;
import dev.signet.account.Mode;
import dev.signet.account.StoredSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The generated keystore's password is not kept beside the keystore (issue 11, point 12): a copy of
 * {@code <data-dir>/pki} alone must not open Signet's keys.
 */
class GeneratedKeystorePasswordTest extends SignetIntegrationTest {

    @Autowired
    SignetProperties signet;

    @Autowired
    StoredSecrets secrets;

    @Autowired
    KeyProvider keys;

    @TempDir
    Path dir;

    @Test
    void thePkiDirectoryHoldsTheKeystoreButNotItsPassword() throws Exception {
        Path pki = signet.dataDir().resolve("pki");
        assertThat(pki.resolve(SignatureConfiguration.GENERATED_KEYSTORE)).exists();
        try (var files = Files.list(pki)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactly(SignatureConfiguration.GENERATED_KEYSTORE);
        }
        String stored = secrets.find(GeneratedKeystorePassword.NAME).orElseThrow();
        X509Certificate root = Pkcs12KeyProvider.load(
                        pki.resolve(SignatureConfiguration.GENERATED_KEYSTORE), stored.toCharArray())
                .key(Mode.LIVE, KeyRole.CA)
                .certificate();
        assertThat(root).isEqualTo(keys.key(Mode.LIVE, KeyRole.CA).certificate());
    }

    @Test
    void anEarlierDataDirectoryIsMovedOnStartWithoutLosingTheKeys() throws Exception {
        Path keystore = dir.resolve(SignatureConfiguration.GENERATED_KEYSTORE);
        Path legacy =
                Files.writeString(dir.resolve(SignatureConfiguration.GENERATED_PASSWORD), "legacy-password-1234\n");
        X509Certificate before = Pkcs12KeyProvider.loadOrGenerate(
                        keystore, "legacy-password-1234".toCharArray(), "Test", "http://signet.test", Clock.systemUTC())
                .key(Mode.LIVE, KeyRole.SEAL)
                .certificate();
        String name = "test." + UUID.randomUUID();

        char[] password = GeneratedKeystorePassword.of(keystore, legacy, secrets, name);

        assertThat(legacy).doesNotExist();
        assertThat(secrets.find(name)).contains("legacy-password-1234");
        assertThat(Pkcs12KeyProvider.load(keystore, password)
                        .key(Mode.LIVE, KeyRole.SEAL)
                        .certificate())
                .isEqualTo(before);
        // The next start finds it in the database.
        assertThat(GeneratedKeystorePassword.of(keystore, legacy, secrets, name))
                .isEqualTo(password);
    }

    @Test
    void aPasswordFileThatDoesNotOpenTheKeystoreIsLeftAlone() throws Exception {
        Path keystore = dir.resolve(SignatureConfiguration.GENERATED_KEYSTORE);
        Pkcs12KeyProvider.loadOrGenerate(
                keystore, "the-real-password-123".toCharArray(), "Test", "http://signet.test", Clock.systemUTC());
        Path legacy =
                Files.writeString(dir.resolve(SignatureConfiguration.GENERATED_PASSWORD), "some-other-password\n");
        String name = "test." + UUID.randomUUID();
        secrets.keep(name, () -> "the-real-password-123");

        assertThat(GeneratedKeystorePassword.of(keystore, legacy, secrets, name))
                .isEqualTo("the-real-password-123".toCharArray());
        assertThat(legacy).exists();
    }

    /** A second data directory on the same database (another node, a test's own) must not take the first one's keys away. */
    @Test
    void anEarlierDataDirectoryNeverReplacesAPasswordAlreadyStored() throws Exception {
        Path keystore = dir.resolve(SignatureConfiguration.GENERATED_KEYSTORE);
        Pkcs12KeyProvider.loadOrGenerate(
                keystore, "old-directory-password".toCharArray(), "Test", "http://signet.test", Clock.systemUTC());
        Path legacy =
                Files.writeString(dir.resolve(SignatureConfiguration.GENERATED_PASSWORD), "old-directory-password\n");
        String name = "test." + UUID.randomUUID();
        secrets.keep(name, () -> "first-directory-password");

        char[] password = GeneratedKeystorePassword.of(keystore, legacy, secrets, name);

        assertThat(password).isEqualTo("old-directory-password".toCharArray());
        assertThat(secrets.find(name)).contains("first-directory-password");
        assertThat(legacy).exists();
    }
}
