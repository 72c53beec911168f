package dev.signet.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

    private static final String KEY = Secrets.random(32);

    @Test
    void aSealedSecretOpensOnlyForItsContext() {
        SecretBox box = new SecretBox(KEY, List.of());
        String sealed = box.seal("whsec_abc", "webhook_endpoint.secret:1");

        assertThat(sealed).startsWith("sb1:").doesNotContain("whsec_abc");
        assertThat(SecretBox.isSealed(sealed)).isTrue();
        assertThat(box.open(sealed, "webhook_endpoint.secret:1")).isEqualTo("whsec_abc");
        assertThat(box.seal("whsec_abc", "webhook_endpoint.secret:1"))
                .as("a fresh nonce each time")
                .isNotEqualTo(sealed);
        assertThatThrownBy(() -> box.open(sealed, "webhook_endpoint.secret:2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another row");
    }

    @Test
    void anAlteredValueDoesNotOpen() {
        SecretBox box = new SecretBox(KEY, List.of());
        String sealed = box.seal("seed", "portal_user.totp:1");
        char last = sealed.charAt(sealed.length() - 2);
        String altered = sealed.substring(0, sealed.length() - 2)
                + (last == 'A' ? 'B' : 'A')
                + sealed.charAt(sealed.length() - 1);

        assertThatThrownBy(() -> box.open(altered, "portal_user.totp:1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRetiredKeyStillOpensAndTheNewKeySeals() {
        SecretBox old = new SecretBox(KEY, List.of());
        String sealedBefore = old.seal("seed", "c");
        String newKey = Base64.getEncoder().encodeToString(new byte[32]).replace("AAAA", "AbCd");
        SecretBox rotated = new SecretBox(newKey, List.of(KEY));

        assertThat(rotated.open(sealedBefore, "c")).isEqualTo("seed");
        assertThat(rotated.sealedWithOlderKey(sealedBefore)).isTrue();
        assertThat(rotated.sealedWithOlderKey(rotated.seal("seed", "c"))).isFalse();
        assertThatThrownBy(() -> new SecretBox(newKey, List.of()).open(sealedBefore, "c"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not configured");
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedAtStart() {
        assertThatThrownBy(() -> new SecretBox(Secrets.random(16), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void withNoKeyConfiguredOneIsKeptInTheDataDirectoryForOwnerOnly(@TempDir Path dataDir) throws Exception {
        String kept = SecretBoxKeys.kept(dataDir);
        Path file = dataDir.resolve(SecretBox.KEY_FILE);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(SecretBoxKeys.kept(dataDir))
                .as("the same key on the next start")
                .isEqualTo(kept);
        String sealed = new SecretBox(kept, List.of()).seal("x", "c");
        assertThat(new SecretBox(SecretBoxKeys.kept(dataDir), List.of()).open(sealed, "c"))
                .isEqualTo("x");
    }
}
