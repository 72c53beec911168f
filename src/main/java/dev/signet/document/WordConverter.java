package dev.signet.document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns DOC and DOCX into PDF with LibreOffice, headless, when it is installed. Each conversion
 * gets its own LibreOffice profile directory, so conversions can run side by side and one stuck
 * conversion cannot block the next.
 */
@Component
public class WordConverter {

    private final String command;
    private final long timeoutSeconds;
    private volatile Boolean available;

    WordConverter(
            @Value("${signet.libreoffice.command:soffice}") String command,
            @Value("${signet.libreoffice.timeout-seconds:120}") long timeoutSeconds) {
        this.command = command;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Whether LibreOffice can be run here; asked once. */
    public boolean available() {
        if (available == null) {
            available = probe();
        }
        return available;
    }

    private boolean probe() {
        try {
            Process process = new ProcessBuilder(command, "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @throws ConversionFailed when LibreOffice cannot make a PDF of it (WORD_DOC_CONV_ERROR) */
    public byte[] toPdf(byte[] word, FileType type) {
        Path work = null;
        try {
            work = Files.createTempDirectory("signet-convert-");
            Path input = work.resolve(type == FileType.DOC ? "document.doc" : "document.docx");
            Files.write(input, word);
            Process process = new ProcessBuilder(
                            command,
                            "--headless",
                            "--norestore",
                            "--nolockcheck",
                            "-env:UserInstallation=" + work.resolve("profile").toUri(),
                            "--convert-to",
                            "pdf",
                            "--outdir",
                            work.toString(),
                            input.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("log.txt").toFile())
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ConversionFailed("LibreOffice took longer than " + timeoutSeconds + " s");
            }
            Path output = work.resolve("document.pdf");
            if (process.exitValue() != 0 || !Files.isRegularFile(output) || Files.size(output) == 0) {
                throw new ConversionFailed("LibreOffice could not convert the document");
            }
            return Files.readAllBytes(output);
        } catch (IOException e) {
            throw new ConversionFailed("LibreOffice could not be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConversionFailed("Interrupted");
        } finally {
            deleteQuietly(work);
        }
    }

    public static final class ConversionFailed extends RuntimeException {
        ConversionFailed(String message) {
            super(message);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temp directory left behind is cleaned by the OS
        }
    }
}
