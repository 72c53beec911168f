package dev.signet.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's command-line PDF tools (qpdf, poppler-utils), as a second opinion on what iText wrote. */
final class Tools {

    private Tools() {}

    /** Fails the test unless {@code qpdf --check} finds no error and no warning. */
    static void assertQpdfClean(byte[] pdf) {
        Result r = run(pdf, "qpdf", "--check");
        assertThat(r.exit()).as("qpdf --check:\n" + r.output()).isZero();
        assertThat(r.output())
                .as("qpdf --check")
                .contains("No syntax or stream encoding errors found")
                .doesNotContainIgnoringCase("warning");
    }

    static String pdftotextLayout(byte[] pdf) {
        Result r = run(pdf, "pdftotext", "-layout", "-enc", "UTF-8", "FILE", "-");
        assertThat(r.exit()).as("pdftotext:\n" + r.output()).isZero();
        return r.output();
    }

    record Result(int exit, String output) {}

    /** Runs a tool on the document; the argument FILE stands for it, and it goes last if absent. */
    static Result run(byte[] pdf, String... command) {
        try {
            Path file = Files.createTempFile("signet-tagging", ".pdf");
            try {
                Files.write(file, pdf);
                List<String> args = new ArrayList<>();
                boolean placed = false;
                for (String arg : command) {
                    if (arg.equals("FILE")) {
                        args.add(file.toString());
                        placed = true;
                    } else {
                        args.add(arg);
                    }
                }
                if (!placed) {
                    args.add(file.toString());
                }
                Process process =
                        new ProcessBuilder(args).redirectErrorStream(true).start();
                byte[] output = process.getInputStream().readAllBytes();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(command[0] + " did not finish");
                }
                return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + " (Debian: qpdf, poppler-utils)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
