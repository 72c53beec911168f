package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.signatures.PdfPKCS7;
import com.itextpdf.signatures.SignatureUtil;
import com.microsoft.playwright.Page;
import dev.signet.Chromium;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import dev.signet.signature.Dss;
import dev.signet.signature.Pki;
import dev.signet.signature.Poppler;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every assurance step of issue 13 in one envelope, as people meet it on a phone (390×844, touch) in
 * a real headless Chromium, with the sandbox providers: the signer enters a one-time code sent by SMS
 * (the sandbox outbox), verifies their identity with the sandbox IDV page, signs through the phone
 * guide and lands on the page that asks for their witness, names them; the witness enters their own code (email), confirms they saw the signer
 * sign and signs their witness tag. Then the proof: in the sealed PDF every signature is
 * PAdES-BASELINE-LTA and TOTAL_PASSED in EU DSS, the signer's one-time certificate names the code's
 * channel and the identity check with its configuration and outcome, the witness's names whose
 * witness they are, and the coversheet states all of it, witness included. axe-core checks each page
 * state on the way.
 */
class AssuredWitnessedSigningBrowserTest extends SignetIntegrationTest {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final String SIGNER = "ivy.assured@example.com";
    private static final String WITNESS = "walt.witness@example.com";
    /** SignerCertificates.ASSURANCE_OID: Signet's arc (a UUID as 2.25) then .1, the checks the signer passed. */
    private static final String ASSURANCE_OID = "2.25.35283836481090458682126991642669852008.1";

    @RegisterExtension
    final Chromium chromium = new Chromium();

    @Autowired
    Pki pki;

    @TempDir
    Path dir;

