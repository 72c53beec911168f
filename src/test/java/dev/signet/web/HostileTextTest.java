package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Control characters, noncharacters and lone surrogates in any text the API takes are refused with
 * a 422 naming the field (issue 11, point 7): before, they made evidence.xml not well-formed, and NUL
 * was a 500 on PostgreSQL.
 */
class HostileTextTest extends SignetIntegrationTest {

    /** Written into the JSON text as the escape itself: a lone surrogate cannot be encoded as UTF-8. */
    private static final String LONE_SURROGATE = "LONE-SURROGATE";

    @Test
    void controlCharactersNoncharactersAndLoneSurrogatesInTheOptionsAreRefusedNamingEachField() {
        Tenant tenant = newTenant();
        Options options = new Options("Lease\u0000")
                .signer("Alice\u0001 Archer", "alice@example.com", 1)
                .signer("Bob Baker", "bob@example.com", 1)
                .signer("Carol Cole", "carol@example.com", 1);
        options.json().putObject("emails").put("name", "Acme\uFFFE");
        ((ObjectNode) options.json().get("recipients").get(1)).put("role", "Tenant\u000B");
        ((ObjectNode) options.json().get("recipients").get(2)).put("role", "Guarantor " + LONE_SURROGATE);
        String json = options.toString().replace(LONE_SURROGATE, "\\ud800");

        Api.Response response = api.createEnvelope(tenant.sandboxKey(), json);

        assertThat(response.status()).as("%s", response).isEqualTo(422);
        assertThat(response.json().path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder(
                        "name", "recipients[0].name", "emails.name", "recipients[1].role", "recipients[2].role");
        assertThat(response.text()).contains("U+0000", "U+0001", "U+FFFE", "U+000B", "U+D800");
    }

    @Test
    void aFileNameWithANoncharacterIsRefused() {
        Api.Response response = api.createEnvelope(
                newTenant().sandboxKey(),
                new Options("Lease")
                        .signer("Alice Archer", "alice@example.com", 1)
                        .toString()
                        .replace("contract.pdf", "contract\uFFFF.pdf"),
                Map.of("contract\uFFFF.pdf", Pdfs.pages(1)));

        assertThat(response.status()).as("%s", response).isEqualTo(422);
        assertThat(response.json().get("errors").findValuesAsText("field")).containsExactly("file[0]");
    }

    @Test
    void anInvitationMessageMaySpanLinesButNotRingABell() {
        Tenant tenant = newTenant();
        Options lines = new Options("Lease").signer("Alice Archer", "alice@example.com", 1);
        lines.json()
                .putObject("emails")
                .putObject("invitation")
                .putObject("body")
                .put("message", "Dear Alice,\n\tplease sign.\r\nThanks");
        assertThat(api.createEnvelope(tenant.sandboxKey(), lines.toString()).status())
                .isEqualTo(202);

        Options bell = new Options("Lease").signer("Alice Archer", "alice@example.com", 1);
        bell.json()
                .putObject("emails")
                .putObject("invitation")
                .putObject("body")
                .put("message", "Ding\u0007");
        Api.Response refused = api.createEnvelope(tenant.sandboxKey(), bell.toString());
        assertThat(refused.status()).as("%s", refused).isEqualTo(422);
        assertThat(refused.json().get("errors").findValuesAsText("field"))
                .containsExactly("emails.invitation.body.message");
    }

    @Test
    void recipientEditsSubmittedValuesAndDeclineReasonsAreCheckedToo() {
        Tenant tenant = newTenant();
        Options options = new Options("Lease")
                .signer("Alice Archer", "alice@example.com", 1)
                .signer("Bob Baker", "bob@example.com", 1);
        options.json().put("allow_decline", true);
        UUID envelope = create(tenant.sandboxKey(), options.toString());
        runJobs(envelope);
        Message alice = invitationTo(envelope, "alice@example.com");
        String bob = invitationTo(envelope, "bob@example.com").token();

        Api.Response edit = api.patchJson(
                "/v2/envelopes/" + envelope + "/recipients/" + alice.recipientId(),
                tenant.sandboxKey(),
                "{\"name\":\"Alice\\u0085 Archer\"}");
        assertThat(edit.status()).as("%s", edit).isEqualTo(422);
        assertThat(edit.json().get("errors").findValuesAsText("field")).containsExactly("name");

        Api.Response submit = api.postJson(
                "/v2/signing/" + alice.token() + "/submit",
                null,
                "{\"tags\":[{\"name\":\"x\",\"value\":\"Alice\\u0000\"}]}");
        assertThat(submit.status()).as("%s", submit).isEqualTo(422);
        assertThat(submit.json().get("errors").findValuesAsText("field")).containsExactly("tags[0].value");

        Api.Response bell = api.postJson("/v2/signing/" + bob + "/decline", null, "{\"reason\":\"No\\u0007\"}");
        assertThat(bell.status()).as("%s", bell).isEqualTo(422);
        assertThat(bell.json().get("errors").findValuesAsText("field")).containsExactly("reason");
        assertThat(status(envelope)).isEqualTo("ACTIVE");

        Api.Response declined = api.postJson(
                "/v2/signing/" + bob + "/decline",
                null,
                "{\"reason\":\"Wrong address.\\nPlease send it to my office.\"}");
        assertThat(declined.status()).as("%s", declined).isEqualTo(204);
    }

    @Test
    void emojiNamesAtTheLimitsAreAcceptedAndTheEnvelopeCompletes() throws Exception {
        Tenant tenant = newTenant();
        String envelopeName = "\uD83D\uDCDD".repeat(125);
        String aliceName = "\uD83D\uDE00".repeat(100);
        Options options = new Options(envelopeName).signer(aliceName, "alice@example.com", 1);
        options.json().putObject("emails").put("name", "\uD83C\uDFE0".repeat(100));
        ((ObjectNode) options.json().get("recipients").get(0)).put("role", "\uD83D\uDD11".repeat(50));
        UUID envelope = create(tenant.sandboxKey(), options.toString());
        runJobs(envelope);

        Api.Response signed = sign(invitationTo(envelope, "alice@example.com").token());
        assertThat(signed.status()).as("%s", signed).isEqualTo(204);
        runJobs(envelope);

        assertThat(status(envelope)).isEqualTo("COMPLETE");
        Map<String, byte[]> pack = completionPack(tenant.sandboxKey(), envelope);
        org.w3c.dom.Document evidence = javax.xml.parsers.DocumentBuilderFactory.newDefaultInstance()
                .newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(pack.get("evidence.xml")));
        assertThat(((org.w3c.dom.Element)
                                evidence.getElementsByTagName("Recipient").item(0))
                        .getAttribute("name"))
                .isEqualTo(aliceName);
    }
}
