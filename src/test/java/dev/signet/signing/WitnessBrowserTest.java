package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import dev.signet.Chromium;
import dev.signet.SignetIntegrationTest;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The witness's pages in Chromium on a phone-sized screen (reference 4.3): the signer, back on their
 * link after signing, names the witness on the witness page; the witness signs their witness tag
 * and cannot submit until they confirm they saw the signer sign. The one-time codes are passed
 * through the recipient API: the signing page's code form is not part of this work.
 */
class WitnessBrowserTest extends SignetIntegrationTest {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @RegisterExtension
    final Chromium chromium = new Chromium();

    @Test
    void onAPhoneTheSignerNamesTheWitnessWhoConfirmsTheyWerePresentAndSigns() {
        UUID envelope = create(newTenant().sandboxKey(), options().toString());
        runJobs(envelope);
        String signerToken = invitationTo(envelope, "phil.phone@example.com").token();
        passOtp(envelope, signerToken, "phil.phone@example.com");
        assertThat(sign(signerToken).status()).isEqualTo(204);
        runJobs(envelope);

        Page page = chromium.open(Chromium.touch(360, 740));
        page.navigate(base() + "/sign/" + signerToken);
        page.waitForURL("**/sign/" + signerToken + "/witness?lang=en");
        assertThat(page.locator("h1").textContent()).isEqualTo("Name your witness");
        page.fill("#name", "Wanda Watcher");
        page.fill("#email", "wanda.phone@example.com");
        page.click("#witness-save");
        page.locator("#saved").waitFor();
        assertThat(page.locator("main").textContent())
                .contains("Your witness is Wanda Watcher (wanda.phone@example.com)");

        String witnessToken = outbox(envelope, "WITNESS_INVITATION").get(0).token();
        passOtp(envelope, witnessToken, "wanda.phone@example.com");
        page.navigate(base() + "/sign/" + witnessToken);
        page.click("#start");
        page.waitForFunction("() => document.querySelectorAll('.field').length === 1");
        // On a phone the guide takes the witness through their one field, then Finish.
        page.locator("#guide").waitFor();
        page.waitForFunction(
                "() => [...document.querySelectorAll('.field.current')].some((e) => e.dataset.name === 'witness_sig')");
        page.click("#guide-edit");
        page.check("input[name=sign-mode][value=type]");
        page.fill("#sign-text", "Wanda Watcher");
        page.click("#field-apply");
        page.click("#guide-next");
        page.locator("#confirm").waitFor();
        assertThat(page.locator(".witness-present").textContent())
                .contains("I confirm that I saw Phil Phone sign these documents.");

        page.click("#submit");
        page.waitForFunction("() => !document.getElementById('signing').hidden");
        assertThat(status(envelope)).isEqualTo("ACTIVE");
        assertThat(jdbc.sql("select sign_status from recipient where email = 'wanda.phone@example.com'")
                        .query(String.class)
                        .single())
                .as("not without confirming")
                .isEqualTo("UNSIGNED");

        page.click("#finish");
        page.locator("#confirm").waitFor();
        page.check("#witness-present");
        page.click("#submit");
        page.waitForURL("**/sign/" + witnessToken + "?lang=en");
        assertThat(page.locator("h1").textContent()).isEqualTo("Thank you");
        runJobs(envelope);
        assertThat(status(envelope)).isEqualTo("COMPLETE");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private void passOtp(UUID envelope, String token, String address) {
        assertThat(api.postJson("/v2/signing/" + token + "/otp/send", null, "{}")
                        .status())
                .isEqualTo(200);
        Message otp = outbox(envelope, "OTP").stream()
                .filter(m -> m.address().equals(address))
                .findFirst()
                .orElseThrow();
        Matcher code = CODE.matcher(otp.text());
        assertThat(code.find()).isTrue();
        assertThat(api.postJson("/v2/signing/" + token + "/otp/verify", null, "{\"code\":\"" + code.group(1) + "\"}")
                        .status())
                .isEqualTo(200);
    }

    private static ObjectNode options() {
        ObjectNode root = JSON.createObjectNode().put("name", "Witnessed on a phone");
        ObjectNode signer = root.putArray("recipients")
                .addObject()
                .put("name", "Phil Phone")
                .put("email", "phil.phone@example.com")
                .put("sign_group", 1);
        signer.putArray("tags").add(tag("sig", 0.1));
        signer.putObject("witness").putArray("tags").add(tag("witness_sig", 0.5));
        return root;
    }

    private static ObjectNode tag(String name, double y) {
        return JSON.createObjectNode()
                .put("name", name)
                .put("type", "signature")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", y);
    }
}
