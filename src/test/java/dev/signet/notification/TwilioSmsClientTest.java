package dev.signet.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.notification.SmsSender.NotSent;
import dev.signet.notification.TwilioEmulator.Scripted;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SMS client against the Twilio Messages API emulation: the request it makes, and every way it fails. */
class TwilioSmsClientTest {

    private static final TwilioEmulator TWILIO = start();
    private static final String FROM = "+15005550006";

    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    private static TwilioEmulator start() {
        try {
            return new TwilioEmulator();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        TWILIO.close();
    }

    @BeforeEach
    void reset() {
        TWILIO.reset();
        waits.clear();
    }

    private TwilioSmsClient client(String sid, String token, String from, int attempts, Duration timeout) {
        return client(TWILIO.baseUrl(), sid, token, from, attempts, timeout);
    }

    private TwilioSmsClient client(String url, String sid, String token, String from, int attempts, Duration timeout) {
        return new TwilioSmsClient(
                new SmsProperties(
                        url, sid, token, from, timeout, attempts, Duration.ofSeconds(1), Duration.ofSeconds(10)),
                waits::add);
    }

    private TwilioSmsClient client() {
        return client(TwilioEmulator.ACCOUNT_SID, TwilioEmulator.AUTH_TOKEN, FROM, 3, Duration.ofSeconds(5));
    }

    @Test
    void postsTheFormWithBasicAuthAndReturnsTheMessageSid() throws Exception {
        String text = "123456 is your Signet code for \"Lease & deposit: flat 4 – Zürich\". It works for 10 minutes.";

        String sid = client().send("+447400123456", text);

        assertThat(sid).matches("SM[0-9a-f]{32}");
        assertThat(TWILIO.sent()).singleElement().satisfies(message -> {
            assertThat(message.sid()).isEqualTo(sid);
            assertThat(message.to()).isEqualTo("+447400123456");
            assertThat(message.from()).isEqualTo(FROM);
            assertThat(message.body())
                    .as("form-encoded in UTF-8, & and quotes intact")
                    .isEqualTo(text);
        });
        assertThat(waits).isEmpty();
    }

    @Test
    void aMessagingServiceSidIsSentAsMessagingServiceSidNotFrom() throws Exception {
        String service = "MG" + "0123456789abcdef0123456789abcdef";
        client(TwilioEmulator.ACCOUNT_SID, TwilioEmulator.AUTH_TOKEN, service, 3, Duration.ofSeconds(5))
                .send("+33612345678", "654321 is your code");

        assertThat(TWILIO.last()).get().satisfies(message -> {
            assertThat(message.messagingServiceSid()).isEqualTo(service);
            assertThat(message.from()).isNull();
        });
    }

    @Test
    void wrongCredentialsArePermanentAndNotTriedAgain() {
        TwilioSmsClient wrongToken =
                client(TwilioEmulator.ACCOUNT_SID, "not-the-token", FROM, 3, Duration.ofSeconds(5));

        assertThatThrownBy(() -> wrongToken.send("+447400123456", "123456"))
                .isInstanceOfSatisfying(NotSent.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).contains("401").contains("20003");
                });
        assertThat(TWILIO.requests()).isEqualTo(1);
        assertThat(TWILIO.sent()).isEmpty();
    }

    @Test
    void aNumberTheProviderRefusesIsPermanentAndTheReasonDoesNotRepeatTheNumber() {
        assertThatThrownBy(() -> client().send("07400 123456", "123456")).isInstanceOfSatisfying(NotSent.class, e -> {
            assertThat(e.permanent()).isTrue();
            assertThat(e.getMessage())
                    .contains("400")
                    .contains("21211")
                    .doesNotContain("07400 123456")
                    .doesNotContain("400123456");
        });
        assertThat(TWILIO.requests()).isEqualTo(1);
    }

    @Test
    void anEmptyBodyIsRefusedAsTwilioDoes() {
        assertThatThrownBy(() -> client().send("+447400123456", " "))
                .isInstanceOfSatisfying(
                        NotSent.class, e -> assertThat(e.getMessage()).contains("21602"));
    }

    @Test
    void busyIsTriedAgainAfterRetryAfterAndThenSent() throws Exception {
        TWILIO.then(Scripted.busy(3));

        String sid = client().send("+447400123456", "123456 is your code");

        assertThat(sid).startsWith("SM");
        assertThat(TWILIO.requests()).isEqualTo(2);
        assertThat(TWILIO.sent()).hasSize(1);
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void aLongRetryAfterIsCappedSoAllTriesFitTheOutboxLease() throws Exception {
        TWILIO.then(Scripted.busy(3600));

        client().send("+447400123456", "123456 is your code");

        assertThat(waits).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void serverErrorsAreTriedWithDoublingWaitsThenLeftToTheOutboxRetry() {
        TWILIO.then(Scripted.serverError(), Scripted.serverError(), Scripted.serverError());

        assertThatThrownBy(() -> client().send("+447400123456", "123456 is your code"))
                .isInstanceOfSatisfying(NotSent.class, e -> {
                    assertThat(e.permanent()).as("the outbox tries again later").isFalse();
                    assertThat(e.getMessage()).contains("500");
                });
        assertThat(TWILIO.requests()).isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(TWILIO.sent()).isEmpty();
    }

    @Test
    void aServerErrorThenSuccessSendsOnce() throws Exception {
        TWILIO.then(Scripted.serverError());

        client().send("+447400123456", "123456 is your code");

        assertThat(TWILIO.sent()).hasSize(1);
        assertThat(TWILIO.requests()).isEqualTo(2);
    }

    @Test
    void aProviderTooSlowToAnswerTimesOutAndIsTriedAgain() throws Exception {
        TWILIO.then(Scripted.slow(1500));
        TwilioSmsClient impatient =
                client(TwilioEmulator.ACCOUNT_SID, TwilioEmulator.AUTH_TOKEN, FROM, 2, Duration.ofMillis(400));

        impatient.send("+447400123456", "123456 is your code");

        assertThat(waits).hasSize(1);
        assertThat(TWILIO.last()).isPresent();
    }

    @Test
    void anUnreachableProviderIsNotPermanent() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TwilioSmsClient unreachable = client(
                "http://127.0.0.1:" + closedPort,
                TwilioEmulator.ACCOUNT_SID,
                TwilioEmulator.AUTH_TOKEN,
                FROM,
                2,
                Duration.ofSeconds(2));

        assertThatThrownBy(() -> unreachable.send("+447400123456", "123456"))
                .isInstanceOfSatisfying(NotSent.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.getMessage()).contains("not reachable");
                });
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void withoutAnAccountSidItIsNotConfiguredAndSendsNothing() {
        TwilioSmsClient unset = client(null, null, null, 3, Duration.ofSeconds(5));

        assertThat(unset.configured()).isFalse();
        assertThatThrownBy(() -> unset.send("+447400123456", "123456")).isInstanceOf(NotSent.class);
        assertThat(TWILIO.requests()).isZero();
    }

    @Test
    void theAccountSidGoesIntoThePathAsTwilioDocumentsIt() {
        assertThat(client().messagesUri().getPath())
                .isEqualTo("/2010-04-01/Accounts/" + TwilioEmulator.ACCOUNT_SID + "/Messages.json");
    }
}
