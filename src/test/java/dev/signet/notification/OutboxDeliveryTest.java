package dev.signet.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetProperties;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Live email through a real SMTP server that fails, comes back, or never does. */
class OutboxDeliveryTest extends DispatchTest {

    @Autowired
    SignetProperties properties;

    record Row(
            String status,
            int attempts,
            String lastError,
            OffsetDateTime nextAttemptAt,
            OffsetDateTime sentAt,
            String subject,
            String text,
            String html) {}

    @Test
    void aMessageSurvivesAnSmtpOutageAndIsSentOnceWhenTheServerIsBack() throws Exception {
        Tenant tenant = newTenant();
        String alice = unique("alice");
        Options options = new Options("Lease of flat 4").signer("Alice Archer", alice, 1);
        options.json().putObject("emails").put("name", "Acme Lettings").put("reply_to", "landlord@acme.example");
        UUID envelope = create(tenant.liveKey(), options.toString());
        runJobs(envelope);
        Message invitation = invitationTo(envelope, alice);
        String link = "http://signet.test/sign/" + invitation.token();

        smtp.stop();
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC);
        dispatcher.dispatchDue();

        Row failed = row(invitation.id());
        assertThat(failed.status()).isEqualTo("PENDING");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).isNotBlank();
        assertThat(failed.nextAttemptAt()).isAfter(before.plusNanos(999_000_000));
        assertThat(lastEmailStatus(tenant.liveKey(), envelope, alice)).isEqualTo("RETRYING");

        smtp.start();
        makeDue(invitation.id());
        dispatcher.dispatchDue();

        Row sent = row(invitation.id());
        assertThat(sent.status()).isEqualTo("SENT");
        assertThat(sent.attempts()).isEqualTo(2);
        assertThat(sent.lastError()).isNull();
        assertThat(sent.sentAt()).isNotNull();
        assertThat(lastEmailStatus(tenant.liveKey(), envelope, alice)).isEqualTo("SENT");

        assertThat(Smtp.receivedBy(smtp, alice)).hasSize(1);
        MimeMessage mail = Smtp.receivedBy(smtp, alice).get(0);
        InternetAddress from = (InternetAddress) mail.getFrom()[0];
        assertThat(from.getPersonal()).isEqualTo("Acme Lettings");
        assertThat(from.getAddress()).isEqualTo("no-reply@signet.localhost");
        assertThat(mail.getReplyTo())
                .extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("landlord@acme.example");
        assertThat(mail.getSubject())
                .isEqualTo(invitation.subject())
                .isEqualTo("Acme Lettings asks you to sign: Lease of flat 4");
        assertThat(Smtp.part(mail, "text/plain"))
                .hasValueSatisfying(text -> assertThat(text).contains(link));
        assertThat(Smtp.part(mail, "text/html"))
                .hasValueSatisfying(html -> assertThat(html).contains(link));

        dispatcher.dispatchDue();
        assertThat(Smtp.receivedBy(smtp, alice)).hasSize(1);
        assertThat(row(invitation.id()).attempts()).isEqualTo(2);
    }

    /**
     * The one duplicate an outbox cannot rule out: the SMTP server took the message, then the node
     * died before the row said SENT, so another node sends it again. Both copies must carry the
     * same Message-ID, so that mail systems and clients show one message.
     */
    @Test
    void aMessageSentAgainAfterACrashCarriesTheSameMessageId() throws Exception {
        Tenant tenant = newTenant();
        String carol = unique("carol");
        UUID envelope = create(
                tenant.liveKey(),
                new Options("Lease").signer("Carol Cooper", carol, 1).toString());
        runJobs(envelope);
        Row queued = row(invitationTo(envelope, carol).id());
        UUID invitation = invitationTo(envelope, carol).id();

        dispatcher.dispatchDue();
        // As if the node had died after the SMTP server's answer, before its update committed.
        jdbc.sql("""
                        update outbox_message set status = 'PENDING', attempts = 0, sent_at = null, claimed_until = null,
                          body_text = ?, body_html = ? where id = ?""").params(queued.text(), queued.html(), invitation).update();
        dispatcher.dispatchDue();

        List<MimeMessage> received = Smtp.receivedBy(smtp, carol);
        assertThat(received).hasSize(2);
        assertThat(received)
                .extracting(MimeMessage::getMessageID)
                .containsOnly("<" + invitation + "@signet.localhost>");
    }

    @Test
    void aMessageThatKeepsFailingEndsFailedAfterMaxAttemptsAndIsNotTriedAgain() {
        Tenant tenant = newTenant();
        String bob = unique("bob");
        UUID envelope = create(
                tenant.liveKey(),
                new Options("Loan").signer("Bob Baker", bob, 1).toString());
        runJobs(envelope);
        UUID invitation = invitationTo(envelope, bob).id();
        int maxAttempts = properties.outbox().maxAttempts();
        assertThat(maxAttempts).isGreaterThan(1);

        smtp.stop();
        for (int attempt = 1; attempt < maxAttempts; attempt++) {
            dispatcher.dispatchDue();
            assertThat(row(invitation).status()).isEqualTo("PENDING");
            assertThat(row(invitation).attempts()).isEqualTo(attempt);
            makeDue(invitation);
        }
        dispatcher.dispatchDue();

        Row failed = row(invitation);
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.attempts()).isEqualTo(maxAttempts);
        assertThat(failed.lastError()).isNotBlank();
        assertThat(lastEmailStatus(tenant.liveKey(), envelope, bob)).isEqualTo("FAILED");

        smtp.start();
        makeDue(invitation);
        dispatcher.dispatchDue();
        assertThat(Smtp.receivedBy(smtp, bob)).isEmpty();
        assertThat(row(invitation).attempts()).isEqualTo(maxAttempts);
    }

    @Test
    void aDeliveredLiveMessageNoLongerHoldsItsBodyOrSigningLink() {
        Tenant tenant = newTenant();
        String carol = unique("carol");
        UUID envelope = create(
                tenant.liveKey(),
                new Options("Tenancy").signer("Carol Cole", carol, 1).toString());
        runJobs(envelope);
        Message invitation = invitationTo(envelope, carol);
        assertThat(row(invitation.id()).text()).contains(invitation.token());

        dispatcher.dispatchDue();

        Row sent = row(invitation.id());
        assertThat(sent.status()).isEqualTo("SENT");
        assertThat(sent.text()).isNull();
        assertThat(sent.html()).isNull();
        assertThat(sent.subject()).isEqualTo(invitation.subject());
        assertThat(Smtp.receivedBy(smtp, carol)).hasSize(1);
        // Only our copy is gone: the link in the delivered email still opens the envelope.
        assertThat(api.get("/v2/signing/" + invitation.token(), null).status()).isEqualTo(200);
    }

    @Test
    void aLiveMessageThatFailedForGoodKeepsItsTextButNoUsableSigningLink() {
        Tenant tenant = newTenant();
        String dora = unique("dora");
        UUID envelope = create(
                tenant.liveKey(),
                new Options("Deed").signer("Dora Dale", dora, 1).toString());
        runJobs(envelope);
        Message invitation = invitationTo(envelope, dora);
        assertThat(row(invitation.id()).text()).contains(invitation.token());

        smtp.stop();
        try {
            for (int attempt = 1; attempt <= properties.outbox().maxAttempts(); attempt++) {
                dispatcher.dispatchDue();
                makeDue(invitation.id());
            }
        } finally {
            smtp.start();
        }

        Row failed = row(invitation.id());
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.text()).doesNotContain(invitation.token()).contains("Deed", "link removed");
        assertThat(failed.html()).doesNotContain(invitation.token()).contains("link removed");
        assertThat(failed.subject()).isEqualTo(invitation.subject());
        // The token is not revoked: the recipient's other ways in (a corrected address, a reminder) still work.
        assertThat(api.get("/v2/signing/" + invitation.token(), null).status()).isEqualTo(200);
    }

    private Row row(UUID id) {
        return jdbc.sql("""
                        select status, attempts, last_error, next_attempt_at, sent_at, subject, body_text, body_html
                        from outbox_message where id = ?""")
                .param(id)
                .query((rs, n) -> new Row(
                        rs.getString("status"),
                        rs.getInt("attempts"),
                        rs.getString("last_error"),
                        rs.getObject("next_attempt_at", OffsetDateTime.class),
                        rs.getObject("sent_at", OffsetDateTime.class),
                        rs.getString("subject"),
                        rs.getString("body_text"),
                        rs.getString("body_html")))
                .single();
    }

    /** Skips the back-off: the retry is due now. */
    private void makeDue(UUID id) {
        jdbc.sql("update outbox_message set next_attempt_at = ? where id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), id)
                .update();
    }
}
