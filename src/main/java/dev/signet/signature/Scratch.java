package dev.signet.signature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private working directory for documents too large to handle in the heap, removed with everything
 * in it. The directory is made when the first file is named, so a scratch that a small document
 * never needs costs nothing.
 */
public final class Scratch implements AutoCloseable {
    private Path dir;

    public Path path(String name) {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("signet-pdf-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir.resolve(name);
    }

    public Path write(String name, byte[] content) throws IOException {
        return Files.write(path(name), content);
    }

    @Override
    public void close() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless; the OS cleans it.
        }
    }
}
