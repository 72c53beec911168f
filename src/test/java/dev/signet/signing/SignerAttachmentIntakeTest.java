package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import dev.signet.document.BadPdfs;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A signer's PDF attachment goes through the same intake rules as a sender's PDF (issue 11,
 * point 8): one with a JavaScript open action used to go into the completion pack and every
 * completion email.
 */
class SignerAttachmentIntakeTest extends SignetIntegrationTest {

    @Test
    void anAttachmentWithJavaScriptIsRefusedAtSubmitAndAPlainOneIsAccepted() {
        Tenant tenant = newTenant();
        UUID envelope = create(tenant.sandboxKey(), options().toString());
        runJobs(envelope);
        String token = invitationTo(envelope, "dana@example.com").token();

        Api.Response refused = submit(token, BadPdfs.javascript());

        assertThat(refused.status()).as("%s", refused).isEqualTo(422);
        assertThat(refused.json().get("errors").findValuesAsText("field")).containsExactly("id_scan");
        assertThat(refused.text()).contains("active content");
        assertThat(jdbc.sql("select count(*) from envelope_file where envelope_id = ?")
                        .param(envelope)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select sign_status from recipient where envelope_id = ?")
                        .param(envelope)
                        .query(String.class)
                        .single())
                .isNotEqualTo("SIGNED");

        Api.Response encrypted = submit(token, BadPdfs.encrypted());
        assertThat(encrypted.status()).as("%s", encrypted).isEqualTo(422);
        assertThat(encrypted.text()).contains("password");

        byte[] plain = Pdfs.pages(1);
        Api.Response accepted = submit(token, plain);
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(204);
        assertThat(jdbc.sql("select content from envelope_file where envelope_id = ? and kind = 'ATTACHMENT'")
                        .param(envelope)
                        .query(byte[].class)
                        .single())
                .isEqualTo(plain);
    }

    private Api.Response submit(String token, byte[] pdf) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("tags").addObject().put("name", "sig").put("value", "Dana Doe");
        body.withArray("tags")
                .addObject()
                .put("name", "id_scan")
                .put(
                        "value",
                        "data:application/pdf;name=scan.pdf;base64,"
                                + Base64.getEncoder().encodeToString(pdf));
        return api.postJson("/v2/signing/" + token + "/submit", null, body.toString());
    }

    private static ObjectNode options() {
        ObjectNode root = JSON.createObjectNode().put("name", "Attachment");
        ObjectNode signer = root.putArray("recipients")
                .addObject()
                .put("name", "Dana Doe")
                .put("email", "dana@example.com")
                .put("sign_group", 1);
        signer.putArray("tags")
                .addObject()
                .put("name", "sig")
                .put("type", "signature")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.1);
        signer.withArray("tags")
                .addObject()
                .put("name", "id_scan")
                .put("type", "attachment")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.3);
        return root;
    }
}
