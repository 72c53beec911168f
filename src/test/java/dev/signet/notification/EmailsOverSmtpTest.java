package dev.signet.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every kind of envelope email, as it arrives through a real SMTP server after a real envelope's
 * flow: the HTML has the subject as its title, each button has the same address written out beside
 * it and in the text body, and what the completion email says is attached is what is attached.
 * Emails are in English only: every message is composed with {@code Locale.ENGLISH}.
 */
class EmailsOverSmtpTest extends DispatchTest {

    private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);
    private static final Pattern ANCHOR = Pattern.compile("<a href=\"([^\"]*)\"[^>]*>(.*?)</a>", Pattern.DOTALL);

    /** One email as it was received: its subject, both bodies and the names of its attachments. */
    record Received(String subject, String text, String html, List<String> attachments) {

        static Received of(MimeMessage m) throws Exception {
            List<String> names = new ArrayList<>();
            collectAttachments(m, names);
            // SMTP carries lines ending in CRLF.
            return new Received(
                    m.getSubject(),
                    Smtp.part(m, "text/plain").orElseThrow().replace("\r\n", "\n"),
                    Smtp.part(m, "text/html").orElseThrow().replace("\r\n", "\n"),
                    names);
        }

        String title() {
            Matcher m = TITLE.matcher(html);
            assertThat(m.find()).as("a <title> in " + subject).isTrue();
            return m.group(1);
        }

        /** href → the anchor's text, in order. */
        List<String[]> anchors() {
            List<String[]> found = new ArrayList<>();
            Matcher m = ANCHOR.matcher(html);
            while (m.find()) {
                found.add(new String[] {m.group(1), m.group(2)});
            }
            return found;
        }
    }

    @Test
    void invitationReminderAndCompletionCarryTitlesCopyableLinksAndThePackTheySay() throws Exception {
        String alice = unique("alice");
        Tenant tenant = newTenant();
        String name = "Lease " + UUID.randomUUID().toString().substring(0, 6);
        Options options = new Options(name).signer("Alice Archer", alice, 1);
        options.json().putObject("emails").put("name", "Acme Lettings");
        UUID envelope = create(tenant.liveKey(), options.toString());
        runJobs(envelope);
        Message invitation = invitationTo(envelope, alice);
        assertThat(api.post(
                                "/v2/envelopes/" + envelope + "/recipients/" + invitation.recipientId()
                                        + "/send-reminder",
                                tenant.liveKey())
                        .status())
                .isEqualTo(200);
        runJobs(envelope);
        assertThat(sign(invitation.token()).status()).isBetween(200, 299);
        runJobs(envelope);
        assertThat(status(envelope)).isEqualTo("COMPLETE");
        deliverAll();

        Map<String, Received> byKind = receivedBy(alice);
        assertThat(byKind)
                .containsOnlyKeys(
                        "Acme Lettings asks you to sign: " + name,
                        "Reminder: Acme Lettings is waiting for your signature on " + name,
                        "Completed: " + name);
        for (Received mail : byKind.values()) {
            assertThat(mail.title()).isEqualTo(mail.subject());
        }
        for (String subject : List.of(
                "Acme Lettings asks you to sign: " + name,
                "Reminder: Acme Lettings is waiting for your signature on " + name)) {
            Received mail = byKind.get(subject);
            List<String[]> anchors = mail.anchors();
            assertThat(anchors).as(subject).hasSize(2);
            String button = anchors.get(0)[0];
            assertThat(anchors.get(0)[1]).isEqualTo("Review and sign");
            assertThat(button).matches("http.*/sign/[A-Za-z0-9_-]+");
            assertThat(anchors.get(1)[0])
                    .as("the copyable link goes where the button does")
                    .isEqualTo(button);
            assertThat(anchors.get(1)[1]).as("and shows its address").isEqualTo(button);
            assertThat(mail.html()).contains("If the button does not work, copy this address into your browser:");
            assertThat(mail.text()).contains("Review and sign: " + button + "\n");
            assertThat(mail.attachments()).isEmpty();
        }

        Received completion = byKind.get("Completed: " + name);
        List<String> pack = completionPack(tenant.liveKey(), envelope).keySet().stream()
                .map(n -> n.replace('/', '_'))
                .toList();
        assertThat(pack).contains("contract.pdf", "coversheet.pdf", "evidence.xml");
        assertThat(completion.attachments()).containsExactlyInAnyOrderElementsOf(pack);
        assertThat(completion.text())
                .contains("The signed documents and the completion pack are attached to this email");
        assertThat(plain(completion.html()))
                .contains("The signed documents and the completion pack are attached to this email")
                .doesNotContain("too large");

        Received toSender = ofSubject("sender@example.com", "Everyone has signed: " + name);
        assertThat(toSender.title()).isEqualTo(toSender.subject());
        assertThat(toSender.attachments()).containsExactlyInAnyOrderElementsOf(pack);
        assertThat(toSender.text())
                .contains("are attached to this email")
                .contains("GET /v2/envelopes/" + envelope + "/completed-documents");
        assertThat(api.get("/v2/envelopes/" + envelope + "/completed-documents", tenant.liveKey())
                        .status())
                .as("the address the email gives works")
                .isEqualTo(200);
    }

    @Test
    void aPackTooLargeToMailIsNotAttachedAndTheEmailsSaySoAndWhereItIs() throws Exception {
        String bob = unique("bob");
        Tenant tenant = newTenant();
        String name = "Big " + UUID.randomUUID().toString().substring(0, 6);
        Options options = new Options(name).signer("Bob Baker", bob, 1);
        options.json().putObject("emails").put("name", "Acme Lettings");
        UUID envelope = create(tenant.liveKey(), options.toString());
        runJobs(envelope);
        // A signer's attachment of 16 MB, stored as the signing page stores one: the pack is now over the limit.
        byte[] large = new byte[16 * 1024 * 1024];
        new SecureRandom().nextBytes(large);
        jdbc.sql("""
                        insert into envelope_file (id, envelope_id, kind, recipient_id, tag_id, file_name, content_type, sha256,
                          content, created_at)
                        values (?, ?, 'ATTACHMENT', null, null, 'scan.pdf', 'application/pdf', 'x', ?, ?)""")
                .params(UUID.randomUUID(), envelope, large, OffsetDateTime.now(ZoneOffset.UTC))
                .update();
        assertThat(sign(invitationTo(envelope, bob).token()).status()).isBetween(200, 299);
        runJobs(envelope);
        assertThat(status(envelope)).isEqualTo("COMPLETE");
        deliverAll();

        Received completion = receivedBy(bob).get("Completed: " + name);
        assertThat(completion.attachments()).isEmpty();
        assertThat(completion.text())
                .doesNotContain("are attached to this email")
                .contains("too large to attach to an email, so none are attached. Ask Acme Lettings for a copy.");
        assertThat(plain(completion.html()))
                .doesNotContain("are attached to this email")
                .contains("so none are attached");

        Received toSender = ofSubject("sender@example.com", "Everyone has signed: " + name);
        assertThat(toSender.attachments()).isEmpty();
        assertThat(toSender.text())
                .doesNotContain("are attached to this email")
                .contains("so none are attached")
                .contains("GET /v2/envelopes/" + envelope + "/completed-documents");
    }

    @Test
    void declinedAndArchivedEmailsHaveTitlesAndNoButtonsOrAttachments() throws Exception {
        Tenant tenant = newTenant();
        String carl = unique("carl");
        String dora = unique("dora");
        String name = "Loan " + UUID.randomUUID().toString().substring(0, 6);
        Options declining = new Options(name).signer("Carl Cole", carl, 1).signer("Dora Dunn", dora, 1);
        declining.json().put("allow_decline", true);
        UUID declined = create(tenant.liveKey(), declining.toString());
        runJobs(declined);
        assertThat(api.postJson(
                                "/v2/signing/" + invitationTo(declined, carl).token() + "/decline",
                                null,
                                "{\"reason\": \"The rate is wrong\"}")
                        .status())
                .isBetween(200, 299);
        runJobs(declined);

        String erin = unique("erin");
        String withdrawn = "Deed " + UUID.randomUUID().toString().substring(0, 6);
        UUID archived = create(
                tenant.liveKey(),
                new Options(withdrawn).signer("Erin Eve", erin, 1).toString());
        runJobs(archived);
        assertThat(api.patch("/v2/envelopes/" + archived, tenant.liveKey()).status())
                .as("archived")
                .isEqualTo(204);
        runJobs(archived);
        deliverAll();

        Received toDora = receivedBy(dora).get("Declined: " + name);
        Received toErin = receivedBy(erin).get("Withdrawn: " + withdrawn);
        for (Received mail : List.of(toDora, toErin)) {
            assertThat(mail.title()).isEqualTo(mail.subject());
            assertThat(mail.anchors()).isEmpty();
            assertThat(mail.attachments()).isEmpty();
            assertThat(mail.html()).doesNotContain("attached");
        }
        assertThat(toDora.text()).contains("Their reason:\nThe rate is wrong");
        assertThat(toErin.text()).contains("has withdrawn \"" + withdrawn + "\"");
    }

    private void deliverAll() {
        for (int round = 0; round < 100 && dispatcher.dispatchDue() > 0; round++) {
            // until nothing is due
        }
    }

    private Map<String, Received> receivedBy(String address) throws Exception {
        Map<String, Received> bySubject = new java.util.LinkedHashMap<>();
        for (MimeMessage m : Smtp.receivedBy(smtp, address)) {
            Received r = Received.of(m);
            assertThat(bySubject.put(r.subject(), r))
                    .as("one email of each subject")
                    .isNull();
        }
        return bySubject;
    }

    /** The sender's copy: every test's organisation shares its address, so it is found by the envelope's name. */
    private Received ofSubject(String address, String subject) throws Exception {
        List<Received> found = new ArrayList<>();
        for (MimeMessage m : Smtp.receivedBy(smtp, address)) {
            if (subject.equals(m.getSubject())) {
                found.add(Received.of(m));
            }
        }
        assertThat(found).as(subject).hasSize(1);
        return found.get(0);
    }

    /** The HTML's words without its tags, as a reader sees them. */
    private static String plain(String html) {
        return html.replaceAll("<[^>]+>", "").replaceAll("\\s+", " ");
    }

    private static void collectAttachments(Part part, List<String> names) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collectAttachments(multipart.getBodyPart(i), names);
            }
        } else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            names.add(part.getFileName());
        }
    }
}
