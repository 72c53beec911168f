package dev.signet.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.account.Mode;
import dev.signet.notification.EnvelopeMessage.About;
import dev.signet.notification.EnvelopeMessage.To;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * Each kind of message is composed from its facts alone: the template and subject it picks, the
 * facts it puts in them, and the sender name, reply-to and recipient it is addressed with. Plain
 * Java, on the real templates and message bundle.
 */
class NotificationsTest {

    private static final UUID ORGANISATION = UUID.randomUUID();
    private static final UUID ENVELOPE = UUID.randomUUID();
    private static final UUID RECIPIENT = UUID.randomUUID();
    private static final About ABOUT = new About(
            ORGANISATION,
            Mode.SANDBOX,
            ENVELOPE,
            "Lease of flat 4",
            "Acme Lettings",
            "office@acme.example",
            Locale.ENGLISH);
    private static final To ANN = new To(RECIPIENT, "ann@example.com", "Ann <Lee>");
    private static final OffsetDateTime EXPIRES = OffsetDateTime.of(2026, 12, 24, 17, 5, 0, 0, ZoneOffset.UTC);
    private static final String LINK = "http://signet.test/sign/abc123";

    /** Whether the completion pack fits in an email, as evidence's CompletionPack would answer. */
    private boolean packFits = true;

    private final Notifications notifications = new Notifications(new MailComposer(bundle()), null, bundle());

    @Test
    void anInvitationCarriesTheLinkTheExpiryAndTheSendersMessage() {
        OutboundMessage m = notifications.compose(
                new EnvelopeMessage.Invitation(ABOUT, ANN, "Please sign by Friday", LINK, EXPIRES));

        assertAddressedToAnn(m, "INVITATION");
        assertThat(m.subject()).isEqualTo("Acme Lettings asks you to sign: Lease of flat 4");
        assertThat(m.text()).isEqualTo("""
                Hello Ann <Lee>,

                Acme Lettings asks you to review and sign "Lease of flat 4".

                Please sign by Friday

                Review and sign: http://signet.test/sign/abc123

                This link is personal to you and works until 24 December 2026, 17:05 UTC. Do not forward this email.
                """);
        assertThat(m.html())
                .contains(
                        "Hello Ann &lt;Lee&gt;,",
                        "href=\"" + LINK + "\"",
                        "Please sign by Friday",
                        "24 December 2026, 17:05 UTC");
    }

    @Test
    void anInvitationWithoutAMessageLeavesItOut() {
        OutboundMessage m = notifications.compose(new EnvelopeMessage.Invitation(ABOUT, ANN, null, LINK, EXPIRES));

        assertThat(m.text()).contains("sign \"Lease of flat 4\".\n\nReview and sign: " + LINK);
        assertThat(m.html()).doesNotContain("border-left");
    }

    @Test
    void aReminderCarriesTheLinkAndItsExpiry() {
        OutboundMessage m = notifications.compose(new EnvelopeMessage.Reminder(ABOUT, ANN, LINK, EXPIRES));

        assertAddressedToAnn(m, "REMINDER");
        assertThat(m.subject()).isEqualTo("Reminder: Acme Lettings is waiting for your signature on Lease of flat 4");
        assertThat(m.text()).isEqualTo("""
                Hello Ann <Lee>,

                A reminder: Acme Lettings is still waiting for your signature on "Lease of flat 4".

                Review and sign: http://signet.test/sign/abc123

                This link is personal to you and works until 24 December 2026, 17:05 UTC.
                """);
        assertThat(m.html()).contains("href=\"" + LINK + "\"");
    }

    @Test
    void anSmsInvitationIsOneLineToTheMobileNumber() {
        OutboundMessage m =
                notifications.compose(new EnvelopeMessage.InvitationSms(ABOUT, RECIPIENT, "+447700900123", LINK));

        assertThat(m)
                .isEqualTo(new OutboundMessage(
                        ORGANISATION,
                        Mode.SANDBOX,
                        ENVELOPE,
                        RECIPIENT,
                        Channel.SMS,
                        "INVITATION",
                        "+447700900123",
                        null,
                        null,
                        null,
                        "Acme Lettings asks you to sign \"Lease of flat 4\": " + LINK,
                        null));
    }

    @Test
    void completionArchiveAndDeclineEmailsNameTheEnvelopeAndItsSender() {
        OutboundMessage completion = notifications.compose(new EnvelopeMessage.Completion(ABOUT, ANN, packFits));
        assertAddressedToAnn(completion, "COMPLETION");
        assertThat(completion.subject()).isEqualTo("Completed: Lease of flat 4");
        assertThat(completion.text()).isEqualTo("""
                Hello Ann <Lee>,

                Everyone has signed "Lease of flat 4" sent by Acme Lettings. The envelope is complete.

                The signed documents and the completion pack are attached to this email: each signed document as a PDF, \
                coversheet.pdf (who signed, when and how) and evidence.xml (the sealed record of every step), with any \
                files the signers attached.
                """);

        OutboundMessage archived = notifications.compose(new EnvelopeMessage.Archived(ABOUT, ANN));
        assertAddressedToAnn(archived, "ARCHIVED");
        assertThat(archived.subject()).isEqualTo("Withdrawn: Lease of flat 4");
        assertThat(archived.text()).startsWith("Hello Ann <Lee>,\n\nAcme Lettings has withdrawn \"Lease of flat 4\".");

        OutboundMessage declined =
                notifications.compose(new EnvelopeMessage.Declined(ABOUT, ANN, "Bob", "The rent is wrong"));
        assertAddressedToAnn(declined, "DECLINED");
        assertThat(declined.subject()).isEqualTo("Declined: Lease of flat 4");
        assertThat(declined.text())
                .contains("Bob declined to sign \"Lease of flat 4\" sent by Acme Lettings.")
                .endsWith("Their reason:\nThe rent is wrong\n");
    }

