package dev.signet.assurance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Yoti auth on Yoti's Java SDK (its Digital ID share v2 client) against the share emulation, which
 * checks the SDK's request signing and sends receipts encrypted as Yoti does, so the SDK must
 * decrypt them with the configured key pair: a live envelope asking for {@code sign-auth} is
 * accepted once Yoti is configured; a share of the recipient's own email passes (receipt id and
 * attribute names kept, never a value), another email is refused and the recipient may try again,
 * and a Yoti that is down then up gives no verdict until it answers.
 */
class YotiShareServiceTest extends WithYoti {

    @Autowired
    YotiShareService shares;

    @Test
    void aLiveShareOfTheRecipientsOwnEmailPassesAndKeepsOnlyTheReceiptAndTheAttributeNames() throws Exception {
        Tenant tenant = newTenant();
        Api.Response created = api.createEnvelope(
                tenant.liveKey(), options("full_name", "photo_auth").toString());
        assertThat(created.status())
                .as("no longer refused as ASSURANCE_NOT_AVAILABLE: %s", created)
                .isEqualTo(202);
        YotiShareService.ShareRecipient r =
                recipient(UUID.fromString(created.json().get("envelope_id").asText()), "full_name", "photo_auth");

        YotiShareService.Open open = (YotiShareService.Open) shares.start(r);
        assertThat(open.provider()).isEqualTo("yoti");
        assertThat(open.shareUri()).startsWith("https://code.yoti.com/emulated/");
        JsonNode asked = SHARE.request(SHARE.sessionOfUri(open.shareUri()).orElseThrow());
        List<String> wanted = new ArrayList<>();
        asked.path("policy")
                .path("wanted")
                .forEach(w -> wanted.add(w.path("name").asText()));
        assertThat(wanted).containsExactlyInAnyOrder("email_address", "full_name", "selfie");
        assertThat(asked.path("policy").path("wanted_auth_types").toString())
                .as("photo_auth: a live selfie authenticates the share")
                .contains("1");
        assertThat(asked.path("redirectUri").asText()).isEqualTo(r.returnUrl());
        assertThat(asked.toString()).as("Yoti is never told whom to expect").doesNotContain("alice");
        assertThat(shares.start(r))
                .as("a second press resumes the open session")
                .isEqualTo(open);

        assertThat(shares.check(r).outcome()).as("nothing shared yet").isEqualTo(YotiShareService.Outcome.WAITING);
        shareFromYotiApp(open.shareUri(), "  ALICE@Example.com ");
        Thread.sleep(YotiShareService.CHECK_INTERVAL.toMillis() + 100);
        YotiShareService.Check passed = shares.check(r);

        assertThat(passed.outcome()).isEqualTo(YotiShareService.Outcome.PASSED);
        assertThat(passed.receiptId()).isNotBlank();
        assertThat(passed.attributes()).containsExactlyInAnyOrder("email_address", "full_name", "selfie");
        assertThat(passed.evidence()).startsWith("yoti-share (receipt " + passed.receiptId() + "; shared ");
        assertThat(shares.check(r))
                .as("asked again, answered from what was kept")
                .isEqualTo(passed);
        assertThat(yotiRequestsRefused())
                .as("every SDK request passed Yoti's signature check")
                .isZero();
        assertThat(audit(r.envelopeId())).contains("yoti_share_started", "yoti_share_passed");
        String kept = jdbc.sql("select concat(coalesce(receipt_id, ''), ' ', coalesce(attributes, '')) from yoti_share "
                        + "where recipient_id = ?")
                .param(r.recipientId())
                .query(String.class)
                .single();
        assertThat(kept).contains(passed.receiptId(), "selfie");
        assertThat(details(r.envelopeId()))
                .as("no shared value is written down")
                .contains(passed.receiptId())
                .doesNotContainIgnoringCase("alice@")
                .doesNotContain("Emulated Person");
    }

