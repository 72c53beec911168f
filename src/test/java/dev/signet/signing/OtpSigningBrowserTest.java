package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.microsoft.playwright.Page;
import dev.signet.Api;
import dev.signet.Chromium;
import dev.signet.SignetIntegrationTest;
import dev.signet.notification.OutboxDispatcher;
import dev.signet.notification.Smtp;
import dev.signet.signature.Poppler;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The one-time-password step as a person meets it, in a real headless Chromium on a phone-sized
 * screen: the invitation arrives by SMTP (GreenMail), the link opens the code step and nothing of
 * the documents, the code comes by email, a wrong code is refused with the tries left, the right
 * one opens the documents; the signer signs and the envelope completes with the check stated in
 * the evidence, the coversheet, the signer's certificate and GET envelope. Same Spring context as
 * the other full-service tests.
 */
class OtpSigningBrowserTest extends SignetIntegrationTest {

    @RegisterExtension
    static GreenMailExtension smtp = Smtp.server();

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final Pattern LINK = Pattern.compile("http://signet\\.test/sign/([A-Za-z0-9_-]+)");
    private static final String OLIVE = "olive.otp.browser@example.com";

    @RegisterExtension
    final Chromium chromium = new Chromium();

    @Autowired
    OutboxDispatcher dispatcher;

    @TempDir
    Path dir;

    private final List<String> requests = new CopyOnWriteArrayList<>();

    private Page phone() {
        Page page = chromium.phone();
        page.context().onRequest(r -> requests.add(r.url()));
        return page;
    }

    private static void shot(Page page, String name) {
        Chromium.screenshot(page, "otp-" + name + "-phone");
    }

    /** Every message to the address that SMTP received, after the dispatcher sent all that is due. */
    private List<MimeMessage> mailTo(String address) {
        while (dispatcher.dispatchDue() > 0) {
            continue;
        }
        return Smtp.receivedBy(smtp, address);
    }

