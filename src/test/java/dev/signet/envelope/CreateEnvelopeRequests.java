package dev.signet.envelope;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Pdfs;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The requests of {@code POST /v2/envelopes} the validation tests send, one row per rule: a valid
 * request, one mutation, and the JSON paths the answer must name. Shared by the web slice
 * ({@link CreateEnvelopeValidationSliceTest}, the refusals) and the full service
 * ({@link CreateEnvelopeValidationTest}, what is accepted and stored); no Spring, no database.
 */
final class CreateEnvelopeRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CreateEnvelopeRequests() {}

    static final int ONE_YEAR = 365 * 24 * 3600;

    /** Two signers in groups 1 and 2 and a CC; contract.pdf (2 pages) has tags, annex.pdf has none. */
    static ObjectNode validOptions() {
        ObjectNode o = JSON.createObjectNode().put("name", "Lease agreement");
        ArrayNode recipients = o.putArray("recipients");
        ObjectNode alice = recipients
                .addObject()
                .put("name", "Alice Smith")
                .put("email", "alice@example.com")
                .put("role", "Tenant")
                .put("sign_group", 1);
        ArrayNode aliceTags = alice.putArray("tags");
        aliceTags
                .addObject()
                .put("type", "signature")
                .put("name", "alice_signature")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.1);
        aliceTags
                .addObject()
                .put("type", "text_field")
                .put("name", "notes")
                .put("file_name", "contract.pdf")
                .put("page_number", 2)
                .put("x", 0.1)
                .put("y", 0.3)
                .put("width", 0.3);
        ObjectNode bob = recipients
                .addObject()
                .put("name", "Bob Jones")
                .put("email", "bob@example.com")
                .put("role", "Landlord")
                .put("sign_group", 2);
        bob.putArray("tags")
                .addObject()
                .put("type", "signature")
                .put("name", "bob_signature")
                .put("file_name", "contract.pdf")
                .put("page_number", 2)
                .put("x", 0.5)
                .put("y", 0.7);
        recipients.addObject().put("type", "CC").put("name", "Carol White").put("email", "carol@example.com");
        return o;
    }

    static Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("contract.pdf", Pdfs.pages(2));
        files.put("annex.pdf", Pdfs.pages(1));
        return files;
    }

    static Stream<Arguments> invalidOptions() {
        List<Arguments> cases = new ArrayList<>();
        // envelope name
        cases.add(row("envelope name missing", o -> o.remove("name"), "name"));
        cases.add(row("envelope name empty", o -> o.put("name", ""), "name"));
        cases.add(row("envelope name of 126 characters", o -> o.put("name", "n".repeat(126)), "name"));
        for (String banned : List.of(":", "*", "?", "<", ">", "|", "\\")) {
            cases.add(row("envelope name with " + banned, o -> o.put("name", "Lease " + banned + " 2025"), "name"));
        }
        // recipient name and role
        cases.add(row("recipient name missing", o -> recipient(o, 0).remove("name"), "recipients[0].name"));
        cases.add(row("recipient name empty", o -> recipient(o, 0).put("name", ""), "recipients[0].name"));
        cases.add(row(
                "recipient name of 101 characters",
                o -> recipient(o, 0).put("name", "a".repeat(101)),
                "recipients[0].name"));
        for (String banned : List.of("/", "\\", ":", "*", "?", "<", ">", "|")) {
            cases.add(row(
                    "recipient name with " + banned,
                    o -> recipient(o, 1).put("name", "Bob " + banned + " Jones"),
                    "recipients[1].name"));
            cases.add(row(
                    "role with " + banned, o -> recipient(o, 0).put("role", "Tenant " + banned), "recipients[0].role"));
        }
        cases.add(row("role of 51 characters", o -> recipient(o, 0).put("role", "r".repeat(51)), "recipients[0].role"));
        cases.add(row(
                "CC name with a banned character",
                o -> recipient(o, 2).put("name", "Carol <White>"),
                "recipients[2].name"));
        // emails
        for (String bad : List.of(
                "plainaddress",
                "alice@",
                "@example.com",
                "alice@@example.com",
                "alice smith@example.com",
                "Alice <alice@example.com>",
                "alice@example",
                "alice..smith@example.com",
                "alice@example..com",
                ".alice@example.com",
                "alice@example.com, bob@example.com")) {
            cases.add(row("email " + bad, o -> recipient(o, 0).put("email", bad), "recipients[0].email"));
        }
        cases.add(row("email missing", o -> recipient(o, 1).remove("email"), "recipients[1].email"));
        cases.add(row("CC email not an address", o -> recipient(o, 2).put("email", "carol"), "recipients[2].email"));
        cases.add(row(
                "reply_to not an address", o -> o.putObject("emails").put("reply_to", "nobody"), "emails.reply_to"));
        // how many recipients
        cases.add(row("31 signers", o -> addSigners(o, 29), "recipients"));
        cases.add(row("31 CC recipients", o -> addCcs(o, 30), "recipients"));
        cases.add(row(
                "no signer at all",
                o -> {
                    recipients(o).remove(1);
                    recipients(o).remove(0);
                },
                "recipients"));
        // sign groups
        cases.add(row(
                "sign groups with a gap (1, 3)",
                o -> recipient(o, 1).put("sign_group", 3),
                "recipients[1].sign_group"));
        cases.add(row(
                "sign groups not starting at 1 (2, 3)",
                o -> {
                    recipient(o, 0).put("sign_group", 2);
                    recipient(o, 1).put("sign_group", 3);
                },
                "recipients[0].sign_group",
                "recipients[1].sign_group"));
        cases.add(row(
                "sign group 0",
                o -> {
                    recipient(o, 0).put("sign_group", 0);
                    recipient(o, 1).put("sign_group", 1);
                },
                "recipients[0].sign_group"));
        cases.add(row(
                "sign group that is not a number",
                o -> recipient(o, 1).put("sign_group", "second"),
                "recipients[1].sign_group"));
        cases.add(row(
                "sign group with a fraction", o -> recipient(o, 1).put("sign_group", 1.5), "recipients[1].sign_group"));
        cases.add(row(
                "sign group 2^64 + 2, which wraps to 2 as a long",
                o -> recipient(o, 1).put("sign_group", new BigInteger("18446744073709551618")),
                "recipients[1].sign_group"));
        // CC recipients
        cases.add(row(
                "CC with tags",
                o -> recipient(o, 2).putArray("tags").add(tag(o, 0, 0).deepCopy()),
                "recipients[2].tags"));
        cases.add(row("CC with a sign group", o -> recipient(o, 2).put("sign_group", 1), "recipients[2].sign_group"));
        cases.add(row("CC with a role", o -> recipient(o, 2).put("role", "Observer"), "recipients[2].role"));
        cases.add(row(
                "CC with rules",
                o -> {
                    rule(o, "show", "notes", "alice_signature");
                    recipient(o, 2).set("rules", recipient(o, 0).remove("rules"));
                },
                "recipients[2].rules"));
        cases.add(row(
                "two CCs with one email",
                o -> recipients(o)
                        .addObject()
                        .put("type", "CC")
                        .put("name", "Carol W")
                        .put("email", "Carol@Example.com"),
                "recipients[3].email"));
        cases.add(row("unknown recipient type", o -> recipient(o, 1).put("type", "VIEWER"), "recipients[1].type"));
        // event notifications
        cases.add(row(
                "unknown event notification",
                o -> recipient(o, 0)
                        .putArray("event_notifications")
                        .add("signer_invitation")
                        .add("signer_reminder"),
                "recipients[0].event_notifications"));
        cases.add(row(
                "SMS invitation without a mobile number",
                o -> recipient(o, 0)
                        .putArray("event_notifications")
                        .add("signer_invitation")
                        .add("signer_invitation_sms"),
                "recipients[0].event_notifications"));
        cases.add(row(
                "SMS invitation without the email invitation",
                o -> {
                    recipient(o, 0).put("iso_country_code", "GB").put("mobile_number", "7999999999");
                    recipient(o, 0).putArray("event_notifications").add("signer_invitation_sms");
                },
                "recipients[0].event_notifications"));
        cases.add(row(
                "event notifications not an array",
                o -> recipient(o, 0).put("event_notifications", "signer_invitation"),
                "recipients[0].event_notifications"));
        // excluded files
        cases.add(row(
                "excluded file that was not uploaded",
                o -> recipient(o, 1).putArray("excluded_files").add("schedule.pdf"),
                "recipients[1].excluded_files"));
        cases.add(row(
                "excluded file that holds this recipient's tags",
                o -> recipient(o, 1).putArray("excluded_files").add("contract.pdf"),
                "recipients[1].excluded_files"));
        // reminders
        for (int frequency : new int[] {-1, 3, 5, 14}) {
            cases.add(row(
                    "reminder frequency " + frequency,
                    o -> o.putObject("emails").putObject("reminders").put("frequency", frequency),
                    "emails.reminders.frequency"));
        }
        cases.add(row(
                "reminder frequency as a word",
                o -> o.putObject("emails").putObject("reminders").put("frequency", "weekly"),
                "emails.reminders.frequency"));
        // link lifetime
        cases.add(row(
                "active for a year and a second",
                o -> recipient(o, 0).put("active_for_seconds", ONE_YEAR + 1),
                "recipients[0].active_for_seconds"));
        cases.add(row(
                "active for zero seconds",
                o -> recipient(o, 0).put("active_for_seconds", 0),
                "recipients[0].active_for_seconds"));
        cases.add(row(
                "active for negative seconds",
                o -> recipient(o, 0).put("active_for_seconds", -60),
                "recipients[0].active_for_seconds"));
        // tags
        // A tag on a file that was not uploaded is 202 and then ERRORED (RequestShapesTest), as the reference has it.
        cases.add(
                row("tag without file_name", o -> tag(o, 0, 0).remove("file_name"), "recipients[0].tags[0].file_name"));
        cases.add(row("tag x of 0.95", o -> tag(o, 0, 0).put("x", 0.95), "recipients[0].tags[0].x"));
        cases.add(row("tag x below 0", o -> tag(o, 0, 0).put("x", -0.01), "recipients[0].tags[0].x"));
        cases.add(row("tag y of 1", o -> tag(o, 1, 0).put("y", 1.0), "recipients[1].tags[0].y"));
        cases.add(row("tag y as a string", o -> tag(o, 1, 0).put("y", "0.5"), "recipients[1].tags[0].y"));
        cases.add(row("tag without y", o -> tag(o, 1, 0).remove("y"), "recipients[1].tags[0].y"));
        cases.add(row("tag page 0", o -> tag(o, 0, 0).put("page_number", 0), "recipients[0].tags[0].page_number"));
        cases.add(
                row("tag without page", o -> tag(o, 0, 0).remove("page_number"), "recipients[0].tags[0].page_number"));
        cases.add(row(
                "tag page beyond an int",
                o -> tag(o, 0, 0).put("page_number", 2_147_483_648L),
                "recipients[0].tags[0].page_number"));
        cases.add(row("unknown tag type", o -> tag(o, 0, 0).put("type", "stamp"), "recipients[0].tags[0].type"));
        cases.add(row("tag without type", o -> tag(o, 0, 0).remove("type"), "recipients[0].tags[0].type"));
        cases.add(row("tag type null", o -> tag(o, 0, 0).putNull("type"), "recipients[0].tags[0].type"));
        cases.add(row("tag x null", o -> tag(o, 0, 0).putNull("x"), "recipients[0].tags[0].x"));
        cases.add(row(
                "text field running off the page (x + width >= 1)",
                o -> tag(o, 0, 1).put("x", 0.8).put("width", 0.2),
                "recipients[0].tags[1].width"));
        cases.add(row(
                "text field narrower than 0.05", o -> tag(o, 0, 1).put("width", 0.01), "recipients[0].tags[1].width"));
        cases.add(row(
                "optional date_signed_field",
                o -> tag(o, 0, 1)
                        .put("type", "date_signed_field")
                        .put("optional", true)
                        .remove("width"),
                "recipients[0].tags[1].optional"));
        cases.add(row(
                "radio button without a group",
                o -> tag(o, 0, 1).put("type", "radio_field").remove("width"),
                "recipients[0].tags[1].tag_group_name"));
        cases.add(row(
                "tag group with a single tag",
                o -> tag(o, 0, 1).put("tag_group_name", "Choice"),
                "recipients[0].tags[1].tag_group_name"));
        cases.add(row(
                "tag group mixing optional and required",
                o -> {
                    tag(o, 0, 1)
                            .put("type", "checkbox_field")
                            .put("tag_group_name", "Extras")
                            .remove("width");
                    tags(o, 0)
                            .addObject()
                            .put("type", "checkbox_field")
                            .put("name", "extra2")
                            .put("tag_group_name", "Extras")
                            .put("optional", true)
                            .put("file_name", "contract.pdf")
                            .put("page_number", 2)
                            .put("x", 0.1)
                            .put("y", 0.5);
                },
                "recipients[0].tags[2].tag_group_name"));
        cases.add(row(
                "tag group name with punctuation",
                o -> tag(o, 0, 1).put("tag_group_name", "A-B"),
                "recipients[0].tags[1].tag_group_name"));
        cases.add(row(
                "two tags of one recipient with one name",
                o -> tag(o, 0, 1).put("name", "alice_signature"),
                "recipients[0].tags[1].name"));
        cases.add(row(
                "text validation with a broken regex",
                o -> tag(o, 0, 1).putObject("validation").put("regex", "[0-9").put("error_message", "Digits only"),
                "recipients[0].tags[1].validation.regex"));
        cases.add(row(
                "prefilled value on a signature",
                o -> tag(o, 0, 0).put("prefilled_value", "x"),
                "recipients[0].tags[0].prefilled_value"));
        cases.add(row("signer with an empty tag list", o -> recipient(o, 1).putArray("tags"), "recipients[1].tags"));
        cases.add(row("signer without tags", o -> recipient(o, 1).remove("tags"), "recipients[1].tags"));
        cases.add(row("signer with tags null", o -> recipient(o, 1).putNull("tags"), "recipients[1].tags"));
        // mobile and country
        cases.add(row(
                "mobile number without country",
                o -> recipient(o, 0).put("mobile_number", "7999999999"),
                "recipients[0].iso_country_code"));
        cases.add(row(
                "country without mobile number",
                o -> recipient(o, 0).put("iso_country_code", "GB"),
                "recipients[0].mobile_number"));
        cases.add(row(
                "unknown country",
                o -> recipient(o, 0).put("iso_country_code", "XX").put("mobile_number", 7999999999L),
                "recipients[0].iso_country_code"));
        cases.add(row(
                "mobile number with letters",
                o -> recipient(o, 0).put("iso_country_code", "GB").put("mobile_number", "07999 ABC"),
                "recipients[0].mobile_number"));
        cases.add(row(
                "envelope OTPs and a signer without mobile",
                o -> {
                    o.put("has_envelope_otps", true);
                    recipient(o, 1).put("iso_country_code", "GB").put("mobile_number", "7999999999");
                },
                "recipients[0].mobile_number"));
        // webhooks
        cases.add(row(
                "webhook over plain http to a public host",
                o -> notifications(o, "http://hooks.example.com/signet"),
                "notifications.destination"));
        cases.add(row(
                "webhook to a private address",
                o -> notifications(o, "https://10.1.2.3/signet"),
                "notifications.destination"));
        cases.add(row(
                "webhook to 192.168.x",
                o -> notifications(o, "https://192.168.0.10/signet"),
                "notifications.destination"));
        cases.add(row(
                "webhook to the cloud metadata address",
                o -> notifications(o, "https://169.254.169.254/latest"),
                "notifications.destination"));
        cases.add(row(
                "webhook to an IPv6 unique local address",
                o -> notifications(o, "https://[fd00::1]/signet"),
                "notifications.destination"));
        // One destination policy for create and send (notification.webhook.WebhookDestinations): a sandbox key gets
        // no loopback of its own, since a shared Signet would never deliver there. Only embedded mode or hosts the
        // operator trusts by name are relaxed (the slice runs with neither).
        cases.add(row(
                "sandbox webhook over plain http to loopback",
                o -> notifications(o, "http://127.0.0.1:9000/hook"),
                "notifications.destination"));
        cases.add(row(
                "sandbox webhook to localhost",
                o -> notifications(o, "http://localhost:9000/hook"),
                "notifications.destination"));
        cases.add(row(
                "sandbox webhook to localhost over https",
                o -> notifications(o, "https://localhost/hook"),
                "notifications.destination"));
        cases.add(row(
                "webhook to loopback written as one number",
                o -> notifications(o, "https://2130706433/hook"),
                "notifications.destination"));
        cases.add(row(
                "webhook to loopback written as 127.1",
                o -> notifications(o, "https://127.1/hook"),
                "notifications.destination"));
        cases.add(row(
                "webhook that is not a URL", o -> notifications(o, "hooks example com"), "notifications.destination"));
        cases.add(row(
                "webhook destination of more than 2000 characters",
                o -> notifications(o, "https://hooks.example.com/" + "a".repeat(2000)),
                "notifications.destination"));
        cases.add(row(
                "webhook without destination",
                o -> o.putObject("notifications").putArray("subscriptions").add("envelope_completion"),
                "notifications.destination"));
        cases.add(row(
                "webhook subscription to an unknown event",
                o -> {
                    notifications(o, "https://hooks.example.com/signet");
                    ((ArrayNode) o.get("notifications").get("subscriptions")).add("envelope_exploded");
                },
                "notifications.subscriptions[1]"));
        // conditional rules
        cases.add(row(
                "rule triggered by a name that is no tag",
                o -> rule(o, "show", "no_such_tag", "notes"),
                "recipients[0].rules[0].conditions[0].trigger_tag_name"));
        cases.add(row(
                "rule triggered by another recipient's tag",
                o -> rule(o, "show", "bob_signature", "notes"),
                "recipients[0].rules[0].conditions[0].trigger_tag_name"));
        cases.add(row(
                "rule affecting an unknown tag",
                o -> rule(o, "show", "notes", "no_such_tag"),
                "recipients[0].rules[0].affected_tag_names"));
        cases.add(row(
                "rule with an unknown action",
                o -> rule(o, "explode", "notes", "alice_signature"),
                "recipients[0].rules[0].action"));
        // the rest of the options object
        cases.add(row("unknown autotagging industry", o -> o.put("autotagging", "SHIPPING"), "autotagging"));
        cases.add(row(
                "redirect URLs on an envelope signed from an email link (embedded envelopes only)",
                o -> o.putObject("parent_redirect_urls").put("success", "https://example.com/done"),
                "parent_redirect_urls"));
        cases.add(row(
                "sender event that is not envelope_completion",
                o -> o.putObject("sender").putArray("event_notifications").add("signer_completion"),
                "sender.event_notifications"));
        cases.add(row(
                "invitation message of 601 characters",
                o -> o.putObject("emails")
                        .putObject("invitation")
                        .putObject("body")
                        .put("message", "m".repeat(601)),
                "emails.invitation.body.message"));
        // verification.idv (reference 4.4)
        cases.add(row(
                "auth_type idv without verification.idv",
                o -> recipient(o, 0).put("auth_type", "idv"),
                "recipients[0].verification.idv"));
        cases.add(row(
                "verification.idv without auth_type idv",
                o -> idv(o).put("session_config_name", "HR"),
                "recipients[0].verification.idv"));
        cases.add(row(
                "verification.idv without session_config_name",
                o -> idvSigner(o).remove("session_config_name"),
                "recipients[0].verification.idv.session_config_name"));
        cases.add(row(
                "verification.idv naming no prebuilt or custom configuration",
                o -> idvSigner(o).put("session_config_name", "Real-Estate"),
                "recipients[0].verification.idv.session_config_name"));
        cases.add(row(
                "verification.idv when neither before_viewing nor after_submitting",
                o -> idvSigner(o).put("when", "before_signing"),
                "recipients[0].verification.idv.when"));
        for (int limit : List.of(0, 11)) {
            cases.add(row(
                    "verification.idv session_limit " + limit,
                    o -> idvSigner(o).put("session_limit", limit),
                    "recipients[0].verification.idv.session_limit"));
        }
        cases.add(row(
                "verification.idv session_limit as text",
                o -> idvSigner(o).put("session_limit", "3"),
                "recipients[0].verification.idv.session_limit"));
        cases.add(row(
                "verification.idv blocks_signing with an unknown failure",
                o -> idvSigner(o)
                        .putArray("blocks_signing")
                        .add("deadend_errors")
                        .add("timeouts"),
                "recipients[0].verification.idv.blocks_signing"));
        cases.add(row(
                "verification.idv with an option the reference does not have",
                o -> idvSigner(o).put("country", "GB"),
                "recipients[0].verification.idv.country"));
        return cases.stream();
    }

    static Stream<Arguments> validOptionsAtTheEdges() {
        return Stream.of(
                row("the base request unchanged", o -> {}),
                row("envelope name of 125 characters, with a slash", o -> o.put("name", "a/b" + "n".repeat(122))),
                row(
                        "recipient name of 100 and role of 50 characters",
                        o -> recipient(o, 0).put("name", "a".repeat(100)).put("role", "r".repeat(50))),
                row("sign group given as the string \"2\"", o -> recipient(o, 1).put("sign_group", "2")),
                row(
                        "reminders every 7 days",
                        o -> o.putObject("emails").putObject("reminders").put("frequency", 7)),
                row(
                        "reminders off (0)",
                        o -> o.putObject("emails").putObject("reminders").put("frequency", 0)),
                row("link active for exactly one year", o -> recipient(o, 0).put("active_for_seconds", ONE_YEAR)),
                row(
                        "tag at x = y = 0.949",
                        o -> tag(o, 1, 0)
                                .put("type", "checkbox_field")
                                .put("x", 0.949)
                                .put("y", 0.949)),
                row(
                        "mobile number as a JSON number with its country",
                        o -> recipient(o, 0).put("iso_country_code", "GB").put("mobile_number", 7999999999L)),
                row("SMS invitation with email invitation and mobile", o -> {
                    recipient(o, 0).put("iso_country_code", "GB").put("mobile_number", "7999999999");
                    recipient(o, 0)
                            .putArray("event_notifications")
                            .add("signer_invitation")
                            .add("signer_invitation_sms");
                }),
                row("envelope OTPs when every signer has a mobile", o -> {
                    o.put("has_envelope_otps", true);
                    recipient(o, 0).put("iso_country_code", "GB").put("mobile_number", "7999999999");
                    recipient(o, 1).put("iso_country_code", "IE").put("mobile_number", "851234567");
                }),
                row(
                        "excluding a file without this recipient's tags",
                        o -> recipient(o, 1).putArray("excluded_files").add("annex.pdf")),
                row("radio group of two", o -> {
                    tag(o, 0, 1)
                            .put("type", "radio_field")
                            .put("tag_group_name", "Pets")
                            .remove("width");
                    tags(o, 0)
                            .addObject()
                            .put("type", "radio_field")
                            .put("name", "no_pets")
                            .put("tag_group_name", "Pets")
                            .put("file_name", "contract.pdf")
                            .put("page_number", 2)
                            .put("x", 0.1)
                            .put("y", 0.4);
                }),
                row("a rule on the recipient's own tags", o -> rule(o, "make_required", "notes", "alice_signature")),
                // Webhooks are delivered (notification.webhook), so a valid destination is accepted.
                row("webhook over https to a public host", o -> notifications(o, "https://hooks.example.com/signet")),
                // Identity verification: the sandbox provider serves sandbox keys.
                row("identity verification with every option at its edge", o -> {
                    idvSigner(o).put("when", "after_submitting").put("session_limit", 10);
                    ((ObjectNode) recipient(o, 0).get("verification").get("idv"))
                            .putArray("blocks_signing")
                            .add("deadend_errors")
                            .add("merge_field_not_resolved");
                }),
                row(
                        "identity verification with one session and defaults",
                        o -> idvSigner(o).put("session_limit", 1)),
                row("one webhook subscription repeated 200 times", o -> {
                    notifications(o, "https://hooks.example.com/signet");
                    for (int i = 0; i < 200; i++) {
                        ((ArrayNode) o.get("notifications").get("subscriptions")).add("envelope_completion");
                    }
                }));
    }

    /**
     * Options that pass every rule but that this Signet cannot carry out here (age verification; Yoti
     * auth where no Yoti auth provider serves the caller, as in the web slice): refused with a code
     * saying which, never accepted and ignored.
     */
    static Stream<Arguments> validOptionsNotHonouredYet() {
        return Stream.of(
                Arguments.of(
                        "Yoti auth with no Yoti auth provider",
                        (Consumer<ObjectNode>) o -> recipient(o, 1).put("auth_type", "sign-auth"),
                        "ASSURANCE_NOT_AVAILABLE",
                        Set.of("recipients[1].auth_type")),
                Arguments.of(
                        "age verification",
                        (Consumer<ObjectNode>) o -> recipient(o, 0)
                                .putObject("verification")
                                .putObject("age")
                                .putObject("age_estimation")
                                .put("allowed", true),
                        "ASSURANCE_NOT_AVAILABLE",
                        Set.of("recipients[0].verification.age")),
                Arguments.of(
                        "a tag filled from identity verification data",
                        (Consumer<ObjectNode>) o -> {
                            idvSigner(o);
                            tag(o, 0, 0)
                                    .putObject("merge_field")
                                    .put("source", "idv")
                                    .put("id_doc", 1)
                                    .put("field_name", "full_name");
                        },
                        "ASSURANCE_NOT_AVAILABLE",
                        Set.of("recipients[0].tags[0].merge_field")));
    }

    /** Recipient 0's verification.idv object, created empty. */
    static ObjectNode idv(ObjectNode o) {
        return recipient(o, 0).putObject("verification").putObject("idv");
    }

    /** Recipient 0 verified with Yoti's prebuilt "Real Estate" configuration before viewing. */
    static ObjectNode idvSigner(ObjectNode o) {
        recipient(o, 0).put("auth_type", "idv");
        return idv(o).put("session_config_name", "Real Estate");
    }

    static Arguments row(String description, Consumer<ObjectNode> mutation, String... fields) {
        return Arguments.of(description, mutation, new TreeSet<>(List.of(fields)));
    }

    static ArrayNode recipients(ObjectNode o) {
        return (ArrayNode) o.get("recipients");
    }

    static ObjectNode recipient(ObjectNode o, int index) {
        return (ObjectNode) recipients(o).get(index);
    }

    static ArrayNode tags(ObjectNode o, int recipient) {
        return (ArrayNode) recipient(o, recipient).get("tags");
    }

    static ObjectNode tag(ObjectNode o, int recipient, int index) {
        return (ObjectNode) tags(o, recipient).get(index);
    }

    /** Adds signers to group 1, each with a signature tag of its own on the annex. */
    static void addSigners(ObjectNode o, int count) {
        for (int i = 0; i < count; i++) {
            ObjectNode signer = recipients(o)
                    .addObject()
                    .put("name", "Signer " + i)
                    .put("email", "signer" + i + "@example.com")
                    .put("sign_group", 1);
            signer.putArray("tags")
                    .addObject()
                    .put("type", "initials")
                    .put("file_name", "annex.pdf")
                    .put("page_number", 1)
                    .put("x", 0.05 + 0.3 * (i % 3))
                    .put("y", 0.03 * (i / 3));
        }
    }

    static void addCcs(ObjectNode o, int count) {
        for (int i = 0; i < count; i++) {
            recipients(o)
                    .addObject()
                    .put("type", "CC")
                    .put("name", "Copy " + i)
                    .put("email", "copy" + i + "@example.com");
        }
    }

    static void notifications(ObjectNode o, String destination) {
        ObjectNode notifications = o.putObject("notifications").put("destination", destination);
        notifications.putArray("subscriptions").add("envelope_completion");
    }

    static void rule(ObjectNode o, String action, String trigger, String affected) {
        ObjectNode rule = recipient(o, 0).putArray("rules").addObject().put("action", action);
        rule.putArray("conditions").addObject().put("trigger_tag_name", trigger).put("criteria", "has_value");
        rule.putArray("affected_tag_names").add(affected);
    }
}