    @Test
    void anotherEmailIsRefusedAndTheRecipientMayTryAgainWithinTheLimit() throws Exception {
        Tenant tenant = newTenant();
        UUID envelope = create(tenant.liveKey(), options().toString());
        YotiShareService.ShareRecipient r = recipient(envelope);

        YotiShareService.Open first = (YotiShareService.Open) shares.start(r);
        shareFromYotiApp(first.shareUri(), "mallory@example.com");
        YotiShareService.Check refused = shares.check(r);
        assertThat(refused.outcome()).isEqualTo(YotiShareService.Outcome.EMAIL_MISMATCH);
        assertThat(shares.peek(r.recipientId()))
                .isEqualTo(new YotiShareService.Ready(YotiShareService.MAX_REFUSALS - 1, "EMAIL_MISMATCH"));
        assertThat(audit(envelope)).contains("yoti_share_email_mismatch").doesNotContain("yoti_share_passed");
        assertThat(details(envelope)).doesNotContain("mallory");

        YotiShareService.Open second = (YotiShareService.Open) shares.start(r);
        assertThat(second.shareUri()).isNotEqualTo(first.shareUri());
        shareFromYotiApp(second.shareUri(), "alice@example.com");
        assertThat(shares.check(r).outcome()).isEqualTo(YotiShareService.Outcome.PASSED);
    }

    @Test
    void aYotiThatIsDownGivesNoVerdictUntilItIsUpAgain() throws Exception {
        Tenant tenant = newTenant();
        UUID envelope = create(tenant.liveKey(), options().toString());
        YotiShareService.ShareRecipient r = recipient(envelope);

        SHARE.down(1);
        assertThat(shares.start(r)).isInstanceOf(YotiShareService.ProviderDown.class);
        YotiShareService.Open open = (YotiShareService.Open) shares.start(r);
        shareFromYotiApp(open.shareUri(), "alice@example.com");
        SHARE.down(1);
        assertThat(shares.check(r).outcome())
                .as("down: nobody passes without a receipt")
                .isEqualTo(YotiShareService.Outcome.PROVIDER_DOWN);
        assertThat(shares.check(r).outcome())
                .as("asked again at once: Yoti is not hammered")
                .isEqualTo(YotiShareService.Outcome.WAITING);
        Thread.sleep(YotiShareService.CHECK_INTERVAL.toMillis() + 100);
        assertThat(shares.check(r).outcome()).as("up again").isEqualTo(YotiShareService.Outcome.PASSED);
        assertThat(audit(envelope)).contains("yoti_share_provider_unavailable", "yoti_share_passed");
    }

    private YotiShareService.ShareRecipient recipient(UUID envelope, String... attributes) {
        UUID recipient = jdbc.sql("select id from recipient where envelope_id = ?")
                .param(envelope)
                .query(UUID.class)
                .single();
        return new YotiShareService.ShareRecipient(
                envelope,
                recipient,
                "alice@example.com",
                List.of(attributes),
                false,
                "http://localhost:" + port + "/sign/token/yoti/done");
    }

    private List<String> audit(UUID envelope) {
        return jdbc.sql("select type from audit_event where envelope_id = ? order by seq")
                .param(envelope)
                .query(String.class)
                .list();
    }

    private String details(UUID envelope) {
        return String.join(
                "\n",
                jdbc.sql("select details_json from audit_event where envelope_id = ? order by seq")
                        .param(envelope)
                        .query(String.class)
                        .list());
    }

    static ObjectNode options(String... attributes) {
        ObjectNode root = JSON.createObjectNode().put("name", "Lease with Yoti auth");
        ObjectNode signer = root.putArray("recipients")
                .addObject()
                .put("name", "Alice Smith")
                .put("email", "alice@example.com")
                .put("sign_group", 1)
                .put("auth_type", "sign-auth");
        if (attributes.length > 0) {
            var list = signer.putArray("yoti_attributes");
            for (String a : attributes) {
                list.add(a);
            }
        }
        signer.putArray("tags")
                .addObject()
                .put("name", "sig")
                .put("type", "signature")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.1);
        return root;
    }
}