    private static String text(MimeMessage message) {
        return Smtp.part(message, "text/plain").orElseThrow();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String activeId(Page page) {
        return (String) page.evaluate("() => document.activeElement && document.activeElement.id");
    }

    @Test
    void aSignerPassesTheCodeByEmailOnAPhoneThenSignsAndTheEvidenceStatesIt() throws Exception {
        Tenant tenant = newTenant();
        ObjectNode options = new Options("Tenancy with a code")
                .signer("Olive Otp", OLIVE, 1)
                .json()
                .put("has_envelope_otps", true);
        ((ObjectNode) options.get("recipients").get(0))
                .put("iso_country_code", "GB")
                .put("mobile_number", "7999999999");
        UUID envelope = create(tenant.liveKey(), options.toString());
        runJobs(envelope);

        // The invitation, as SMTP delivered it.
        List<MimeMessage> invitations =
                mailTo(OLIVE).stream().filter(m -> LINK.matcher(text(m)).find()).toList();
        assertThat(invitations).hasSize(1);
        Matcher link = LINK.matcher(text(invitations.get(0)));
        assertThat(link.find()).isTrue();
        Page page = phone();
        page.navigate("http://127.0.0.1:" + port + "/sign/" + link.group(1));

        // The code step, and nothing of the documents.
        assertThat(page.locator("h1").textContent()).isEqualTo("Confirm it is you");
        assertThat(page.locator("#otp").textContent()).contains("Olive Otp", "Tenancy with a code");
        assertThat(page.locator("#documents").count()).isZero();
        // Live, with no SMS provider configured here: the code goes by email, and the page says why.
        assertThat(page.locator("#otp-channel-only").textContent()).isEqualTo("Email to o•••@example.com");
        assertThat(page.locator("#otp-sms-note").textContent()).contains("cannot be sent by text message");
        assertThat(page.locator("#otp-code").getAttribute("autocomplete")).isEqualTo("one-time-code");
        assertThat(page.locator("#otp-code").getAttribute("inputmode")).isEqualTo("numeric");
        assertThat(page.locator("label[for=otp-code]").textContent()).isEqualTo("6-digit code");
        for (String button : List.of("#otp-send", "#otp-verify")) {
            assertThat(page.locator(button).boundingBox().height).as(button).isGreaterThanOrEqualTo(44);
        }
        assertThat(activeId(page)).isEqualTo("otp-title");
        shot(page, "step");

        // An empty code is caught on the page, without spending a try.
        page.click("#otp-verify");
        assertThat(page.locator("#otp-message").textContent()).isEqualTo("Enter the 6 digits of the code.");
        assertThat(page.locator("#otp-code").getAttribute("aria-invalid")).isEqualTo("true");

        page.click("#otp-send");
        page.waitForFunction("() => document.getElementById('otp-message').textContent.startsWith('We sent')");
        assertThat(page.locator("#otp-message").textContent())
                .isEqualTo("We sent a 6-digit code to o•••@example.com. It works for 10 minutes.");
        assertThat(page.locator("#otp-sends").textContent()).isEqualTo("You can ask for 4 more codes this hour.");
        assertThat(page.locator("#otp-send").textContent()).isEqualTo("Send a new code");
        assertThat(activeId(page)).isEqualTo("otp-code");

        MimeMessage codeMail = mailTo(OLIVE).stream()
                .filter(m -> subject(m).startsWith("Your code for"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no code email to " + OLIVE));
        Matcher digits = CODE.matcher(text(codeMail));
        assertThat(digits.find()).as(text(codeMail)).isTrue();
        String code = digits.group(1);
        String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);

        page.fill("#otp-code", wrong);
        page.click("#otp-verify");
        page.waitForFunction("() => document.getElementById('otp-message').textContent.startsWith('That is not')");
        assertThat(page.locator("#otp-message").textContent()).isEqualTo("That is not the code. 4 tries left.");
        assertThat(page.locator("#otp-message").getAttribute("class")).contains("error");
        assertThat(activeId(page)).isEqualTo("otp-code");
        shot(page, "wrong-code");
        assertThat(requests)
                .as("no document byte, no viewer before the code")
                .noneMatch(url -> url.contains("/documents/") || url.contains("/pdfjs-dist/"));

        page.fill("#otp-code", code);
        page.click("#otp-verify");
        page.locator("#start").waitFor();
        assertThat(page.locator("h1").textContent()).isEqualTo("Tenancy with a code");

        page.click("#start");
        page.locator(".page canvas").first().waitFor();
        // On a phone the guide takes the signer through the fields: here one signature, then Finish.
        page.locator("#guide").waitFor();
        page.click("#guide-edit");
        page.check("input[name=sign-mode][value=type]");
        page.fill("#sign-text", "Olive Otp");
        page.click("#field-apply");
        assertThat(page.locator("#guide-next").textContent()).isEqualTo("Finish");
        page.click("#guide-next");
        page.locator("#confirm").waitFor();
        page.click("#submit");
        page.waitForURL("**/sign/*?lang=en");
        assertThat(page.locator("h1").textContent()).isEqualTo("Thank you");

        runJobs(envelope);
        JsonNode got = api.get("/v2/envelopes/" + envelope, tenant.liveKey()).json();
        assertThat(got.get("status").asText()).isIn("COMPLETE", "COMPLETED");
        JsonNode olive = got.get("details").get("recipients").get(0);
        assertThat(olive.get("verified_by")).extracting(JsonNode::asText).containsExactly("email_link", "otp_email");
        assertThat(jdbc.sql("select type from audit_event where envelope_id = ? and type like 'otp_%' order by seq")
                        .param(envelope)
                        .query(String.class)
                        .list())
                .containsExactly("otp_sent", "otp_failed", "otp_passed");

        Map<String, byte[]> pack = completionPack(tenant.liveKey(), envelope);
        String evidence = new String(pack.get("evidence.xml"), StandardCharsets.UTF_8);
        assertThat(evidence).contains("email-link, otp-email").contains("otp_passed");
        String coversheet = Poppler.text(dir, pack.get("coversheet.pdf")).replaceAll("\\s+", " ");
        assertThat(coversheet).contains("one-time");
        JsonNode verdict = verify(tenant, pack.get("contract.pdf"));
        assertThat(StreamSupport.stream(verdict.get("signatures").spliterator(), false)
                        .map(s -> s.path("verified_by").toString())
                        .toList())
                .as("the signer's one-time certificate states the check")
                .anyMatch(v -> v.contains("\"email-link\"") && v.contains("\"otp-email\""));
    }

    /**
     * The refusals as a German-speaking signer meets them: wrong codes count down, the fifth locks
     * the code and sends the focus to "new code", and a sixth code within the hour is refused with
     * the time to come back. Four earlier codes of this hour are put in the table first, so the test
     * stays inside the link's own request limit.
     */
    @Test
    void wrongCodesLockTheCodeAndTooManySendsSayWhenToComeBackInGerman() {
        Tenant tenant = newTenant();
        ObjectNode options = new Options("Mietvertrag mit Code")
                .signer("Otto Otp", "otto.otp.browser@example.com", 1)
                .json()
                .put("has_envelope_otps", true);
        ((ObjectNode) options.get("recipients").get(0))
                .put("iso_country_code", "DE")
                .put("mobile_number", "15123456789");
        UUID envelope = create(tenant.sandboxKey(), options.toString());
        runJobs(envelope);
        Message invitation = invitationTo(envelope, "otto.otp.browser@example.com");
        UUID recipient = invitation.recipientId();
        for (int i = 0; i < 4; i++) {
            jdbc.sql("""
                            insert into otp_code (id, recipient_id, channel, code_hash, created_at, expires_at, attempts,
                                                  superseded_at)
                            values (?, ?, 'EMAIL', ?, now() - interval '20 minutes', now() - interval '10 minutes', 0,
                                    now() - interval '15 minutes')""").params(UUID.randomUUID(), recipient, "0".repeat(64)).update();
        }
        Page page = chromium.open(
                Chromium.screen(390, 844).setLocale("de-DE").setIsMobile(true).setHasTouch(true));
        page.navigate("http://127.0.0.1:" + port + "/sign/" + invitation.token());

        assertThat(page.locator("h1").textContent()).isEqualTo("Bestätigen Sie, dass Sie es sind");
        assertThat(page.locator("#otp-channels legend").textContent()).isEqualTo("Wohin sollen wir Ihren Code senden?");
        assertThat(page.locator("#otp-channels").textContent()).contains("SMS an +49 ", "E-Mail an o•••@example.com");
        page.check("input[name=otp-channel][value=email]");
        page.click("#otp-send");
        page.waitForFunction("() => document.getElementById('otp-message').textContent.startsWith('Wir haben')");
        assertThat(page.locator("#otp-sends").textContent())
                .isEqualTo("Sie können in dieser Stunde noch 0 Codes anfordern.");
        List<Message> codes = outbox(envelope, "OTP");
        assertThat(codes).hasSize(1);
        assertThat(codes.get(0).channel()).isEqualTo("EMAIL");
        Matcher digits = CODE.matcher(codes.get(0).text());
        assertThat(digits.find()).isTrue();
        String wrong = String.format("%06d", (Integer.parseInt(digits.group(1)) + 1) % 1_000_000);

        for (int tries = 4; tries >= 1; tries--) {
            page.fill("#otp-code", wrong);
            page.click("#otp-verify");
            String expected = tries == 1
                    ? "Das ist nicht der Code. Noch 1 Versuch."
                    : "Das ist nicht der Code. Noch " + tries + " Versuche.";
            page.waitForFunction("t => document.getElementById('otp-message').textContent === t", expected);
            assertThat(activeId(page)).isEqualTo("otp-code");
        }
        page.fill("#otp-code", wrong);
        page.click("#otp-verify");
        page.waitForFunction("() => document.getElementById('otp-message').textContent.startsWith('Zu viele')");
        assertThat(page.locator("#otp-message").textContent())
                .isEqualTo("Zu viele falsche Versuche: Dieser Code gilt nicht mehr. Fordern Sie einen neuen an.");
        assertThat(activeId(page)).as("the way on is a new code").isEqualTo("otp-send");
        assertThat(page.locator("#otp-code").inputValue()).isEmpty();

        page.click("#otp-send");
        page.waitForFunction("() => document.getElementById('otp-message').textContent.startsWith('Sie haben')");
        assertThat(page.locator("#otp-message").textContent())
                .startsWith("Sie haben in der letzten Stunde 5 Codes angefordert, und der letzte gilt nicht mehr. "
                        + "Einen neuen können Sie ab ")
                .endsWith(" UTC anfordern.");
        assertThat(activeId(page)).isEqualTo("otp-message");
        shot(page, "refusals-de");
        assertThat(outbox(envelope, "OTP")).as("no sixth code went out").hasSize(1);
        assertThat(jdbc.sql("select type from audit_event where envelope_id = ? and type like 'otp_%' order by seq")
                        .param(envelope)
                        .query(String.class)
                        .list())
                .containsExactly(
                        "otp_sent",
                        "otp_failed",
                        "otp_failed",
                        "otp_failed",
                        "otp_failed",
                        "otp_locked",
                        "otp_not_sent");
    }

    private JsonNode verify(Tenant tenant, byte[] pdf) {
        Api.Response response = api.send(api.builder("/v2/verify", tenant.liveKey())
                .header("Content-Type", "application/pdf")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(pdf)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
