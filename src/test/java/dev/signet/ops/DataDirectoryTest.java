package dev.signet.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Signet keeps in its data directory is readable by its own account only (issue 11, point 12). */
class DataDirectoryTest {

    @TempDir
    Path parent;

    @Test
    void anExistingWorldReadableDataDirectoryIsMadeOwnerOnlyThroughout() throws Exception {
        Path dir = Files.createDirectories(
                        parent.resolve("data/db"),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")))
                .getParent();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path database = Files.writeString(dir.resolve("db/signet.mv.db"), "h2");
        Path password = Files.writeString(dir.resolve("admin-password"), "secret");
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-rw-rw-"));

        DataDirectory.secure(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("db"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(database)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password)))
                .isEqualTo("rw-------");
    }

    @Test
    void aMissingDataDirectoryIsCreatedOwnerOnlyBeforeTheDatabaseOpens() throws Exception {
        Path dir = parent.resolve("fresh/data");

        DataDirectory.closeDirectory(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
    }
}
