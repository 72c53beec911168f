package dev.signet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The machine the figures were taken on: cores, memory, CPU model. */
record Machine(int cores, long memoryMb, String cpuModel, String java) {

    static Machine describe() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                memTotalMb(),
                field(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    }

    private static long memTotalMb() {
        return field(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> Long.parseLong(v.replaceAll("[^0-9]", "")) / 1024)
                .orElse(-1L);
    }

    private static Optional<String> field(Path file, String name) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> l.startsWith(name))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return cores + " cores (nproc), " + memoryMb + " MB RAM, " + cpuModel + ", " + java;
    }
}
