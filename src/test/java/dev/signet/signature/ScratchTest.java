package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A scratch directory exists only once a file is named in it, and goes with its files on close. */
class ScratchTest {

    @Test
    void aScratchThatNamesNoFileMakesNoDirectory() throws Exception {
        Path probe;
        try (Scratch used = new Scratch()) {
            probe = used.path("probe").getParent();
        }
        Path temp = probe.getParent();
        long before = countScratchDirectories(temp);
        try (Scratch unused = new Scratch()) {
            assertThat(countScratchDirectories(temp)).isEqualTo(before);
        }
        assertThat(countScratchDirectories(temp)).isEqualTo(before);
    }

    @Test
    void aUsedScratchIsRemovedWithItsFiles() throws Exception {
        Path file;
        try (Scratch scratch = new Scratch()) {
            file = scratch.write("in.pdf", new byte[] {1, 2, 3});
            assertThat(file).exists().hasBinaryContent(new byte[] {1, 2, 3});
        }
        assertThat(file).doesNotExist();
        assertThat(file.getParent()).doesNotExist();
    }

    private static long countScratchDirectories(Path temp) throws Exception {
        try (var entries = Files.list(temp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("signet-pdf-"))
                    .count();
        }
    }
}
