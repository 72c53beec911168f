package dev.signet.notification;

import com.icegreen.greenmail.base.GreenMailOperations;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The real SMTP server of the tests: GreenMail on the port the test profile's {@code spring.mail}
 * points at ({@code SIGNET_TEST_SMTP_PORT}), and ways to read what it received.
 */
public final class Smtp {

    public static final int PORT = port();

    private Smtp() {}

    /** A GreenMail that starts before and stops after every test method. */
    public static GreenMailExtension server() {
        return new GreenMailExtension(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    /**
     * What reached one address. The dispatcher delivers every due message in the database, so
     * tests give their recipients addresses of their own and look only at those.
     */
    public static List<MimeMessage> receivedBy(GreenMailOperations mail, String address) {
        return Arrays.stream(mail.getReceivedMessages())
                .filter(m -> isTo(m, address))
                .toList();
    }

    private static boolean isTo(MimeMessage message, String address) {
        try {
            Address[] to = message.getRecipients(Message.RecipientType.TO);
            return to != null
                    && Arrays.stream(to)
                            .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded content of the first part of this MIME type (text/plain, text/html), if any. */
    public static Optional<String> part(Part part, String mimeType) {
        try {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    Optional<String> found = part(multipart.getBodyPart(i), mimeType);
                    if (found.isPresent()) {
                        return found;
                    }
                }
                return Optional.empty();
            }
            return part.isMimeType(mimeType) ? Optional.of((String) part.getContent()) : Optional.empty();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int port() {
        String value = System.getenv("SIGNET_TEST_SMTP_PORT");
        return value == null || value.isBlank() ? 3025 : Integer.parseInt(value);
    }
}
