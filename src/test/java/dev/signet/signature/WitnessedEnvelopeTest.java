package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.signet.Api;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import dev.signet.notification.OutboxDispatcher;
import dev.signet.notification.Smtp;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.reports.Reports;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A witnessed signature end to end (reference 4.3), through the API, the processes and real email:
 * the signer passes a code and signs, names a witness, corrects them from the email they get (the
 * first witness's link dies), the witness gets their invitation by email, passes their own code,
 * must confirm they were present, signs only their witness tags; the envelope completes only then,
 * and every signature of the sealed document, the witness's included, is PAdES-BASELINE-LTA
 * TOTAL_PASSED in EU DSS, with the witness's certificate and the coversheet saying whose witness.
 */
class WitnessedEnvelopeTest extends SignetIntegrationTest {

    @RegisterExtension
    static GreenMailExtension smtp = Smtp.server();

    @Autowired
    Pki pki;

    @Autowired
    OutboxDispatcher dispatcher;

    @TempDir
    Path dir;

    private static final String SIGNER = "sam.witnessed@example.com";
    private static final String WRONG_WITNESS = "wendy.wrong@example.com";
    private static final String WITNESS = "wendy.witness@example.com";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final Pattern LINK = Pattern.compile("/sign/([A-Za-z0-9_-]+)(/witness)?");

    @Test
    void theSignerNamesAndCorrectsTheirWitnessWhoConfirmsAndSignsAndTheEnvelopeCompletesWithValidSignatures()
            throws Exception {
        Tenant tenant = newTenant();
        Api.Response created =
                api.createEnvelope(tenant.liveKey(), options().toString(), Map.of("contract.pdf", Pdfs.pages(1)));
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        UUID envelope = UUID.fromString(created.json().get("envelope_id").asText());
        runJobs(envelope);
        assertThat(status(envelope)).isEqualTo("ACTIVE");
        JsonNode before = recipients(tenant, envelope);
        assertThat(before).as("no witness until the signer names one").hasSize(1);
        UUID signerId = UUID.fromString(before.get(0).get("id").asText());

        // A witnessed signature makes the one-time password mandatory for the signer too.
        String signerToken = invitationTo(envelope, SIGNER).token();
        assertThat(api.get("/v2/signing/" + signerToken, null).status()).isEqualTo(403);
        passOtp(envelope, signerId, signerToken);
        Api.Response early = nameWitness(signerToken, "Wendy Wrong", WRONG_WITNESS);
        assertThat(early.status()).as("%s", early).isEqualTo(409);
        assertThat(early.text()).contains("NOT_SIGNED_YET");
        assertThat(submit(signerToken, "signer_sig", "Sam Signer", null).status())
                .isEqualTo(204);
        runJobs(envelope);
        assertThat(api.get("/v2/signing/" + signerToken + "/witness", null)
                        .json()
                        .get("state")
                        .asText())
                .isEqualTo("to_name");

        Api.Response self = nameWitness(signerToken, "Sam Again", SIGNER);
        assertThat(self.status())
                .as("the signer cannot witness themselves: %s", self)
                .isEqualTo(422);
        Api.Response named = nameWitness(signerToken, "Wendy Wrong", WRONG_WITNESS);
        assertThat(named.status()).as("%s", named).isEqualTo(200);
        assertThat(named.json().get("state").asText()).isEqualTo("named");
        JsonNode witnessJson = witnessIn(recipients(tenant, envelope));
        assertThat(witnessJson.get("signer_id").asText()).isEqualTo(signerId.toString());
        assertThat(witnessJson.get("role").asText()).isEqualTo("Witness");
        assertThat(witnessJson.get("name").asText()).isEqualTo("Wendy Wrong");
        assertThat(witnessJson.get("sign_status").asText()).isEqualTo("UNSIGNED");
        runJobs(envelope);
        assertThat(status(envelope)).as("the sign group waits for the witness").isEqualTo("ACTIVE");

        String wrongWitnessToken = linkIn(emailTo(WRONG_WITNESS, "Witness a signature"));
        String correctionToken = linkIn(emailTo(SIGNER, "Your witness"));
        Api.Response corrected = nameWitness(correctionToken, "Wendy Witness", WITNESS);
        assertThat(corrected.status()).as("%s", corrected).isEqualTo(200);
        assertThat(api.get("/v2/signing/" + wrongWitnessToken, null).status())
                .as("the first witness's link died")
                .isEqualTo(404);
        assertThat(witnessIn(recipients(tenant, envelope)).get("email").asText())
                .isEqualTo(WITNESS);

        String witnessToken = linkIn(emailTo(WITNESS, "Witness a signature"));
        assertThat(api.get("/v2/signing/" + witnessToken, null).status())
                .as("the witness passes a code first")
                .isEqualTo(403);
        passOtp(envelope, UUID.fromString(witnessJson.get("id").asText()), witnessToken);
        JsonNode view = api.get("/v2/signing/" + witnessToken, null).json();
        assertThat(view.get("tags"))
                .as("only the witness tags")
                .extracting(t -> t.get("name").asText())
                .containsExactlyInAnyOrder("witness_sig", "witness_date");
        Api.Response unconfirmed = submit(witnessToken, "witness_sig", "Wendy Witness", null);
        assertThat(unconfirmed.status()).as("%s", unconfirmed).isEqualTo(422);
        assertThat(unconfirmed.text()).contains("WITNESS_PRESENCE_NOT_CONFIRMED");
        assertThat(submit(witnessToken, "witness_sig", "Wendy Witness", true).status())
                .isEqualTo(204);
        Api.Response late = nameWitness(correctionToken, "Someone Else", "someone.else@example.com");
        assertThat(late.status()).as("%s", late).isEqualTo(409);
        assertThat(late.text()).contains("WITNESS_ALREADY_SIGNED");

        runJobs(envelope);
        assertThat(status(envelope)).isEqualTo("COMPLETE");
        JsonNode witness = witnessIn(recipients(tenant, envelope));
        assertThat(witness.get("sign_status").asText()).isEqualTo("SIGNED");
        assertThat(auditTypes(envelope)).contains("witness_named", "witness_corrected", "witness_presence_confirmed");

        Map<String, byte[]> pack = completionPack(tenant.liveKey(), envelope);
        Path pdf = Files.write(dir.resolve("contract.pdf"), pack.get("contract.pdf"));
        Reports reports = Dss.validate(pdf, pki.root(Mode.LIVE));
        SimpleReport report = reports.getSimpleReport();
        assertThat(Dss.modificationDoubts(reports)).isEmpty();
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
        assertThat(report.getSignatureIdList())
                .extracting(report::getSignedBy)
                .anyMatch(s -> s.contains("Sam Signer"))
                .anyMatch(s -> s.contains("Wendy Witness"));

        JsonNode verified = verify(tenant, pack.get("contract.pdf"));
        assertThat(StreamSupport.stream(verified.get("signatures").spliterator(), false)
                        .map(s -> s.path("verified_by").toString())
                        .toList())
                .as("%s", verified)
                .anyMatch(v -> v.contains("witness of Sam Signer") && v.contains("otp"));
        String coversheet = Poppler.text(dir, pack.get("coversheet.pdf")).replaceAll("\\s+", " ");
        // The checks column wraps inside the table: the words are there, lines of other columns between them.
        assertThat(coversheet)
                .contains("Wendy Witness wendy.witness@example.com Witness WITNESS link sent by email,")
                .contains("one-time password")
                .contains("witness of Sam")
                .contains("SIGNER link sent by email,")
                .contains("by email, witness of Sam Signer")
                .contains("by email, witnessed by Wendy Witness")
                .doesNotContain("email-link");
    }

    /**
     * The sender corrects a named witness with PATCH, as the signer can: the earlier person's link
     * dies, though they had passed their code, and the person now named passes their own.
     */
    @Test
    void theSenderCorrectingTheWitnessMakesTheNewPersonPassTheirOwnCode() throws Exception {
        Tenant tenant = newTenant();
        Api.Response created =
                api.createEnvelope(tenant.liveKey(), options().toString(), Map.of("contract.pdf", Pdfs.pages(1)));
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        UUID envelope = UUID.fromString(created.json().get("envelope_id").asText());
        runJobs(envelope);
        UUID signerId =
                UUID.fromString(recipients(tenant, envelope).get(0).get("id").asText());
        UUID witnessId = jdbc.sql("select id from recipient where signer_id = ?")
                .param(signerId)
                .query(UUID.class)
                .single();
        String patchPath = "/v2/envelopes/" + envelope + "/recipients/" + witnessId;

        Api.Response unnamed = api.patchJson(
                patchPath, tenant.liveKey(), "{\"name\":\"Wendy Witness\",\"email\":\"" + WITNESS + "\"}");
        assertThat(unnamed.status())
                .as("the signer names the witness, not the sender: %s", unnamed)
                .isEqualTo(409);
        assertThat(unnamed.json().get("code").asText()).isEqualTo("WITNESS_NOT_NAMED");

        String signerToken = invitationTo(envelope, SIGNER).token();
        passOtp(envelope, signerId, signerToken);
        assertThat(submit(signerToken, "signer_sig", "Sam Signer", null).status())
                .isEqualTo(204);
        runJobs(envelope);
        assertThat(nameWitness(signerToken, "Wendy Wrong", WRONG_WITNESS).status())
                .isEqualTo(200);
        runJobs(envelope);
        String wrongToken = linkIn(emailTo(WRONG_WITNESS, "Witness a signature"));
        passOtp(envelope, witnessId, wrongToken);
        assertThat(api.get("/v2/signing/" + wrongToken, null).status()).isEqualTo(200);

        Api.Response patched = api.patchJson(
                patchPath, tenant.liveKey(), "{\"name\":\"Wendy Witness\",\"email\":\"" + WITNESS + "\"}");
        assertThat(patched.status()).as("%s", patched).isEqualTo(200);
        assertThat(patched.json().get("email").asText()).isEqualTo(WITNESS);
        assertThat(api.get("/v2/signing/" + wrongToken, null).status())
                .as("the earlier witness's link died")
                .isEqualTo(404);
        runJobs(envelope);
        String witnessToken = linkIn(emailTo(WITNESS, "Witness a signature"));
        assertThat(api.get("/v2/signing/" + witnessToken, null).status())
                .as("the new witness passes their own code; the earlier person's does not count")
                .isEqualTo(403);
        assertThat(jdbc.sql("select checks_passed from recipient where id = ?")
                        .param(witnessId)
                        .query(String.class)
                        .optional()
                        .orElse(""))
                .as("the earlier person's code is forgotten")
                .doesNotContain("otp");
        passOtp(envelope, witnessId, witnessToken);
        assertThat(submit(witnessToken, "witness_sig", "Wendy Witness", true).status())
                .isEqualTo(204);
        runJobs(envelope);
        assertThat(status(envelope)).isEqualTo("COMPLETE");
        assertThat(witnessIn(recipients(tenant, envelope)).get("email").asText())
                .isEqualTo(WITNESS);
        assertThat(auditTypes(envelope)).contains("witness_named", "witness_corrected");
    }

    /**
     * A signer whose options ask for a witness cannot sign on paper: the witness signs electronically,
     * so the upload is refused with a clear code, and the envelope and its evidence stay as they were.
     */
    @Test
    void aWitnessedSignerCannotSignOffline() {
        Tenant tenant = newTenant();
        Api.Response created =
                api.createEnvelope(tenant.liveKey(), options().toString(), Map.of("contract.pdf", Pdfs.pages(1)));
        UUID envelope = UUID.fromString(created.json().get("envelope_id").asText());
        runJobs(envelope);
        UUID signerId =
                UUID.fromString(recipients(tenant, envelope).get(0).get("id").asText());

        Api.Response paper = api.multipart(
                "/v2/envelopes/" + envelope + "/recipients/" + signerId + "/signed-documents",
                tenant.liveKey(),
                Map.of(),
                List.of(Api.Part.file("signed.pdf", Pdfs.pages(1))));
        assertThat(paper.status()).as("%s", paper).isEqualTo(422);
        assertThat(paper.json().get("code").asText()).isEqualTo("WITNESS_NOT_OFFLINE");
        runJobs(envelope);
        assertThat(recipients(tenant, envelope).get(0).get("sign_status").asText())
                .isEqualTo("UNSIGNED");
        assertThat(status(envelope)).isEqualTo("ACTIVE");
        assertThat(auditTypes(envelope)).doesNotContain("recipient_signed_offline", "sign_offline_upload_failed");
        assertThat(jdbc.sql("select count(*) from envelope_file where envelope_id = ? and kind = 'SIGNED_OFFLINE'")
                        .param(envelope)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    private JsonNode recipients(Tenant tenant, UUID envelope) {
        return api.get("/v2/envelopes/" + envelope, tenant.liveKey()).json().at("/details/recipients");
    }

    private static JsonNode witnessIn(JsonNode recipients) {
        return StreamSupport.stream(recipients.spliterator(), false)
                .filter(r -> r.get("type").asText().equals("WITNESS"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no WITNESS in " + recipients));
    }

    private Api.Response nameWitness(String token, String name, String email) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("email", email);
        return api.postJson("/v2/signing/" + token + "/witness", null, body.toString());
    }

    private void passOtp(UUID envelope, UUID recipientId, String token) {
        Api.Response sent = api.postJson("/v2/signing/" + token + "/otp/send", null, "{}");
        assertThat(sent.status()).as("%s", sent).isEqualTo(200);
        Message otp = outbox(envelope, "OTP").stream()
                .filter(m -> m.recipientId().equals(recipientId))
                .reduce((first, second) -> second)
                .orElseThrow();
        Matcher code = CODE.matcher(otp.text());
        assertThat(code.find()).isTrue();
        Api.Response verified =
                api.postJson("/v2/signing/" + token + "/otp/verify", null, "{\"code\":\"" + code.group(1) + "\"}");
        assertThat(verified.status()).as("%s", verified).isEqualTo(200);
    }

    private Api.Response submit(String token, String tag, String value, Boolean present) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode tags = body.putArray("tags");
        tags.addObject().put("name", tag).put("value", value);
        if (present != null) {
            body.put("witness_present", present);
        }
        return api.postJson("/v2/signing/" + token + "/submit", null, body.toString());
    }

    /** The newest email to the address whose subject starts so, delivered over SMTP. */
    private MimeMessage emailTo(String address, String subjectStart) throws Exception {
        while (dispatcher.dispatchDue() > 0) {
            continue;
        }
        List<MimeMessage> found = Smtp.receivedBy(smtp, address).stream()
                .filter(m -> {
                    try {
                        return m.getSubject().startsWith(subjectStart);
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        assertThat(found).as("emails to %s starting %s", address, subjectStart).isNotEmpty();
        return found.get(found.size() - 1);
    }

    private static String linkIn(MimeMessage email) {
        String text = Smtp.part(email, "text/plain").orElseThrow();
        Matcher m = LINK.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    private List<String> auditTypes(UUID envelope) {
        return jdbc.sql("select type from audit_event where envelope_id = ?")
                .param(envelope)
                .query(String.class)
                .list();
    }

    private JsonNode verify(Tenant tenant, byte[] pdf) {
        Api.Response response = api.send(api.builder("/v2/verify", tenant.liveKey())
                .header("Content-Type", "application/pdf")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(pdf)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static ObjectNode options() {
        ObjectNode root = JSON.createObjectNode().put("name", "Deed, witnessed");
        ObjectNode signer = root.putArray("recipients")
                .addObject()
                .put("name", "Sam Signer")
                .put("email", SIGNER)
                .put("sign_group", 1);
        signer.putArray("tags").add(tag("signer_sig", "signature", 0.1, 0.1));
        ArrayNode witnessTags = signer.putObject("witness").putArray("tags");
        witnessTags.add(tag("witness_sig", "signature", 0.1, 0.5));
        witnessTags.add(tag("witness_date", "date_signed_field", 0.6, 0.5));
        return root;
    }

    private static ObjectNode tag(String name, String type, double x, double y) {
        return JSON.createObjectNode()
                .put("name", name)
                .put("type", type)
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", x)
                .put("y", y)
                .put("optional", false);
    }
}