    @Test
    void theSendersCopyGoesToTheOrganisationWithNoRecipientRow() {
        To organisation = new To(null, "contracts@acme.example", "Acme Lettings");
        OutboundMessage m =
                notifications.compose(new EnvelopeMessage.CompletionToSender(ABOUT, organisation, packFits));

        assertThat(m.kind()).isEqualTo("COMPLETION_SENDER");
        assertThat(m.recipientId()).isNull();
        assertThat(m.address()).isEqualTo("contracts@acme.example");
        assertThat(m.subject()).isEqualTo("Everyone has signed: Lease of flat 4");
        assertThat(m.text())
                .startsWith("Every recipient has signed \"Lease of flat 4\".")
                .contains("are attached to this email")
                .endsWith("through the API:\nGET /v2/envelopes/" + ENVELOPE + "/completed-documents\n");
        assertThat(m.html())
                .contains("are attached to this email", "GET /v2/envelopes/" + ENVELOPE + "/completed-documents");
    }

    @Test
    void aPackTooLargeToMailIsNotSaidToBeAttachedAndTheEmailSaysWhereItIs() {
        packFits = false;
        OutboundMessage completion = notifications.compose(new EnvelopeMessage.Completion(ABOUT, ANN, packFits));
        OutboundMessage sender = notifications.compose(new EnvelopeMessage.CompletionToSender(
                ABOUT, new To(null, "contracts@acme.example", "Acme Lettings"), packFits));

        for (OutboundMessage m : new OutboundMessage[] {completion, sender}) {
            assertThat(m.text())
                    .doesNotContain("are attached to this email")
                    .contains("too large to attach to an email, so none are attached");
            assertThat(m.html())
                    .doesNotContain("are attached to this email")
                    .contains("too large to attach to an email, so none are attached");
        }
        assertThat(completion.text()).endsWith("Ask Acme Lettings for a copy.\n");
        assertThat(sender.text())
                .endsWith("Download them as one ZIP through the API:\nGET /v2/envelopes/" + ENVELOPE
                        + "/completed-documents\n");
    }

    @Test
    void everyEmailHasItsSubjectAsTitleAndEveryButtonALinkToCopyBesideIt() {
        EnvelopeMessage[] messages = {
            new EnvelopeMessage.Invitation(ABOUT, ANN, null, LINK, EXPIRES),
            new EnvelopeMessage.Reminder(ABOUT, ANN, LINK, EXPIRES),
            new EnvelopeMessage.Completion(ABOUT, ANN, packFits),
            new EnvelopeMessage.CompletionToSender(ABOUT, ANN, packFits),
            new EnvelopeMessage.Archived(ABOUT, ANN),
            new EnvelopeMessage.Declined(ABOUT, ANN, "Bob", "No")
        };
        for (EnvelopeMessage message : messages) {
            OutboundMessage m = notifications.compose(message);
            assertThat(m.html()).as(m.kind()).contains("<title>" + m.subject() + "</title>");
            if (message instanceof EnvelopeMessage.Invitation || message instanceof EnvelopeMessage.Reminder) {
                assertThat(m.html())
                        .as(m.kind())
                        .contains("<a href=\"" + LINK + "\" style=\"color: #0b5cad; word-break: break-all;\">" + LINK
                                + "</a>");
                assertThat(m.text()).as(m.kind()).contains("Review and sign: " + LINK);
            } else {
                assertThat(m.html()).as(m.kind()).doesNotContain("<a ");
            }
        }
    }

    private static void assertAddressedToAnn(OutboundMessage m, String kind) {
        assertThat(m.kind()).isEqualTo(kind);
        assertThat(m.channel()).isEqualTo(Channel.EMAIL);
        assertThat(m.organisationId()).isEqualTo(ORGANISATION);
        assertThat(m.mode()).isEqualTo(Mode.SANDBOX);
        assertThat(m.envelopeId()).isEqualTo(ENVELOPE);
        assertThat(m.recipientId()).isEqualTo(RECIPIENT);
        assertThat(m.address()).isEqualTo("ann@example.com");
        assertThat(m.fromName()).isEqualTo("Acme Lettings");
        assertThat(m.replyTo()).isEqualTo("office@acme.example");
    }

    /** The bundle as Spring Boot configures it (spring.messages in application.yml). */
    private static ResourceBundleMessageSource bundle() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }
}
