package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** poppler-utils (and NSS's certutil) as independent judges of Signet's PDFs. */
public final class Poppler {

    private Poppler() {}

    /** pdfsig's report on a PDF, with Signet's root trusted in a fresh NSS store. */
    public static String pdfsig(Path dir, Path pdf, X509Certificate root) throws Exception {
        Path nss = Files.createDirectories(dir.resolve("nss-" + UUID.randomUUID()));
        Path pem = nss.resolve("root.pem");
        Files.writeString(
                pem,
                "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(root.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
        run("certutil", "-N", "-d", "sql:" + nss, "--empty-password");
        run("certutil", "-A", "-d", "sql:" + nss, "-n", "signet-root", "-t", "CT,C,C", "-i", pem.toString());
        // No -no-ocsp: poppler 22.12 then reports "Unknown issue with Certificate" for any chain.
        // Nothing goes online without it either: Signet's certificates name no OCSP responder.
        return run("pdfsig", "-nssdir", "sql:" + nss, pdf.toString());
    }

    /** The text of a PDF as pdftotext lays it out. */
    public static String text(Path dir, byte[] pdf) throws Exception {
        Path file = Files.write(dir.resolve("text-" + UUID.randomUUID() + ".pdf"), pdf);
        return run("pdftotext", "-layout", file.toString(), "-");
    }

    public static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + "\n" + out)
                .isZero();
        return out;
    }

    public static int count(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
