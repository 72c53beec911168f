package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import dev.signet.document.BadPdfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** The public verify page over plain HTTP: no key, the report in words, both languages, limits. */
class VerifyPageHttpTest extends SignetIntegrationTest {

    @TempDir
    Path dir;

    @Autowired
    PadesSigning signing;

    @Autowired
    ClientRateLimit limit;

    private byte[] signedBySignet() throws Exception {
        Path prepared = TestPdfs.withSignatureFields(dir.resolve("prepared.pdf"), 1, "signer");
        Path signed = dir.resolve("signed.pdf");
        signing.sign(prepared, signed, SignerRequest.of(Mode.SANDBOX, "signer", SignatureFixture.signer("Paula Page")));
        return Files.readAllBytes(signed);
    }

    /** Every test here comes from 127.0.0.1: each starts with that client's minute unused. */
    @BeforeEach
    void freshLimit() {
        limit.clear();
    }

    private Api.Response upload(byte[] pdf, String query) {
        return api.multipart("/verify" + query, null, Map.of(), List.of(Api.Part.file("contract.pdf", pdf)));
    }

    @Test
    void anyoneGetsTheFormWithoutAKeyUnderAStrictPolicy() {
        Api.Response page = api.send(api.builder("/verify", null).GET());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text())
                .contains("Check a signed PDF", "type=\"file\"", "name=\"file\"")
                .doesNotContain("<script")
                .doesNotContain(" style=\"")
                .doesNotContain("onclick");
        assertThat(page.header("Content-Security-Policy"))
                .contains("default-src 'none'", "form-action 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "http");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(api.send(api.builder("/verify?lang=de", null).GET()).text())
                .contains("lang=\"de\"", "Signiertes PDF prüfen");
    }

    @Test
    void anUploadedPdfGetsTheSameReportAsTheApiInPlainWords() throws Exception {
        byte[] pdf = signedBySignet();

        Api.Response page = upload(pdf, "");

        assertThat(page.status()).as(page.text()).isEqualTo(200);
        assertThat(page.text())
                .contains(
                        "Result for contract.pdf",
                        "Every signature is valid",
                        "Paula Page",
                        "paula.page@example.com",
                        "Unchanged: the signature matches",
                        "Issued by Signet&#39;s sandbox",
                        "PAdES-BASELINE-T",
                        "email-link, otp");
        Api.Response german = upload(pdf, "?lang=de");
        assertThat(german.text()).contains("Alle Signaturen sind gültig", "Unverändert");
    }

    @Test
    void aTamperedPdfIsShownAsNotValidAndSomethingElseAsUnreadable() throws Exception {
        byte[] tampered = Tamper.appendPageChange(signedBySignet());

        Api.Response page = upload(tampered, "");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("Not valid", "Changes were appended after the last signature");
        Api.Response notPdf = upload("hello".getBytes(), "");
        assertThat(notPdf.status()).isEqualTo(422);
        assertThat(notPdf.text()).contains("not a PDF that can be read");
    }

    @Test
    void aDecompressionBombIsRefusedInWordsNotDecoded() {
        Api.Response page = upload(BadPdfs.objectStreamBomb(1L << 30), "");

        assertThat(page.status()).isEqualTo(422);
        assertThat(page.text()).contains("beyond what Signet reads");
    }

    @Test
    void eachClientIsLimitedWithRetryAfter() throws Exception {
        byte[] pdf = "%PDF-1.7 not really".getBytes();
        Api.Response last = null;
        for (int i = 0; i <= ClientRateLimit.LIMIT; i++) {
            last = upload(pdf, "");
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(Long.parseLong(last.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(last.text()).contains("Too many checks");
    }

    @Test
    void aFileOverTwentyFiveMegabytesIsRefused() {
        Api.Response response =
                api.multipart("/verify", null, Map.of(), List.of(Api.Part.file("big.pdf", new byte[26 * 1024 * 1024])));
        assertThat(response.status()).isEqualTo(413);
    }
}