    @Test
    void onAPhoneTheSignerPassesOtpAndIdvSignsNamesAWitnessWhoPassesOtpAndSignsAndTheSealedPdfProvesIt()
            throws Exception {
        Tenant tenant = newTenant();
        UUID envelope = create(tenant.sandboxKey(), options().toString());
        runJobs(envelope);
        String signerToken = invitationTo(envelope, SIGNER).token();
        Page page = chromium.phone();

        // 1. The one-time code, by SMS (kept in the sandbox outbox).
        page.navigate(base() + "/sign/" + signerToken);
        assertThat(page.locator("h1").textContent()).isEqualTo("Confirm it is you");
        assertThat(page.locator("#documents").count()).isZero();
        if (page.locator("input[name=otp-channel][value=sms]").count() > 0) {
            page.check("input[name=otp-channel][value=sms]");
        } else {
            assertThat(page.locator("#otp-channel-only").getAttribute("data-channel"))
                    .isEqualTo("sms");
        }
        Chromium.axe(page, "the signer's code step");
        shot(page, "otp");
        page.click("#otp-send");
        page.waitForFunction("() => document.getElementById('otp-message').textContent.startsWith('We sent')");
        page.fill("#otp-code", code(envelope, "SMS", "+447400123456"));
        page.click("#otp-verify");

        // 2. Identity verification with the sandbox provider: approved.
        page.waitForURL("**/sign/" + signerToken + "/idv**");
        runJobs(envelope);
        page.locator("body[data-state=idv-ready]").waitFor();
        assertThat(page.locator("h1").textContent()).isEqualTo("Verify your identity");
        Chromium.axe(page, "the identity page");
        page.click("#idv-start-button");
        page.locator("body[data-state=idv-sandbox]").waitFor();
        shot(page, "idv-sandbox");
        page.click("button[value=APPROVE]");
        page.waitForLoadState();
        runJobs(envelope);

        // 3. The documents, and the signature through the phone guide.
        page.locator("#start").waitFor();
        page.click("#start");
        page.locator(".page canvas").first().waitFor();
        page.locator("#guide").waitFor();
        page.click("#guide-edit");
        page.check("input[name=sign-mode][value=type]");
        page.fill("#sign-text", "Ivy Assured");
        page.click("#field-apply");
        assertThat(page.locator("#guide-next").textContent()).isEqualTo("Finish");
        page.click("#guide-next");
        page.locator("#confirm").waitFor();
        page.click("#submit");

        // 4. Signed: the page they land on asks for their witness (reference 4.3).
        page.waitForURL("**/sign/" + signerToken + "/witness**");
        runJobs(envelope);
        page.reload();
        assertThat(page.locator("h1").textContent()).isEqualTo("Name your witness");
        Chromium.axe(page, "naming the witness");
        page.fill("#name", "Walt Witness");
        page.fill("#email", WITNESS);
        page.click("#witness-save");
        page.locator("#saved").waitFor();
        shot(page, "witness-named");
        runJobs(envelope);
        assertThat(status(envelope)).as("the witness has yet to sign").isEqualTo("ACTIVE");

        // 5. The witness: their own code (email), then they confirm they were present and sign their tag.
        String witnessToken = outbox(envelope, "WITNESS_INVITATION").stream()
                .filter(m -> m.address().equals(WITNESS))
                .reduce((first, last) -> last)
                .orElseThrow()
                .token();
        page.navigate(base() + "/sign/" + witnessToken);
        assertThat(page.locator("h1").textContent()).isEqualTo("Confirm it is you");
        page.click("#otp-send");
        page.waitForFunction("() => document.getElementById('otp-message').textContent.startsWith('We sent')");
        page.fill("#otp-code", code(envelope, "EMAIL", WITNESS));
        page.click("#otp-verify");
        page.locator("#start").waitFor();
        runJobs(envelope);
        page.click("#start");
        page.waitForFunction("() => document.querySelectorAll('.field').length === 1");
        page.locator("#guide").waitFor();
        page.click("#guide-edit");
        page.check("input[name=sign-mode][value=type]");
        page.fill("#sign-text", "Walt Witness");
        page.click("#field-apply");
        page.click("#guide-next");
        page.locator("#confirm").waitFor();
        assertThat(page.locator(".witness-present").textContent())
                .contains("I confirm that I saw Ivy Assured sign these documents.");
        page.check("#witness-present");
        Chromium.axe(page, "the witness's confirmation");
        shot(page, "witness-confirm");
        page.click("#submit");
        page.locator("h1", new Page.LocatorOptions().setHasText("Thank you")).waitFor();
        runJobs(envelope);
        assertThat(status(envelope)).isEqualTo("COMPLETE");

        prove(tenant, envelope);
    }

    /** The sealed PDF, the one-time certificates and the coversheet of the completed envelope. */
    private void prove(Tenant tenant, UUID envelope) throws Exception {
        Map<String, byte[]> pack = completionPack(tenant.sandboxKey(), envelope);
        byte[] sealed = pack.get("contract.pdf");
        Path pdf = Files.write(dir.resolve("contract.pdf"), sealed);
        SimpleReport report = Dss.validate(pdf, pki.root(Mode.SANDBOX)).getSimpleReport();
        assertThat(report.getSignatureIdList())
                .as("Signet's certification, the signer's and the witness's")
                .hasSize(3);
        for (String id : report.getSignatureIdList()) {
            assertThat(report.getSignatureFormat(id))
                    .as(report.getSignedBy(id))
                    .isEqualTo(SignatureLevel.PAdES_BASELINE_LTA);
            assertThat(report.getIndication(id))
                    .as(report.getSignedBy(id) + " " + report.getSubIndication(id))
                    .isEqualTo(Indication.TOTAL_PASSED);
        }

        Map<String, X509Certificate> certificates = signingCertificates(sealed);
        X509Certificate signer = certificate(certificates, "Ivy Assured");
        assertThat(assurance(signer))
                .as("the signer's one-time certificate: by which channel, which identity check with what outcome")
                .containsExactly("email-link", "otp-sms", "idv (Real Estate: APPROVED)");
        assertThat(signer.getSubjectAlternativeNames().toString()).contains(SIGNER);
        X509Certificate witness = certificate(certificates, "Walt Witness");
        assertThat(assurance(witness))
                .as("the witness's certificate: their own code, and whose witness they are")
                .contains("otp-email", "witness of Ivy Assured");

        String coversheet = Poppler.text(dir, pack.get("coversheet.pdf")).replaceAll("\\s+", " ");
        // The checks column wraps inside its table cell, so the text extracted holds the other columns' lines
        // between its lines: each row's checks are asserted in order, and before the next row begins.
        assertThat(coversheet)
                .containsSubsequence(
                        "Ivy Assured ivy.assured@example.com SIGNER link sent by email,",
                        "one-time password",
                        "by SMS, idv (Real",
                        "Estate: APPROVED),",
                        "witnessed by Walt",
                        "Walt Witness walt.witness@example.com Witness WITNESS link sent by email,",
                        "one-time password",
                        "by email, witness",
                        "of Ivy Assured",
                        "Audit trail")
                .doesNotContain("email-link", "otp-sms");
    }

