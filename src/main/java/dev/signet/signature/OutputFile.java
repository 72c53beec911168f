package dev.signet.signature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a result next to its destination and moves it into place only once complete, so a failed
 * signature (a TSA that did not answer) never leaves a file that looks like a result. Also owns
 * iText's scratch file, which keeps the revision being signed on disk rather than in the heap.
 */
final class OutputFile implements AutoCloseable {

    private final Path target;
    private final Path partial;
    private Path scratch;
    private boolean committed;

    OutputFile(Path target) {
        this.target = target.toAbsolutePath();
        try {
            Path directory = this.target.getParent();
            Files.createDirectories(directory);
            this.partial = Files.createTempFile(directory, "." + this.target.getFileName(), ".partial");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write next to " + target, e);
        }
    }

    Path partial() {
        return partial;
    }

    /** Created on first use: a small document is signed in memory and never needs one. */
    String scratch() throws IOException {
        if (scratch == null) {
            scratch = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".scratch");
        }
        return scratch.toString();
    }

    void commit() throws IOException {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    @Override
    public void close() {
        try {
            if (scratch != null) {
                Files.deleteIfExists(scratch);
            }
            if (!committed) {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