    /** Each signature's signing certificate, by its subject's common name. */
    private static Map<String, X509Certificate> signingCertificates(byte[] pdf) throws Exception {
        Map<String, X509Certificate> byName = new java.util.LinkedHashMap<>();
        try (PdfDocument document = new PdfDocument(new PdfReader(new ByteArrayInputStream(pdf)))) {
            SignatureUtil signatures = new SignatureUtil(document);
            for (String name : signatures.getSignatureNames()) {
                PdfPKCS7 pkcs7 = signatures.readSignatureData(name);
                if (pkcs7.getSigningCertificate() != null) {
                    X509Certificate certificate = pkcs7.getSigningCertificate();
                    byName.put(certificate.getSubjectX500Principal().getName(), certificate);
                }
            }
        }
        return byName;
    }

    private static X509Certificate certificate(Map<String, X509Certificate> certificates, String person) {
        return certificates.entrySet().stream()
                .filter(e -> e.getKey().contains(person))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("No certificate of " + person + " in " + certificates.keySet()));
    }

    private static List<String> assurance(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(ASSURANCE_OID);
        assertThat(value).as("the assurance extension").isNotNull();
        List<String> checks = new ArrayList<>();
        ASN1Sequence.getInstance(ASN1OctetString.getInstance(value).getOctets())
                .forEach(item -> checks.add(DERUTF8String.getInstance(item).getString()));
        return checks;
    }

    /** The newest one-time code sent on this channel to this address, from the sandbox outbox. */
    private String code(UUID envelope, String channel, String address) {
        Message sent = outbox(envelope, "OTP").stream()
                .filter(m -> m.channel().equals(channel) && m.address().equals(address))
                .reduce((first, last) -> last)
                .orElseThrow(
                        () -> new AssertionError("No " + channel + " code to " + address + " in " + outbox(envelope)));
        Matcher code = CODE.matcher(sent.text());
        assertThat(code.find()).as(sent.text()).isTrue();
        return code.group(1);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static void shot(Page page, String name) {
        Chromium.screenshot(page, "assured-" + name + "-phone");
    }

    /** A code before viewing, identity verification (deadend_errors) and a witness, on one signer. */
    private static ObjectNode options() {
        ObjectNode root =
                JSON.createObjectNode().put("name", "Deed with every check").put("has_envelope_otps", true);
        ObjectNode signer = root.putArray("recipients")
                .addObject()
                .put("name", "Ivy Assured")
                .put("email", SIGNER)
                .put("sign_group", 1)
                .put("iso_country_code", "GB")
                .put("mobile_number", "7400123456")
                .put("auth_type", "idv");
        signer.putObject("verification")
                .putObject("idv")
                .put("session_config_name", "Real Estate")
                .put("session_limit", 2)
                .putArray("blocks_signing")
                .add("deadend_errors");
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
