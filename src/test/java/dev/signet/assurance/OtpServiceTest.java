package dev.signet.assurance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.signet.SignetProperties;
import dev.signet.account.Mode;
import dev.signet.account.StoredSecrets;
import dev.signet.envelope.AuditTrail;
import dev.signet.notification.Channel;
import dev.signet.notification.OutboxDispatcher;
import dev.signet.notification.PhoneNumbers;
import dev.signet.notification.SmsProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rules of one-time passwords on the real PostgreSQL, with a clock the test moves: 10 minutes,
 * single use, 5 tries, 5 sends an hour, a new code ends the old one, only a keyed hash stored; and
 * the way each code leaves: email, SMS kept in the sandbox outbox, live SMS through the outbox
 * dispatcher to the Twilio emulation.
 */
class OtpServiceTest extends WithSmsProvider {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @Autowired
    OtpStore store;

    @Autowired
    OtpCodes codes;

    @Autowired
    List<OtpChannel> channels;

    @Autowired
    SignetProperties properties;

    @Autowired
    SmsProperties sms;

    @Autowired
    AuditTrail audit;

    @Autowired
    StoredSecrets secrets;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    OutboxDispatcher dispatcher;

    private final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private OtpService otp;

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant start) {
            now = start;
        }

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void serviceOnTheTestClock() {
        otp = new OtpService(store, codes, channels, properties, sms, audit, clock);
    }

    /** A recipient of a fresh envelope; {@code mobile} may be null. */
    private OtpRecipient recipient(Mode mode, String mobile, String country, OtpRecipient.Preference preference) {
        Tenant tenant = newTenant();
        String email = "otp-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        UUID envelope = create(
                mode == Mode.LIVE ? tenant.liveKey() : tenant.sandboxKey(),
                new Options("Lease of flat 4").signer("Alice Archer", email, 1).toString());
        UUID recipientId = jdbc.sql("select id from recipient where envelope_id = ?")
                .param(envelope)
                .query(UUID.class)
                .single();
        return new OtpRecipient(
                tenant.organisationId(),
                mode,
                envelope,
                recipientId,
                "Alice Archer",
                email,
                mobile,
                country,
                "Lease of flat 4",
                "Acme Lettings",
                preference,
                Locale.ENGLISH);
    }

    private OtpRecipient emailRecipient() {
        return recipient(Mode.SANDBOX, null, null, OtpRecipient.Preference.ANY);
    }

    private OtpSendOutcome send(OtpRecipient r) {
        return tx.execute(status -> otp.send(r));
    }

    private OtpCheckOutcome check(OtpRecipient r, String code) {
        return tx.execute(status -> otp.check(r.envelopeId(), r.recipientId(), code));
    }

    /** The code as the recipient received it: from the newest OTP message of theirs in the outbox. */
    private String receivedCode(OtpRecipient r) {
        String text = jdbc.sql("""
                        select body_text from outbox_message where recipient_id = ? and kind = 'OTP'
                        order by created_at desc limit 1""").param(r.recipientId()).query(String.class).single();
        Matcher m = CODE.matcher(text);
        assertThat(m.find()).as("a 6-digit code in %s", text).isTrue();
        return m.group(1);
    }

    private static String otherThan(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private List<String> auditTypes(OtpRecipient r) {
        return jdbc.sql("select type from audit_event where envelope_id = ? and type like 'otp%' order by seq")
                .param(r.envelopeId())
                .query(String.class)
                .list();
    }

    @Test
    void theRightCodeWithinTenMinutesPassesOnceAndOnlyOnce() {
        OtpRecipient r = emailRecipient();
        OtpSendOutcome sent = send(r);
        assertThat(sent).isInstanceOfSatisfying(OtpSendOutcome.Sent.class, s -> {
            assertThat(s.channel()).isEqualTo(Channel.EMAIL);
            assertThat(s.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
            assertThat(s.maskedAddress()).startsWith("o•••@").doesNotContain(r.email());
        });
        String code = receivedCode(r);

        clock.move(Duration.ofMinutes(9).plusSeconds(59));
        assertThat(check(r, code.substring(0, 3) + " " + code.substring(3)))
                .isInstanceOf(OtpCheckOutcome.Verified.class);
        assertThat(check(r, code)).isInstanceOf(OtpCheckOutcome.AlreadyUsed.class);
        assertThat(auditTypes(r)).containsExactly("otp_sent", "otp_passed");
    }

    @Test
    void aCodeExpiresAfterTenMinutesByTheClock() {
        OtpRecipient r = emailRecipient();
        send(r);
        String code = receivedCode(r);

        clock.move(Duration.ofMinutes(10));

        assertThat(check(r, code)).isInstanceOf(OtpCheckOutcome.Expired.class);
        assertThat(jdbc.sql("select used_at is null from otp_code where recipient_id = ?")
                        .param(r.recipientId())
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    @Test
    void fiveWrongTriesEndTheCodeEvenForTheRightCode() {
        OtpRecipient r = emailRecipient();
        send(r);
        String code = receivedCode(r);
        String wrong = otherThan(code);

        for (int left = 4; left >= 1; left--) {
            assertThat(check(r, wrong)).isEqualTo(new OtpCheckOutcome.WrongCode(left));
        }
        assertThat(check(r, wrong)).as("the fifth wrong try").isInstanceOf(OtpCheckOutcome.TooManyTries.class);
        assertThat(check(r, code)).as("the right code, too late").isInstanceOf(OtpCheckOutcome.TooManyTries.class);
        assertThat(jdbc.sql("select attempts from otp_code where recipient_id = ?")
                        .param(r.recipientId())
                        .query(Integer.class)
                        .single())
                .isEqualTo(5);
        assertThat(auditTypes(r))
                .containsExactly("otp_sent", "otp_failed", "otp_failed", "otp_failed", "otp_failed", "otp_locked");
    }

    @Test
    void theRightCodeOnTheFifthTryStillPasses() {
        OtpRecipient r = emailRecipient();
        send(r);
        String code = receivedCode(r);
        for (int i = 0; i < 4; i++) {
            check(r, otherThan(code));
        }
        assertThat(check(r, code)).isInstanceOf(OtpCheckOutcome.Verified.class);
    }

    @Test
    void somethingThatIsNotSixDigitsCostsNoTry() {
        OtpRecipient r = emailRecipient();
        send(r);
        for (String typo : List.of("12345", "1234567", "abcdef", "", "12 34 5")) {
            assertThat(check(r, typo)).as(typo).isInstanceOf(OtpCheckOutcome.Malformed.class);
        }
        assertThat(check(r, null)).isInstanceOf(OtpCheckOutcome.Malformed.class);
        assertThat(check(r, receivedCode(r))).isInstanceOf(OtpCheckOutcome.Verified.class);
    }

    @Test
    void noCodeSentIsNoCode() {
        OtpRecipient r = emailRecipient();
        assertThat(check(r, "123456")).isInstanceOf(OtpCheckOutcome.NoCode.class);
    }

    @Test
    void aNewCodeEndsThePreviousOne() {
        OtpRecipient r = emailRecipient();
        send(r);
        String first = receivedCode(r);
        clock.move(Duration.ofMinutes(1));
        send(r);
        String second = receivedCode(r);

        if (!first.equals(second)) {
            assertThat(check(r, first)).isEqualTo(new OtpCheckOutcome.WrongCode(4));
        }
        assertThat(check(r, second)).isInstanceOf(OtpCheckOutcome.Verified.class);
        assertThat(jdbc.sql("select count(*) from otp_code where recipient_id = ? and superseded_at is not null")
                        .param(r.recipientId())
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void atMostFiveCodesAnHourPerRecipientThenTheWindowMovesOn() {
        OtpRecipient r = emailRecipient();
        Instant first = clock.instant();
        for (int i = 1; i <= 5; i++) {
            assertThat(send(r))
                    .isInstanceOfSatisfying(
                            OtpSendOutcome.Sent.class,
                            s -> assertThat(s.sendsLeftThisHour()).isGreaterThanOrEqualTo(0));
            clock.move(Duration.ofMinutes(5));
        }
        String lastCode = receivedCode(r);

        assertThat(send(r)).isEqualTo(new OtpSendOutcome.RateLimited(first.plus(Duration.ofHours(1)), true));
        assertThat(jdbc.sql("select count(*) from outbox_message where recipient_id = ? and kind = 'OTP'")
                        .param(r.recipientId())
                        .query(Integer.class)
                        .single())
                .as("nothing queued when refused")
                .isEqualTo(5);
        assertThat(check(r, lastCode))
                .as("a refused send leaves the last code working")
                .isInstanceOf(OtpCheckOutcome.Verified.class);

        clock.move(Duration.ofMinutes(35)); // an hour after the first send
        assertThat(send(r)).isInstanceOf(OtpSendOutcome.Sent.class);
        assertThat(auditTypes(r)).contains("otp_not_sent");
    }

    @Test
    void onlyAKeyedHashOfTheCodeIsStored() throws Exception {
        OtpRecipient r = emailRecipient();
        send(r);
        String code = receivedCode(r);
        Map<String, Object> row = jdbc.sql("select * from otp_code where recipient_id = ?")
                .param(r.recipientId())
                .query()
                .singleRow();

        row.values()
                .forEach(value -> assertThat(String.valueOf(value))
                        .as("no column holds the code")
                        .doesNotContain(code));
        String stored = (String) row.get("code_hash");
        assertThat(stored).matches("[0-9a-f]{64}");
        assertThat(stored)
                .as("not a plain SHA-256 of the code")
                .isNotEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8))));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(
                secrets.find(OtpCodes.KEY_NAME).orElseThrow().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(stored)
                .as("HMAC-SHA256 of id:code under the stored server key")
                .isEqualTo(HexFormat.of()
                        .formatHex(mac.doFinal((row.get("id") + ":" + code).getBytes(StandardCharsets.UTF_8))));
    }

    /** The comparison of a code with its stored hash goes through MessageDigest.isEqual and nothing else. */
    @Test
    void codesAreComparedInConstantTime() {
        JavaClasses assurance = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.signet.assurance");
        noClasses()
                .should()
                .callMethod(java.util.Arrays.class, "equals", byte[].class, byte[].class)
                .orShould()
                .callMethod(String.class, "contentEquals", CharSequence.class)
                .check(assurance);
        assertThat(assurance.get(OtpCodes.class).getMethodCallsFromSelf()).anySatisfy(call -> {
            assertThat(call.getTarget().getOwner().getName()).isEqualTo(MessageDigest.class.getName());
            assertThat(call.getTarget().getName()).isEqualTo("isEqual");
            assertThat(call.getOrigin().getName()).isEqualTo("matches");
        });
        assertThat(codes.matches(UUID.randomUUID(), "123456", "not hex")).isFalse();
    }

    @Test
    void theEmailCarriesTheCodeAndNamesTheEnvelope() {
        OtpRecipient r = emailRecipient();
        send(r);
        Message mail = outbox(r.envelopeId(), "OTP").get(0);
        assertThat(mail.channel()).isEqualTo("EMAIL");
        assertThat(mail.address()).isEqualTo(r.email());
        assertThat(mail.subject()).isEqualTo("Your code for Lease of flat 4");
        assertThat(mail.text()).contains(receivedCode(r)).contains("10 minutes");
    }

    @Test
    void aSandboxSmsIsKeptInTheOutboxWithTheNumberInE164AndNeverReachesTheProvider() {
        OtpRecipient r = recipient(Mode.SANDBOX, "07400 123456", "GB", OtpRecipient.Preference.ANY);
        assertThat(send(r)).isInstanceOfSatisfying(OtpSendOutcome.Sent.class, s -> {
            assertThat(s.channel()).isEqualTo(Channel.SMS);
            assertThat(s.maskedAddress()).isEqualTo("+44 ••••••••56");
        });
        dispatcher.dispatchDue();

        Message sms = outbox(r.envelopeId(), "OTP").get(0);
        assertThat(sms.channel()).isEqualTo("SMS");
        assertThat(sms.address()).isEqualTo("+447400123456");
        assertThat(sms.status()).isEqualTo("KEPT");
        assertThat(sms.text()).startsWith(receivedCode(r)).contains("Lease of flat 4");
        assertThat(TWILIO.sent()).isEmpty();
    }

    @Test
    void aLiveSmsLeavesThroughTheOutboxToTheProviderAndNoCopyOfTheCodeStays() {
        OtpRecipient r = recipient(Mode.LIVE, "612345678", "FR", OtpRecipient.Preference.ANY);
        send(r);
        String code = receivedCode(r);

        for (int round = 0; round < 20 && TWILIO.sent().isEmpty(); round++) {
            dispatcher.dispatchDue();
        }

        assertThat(TWILIO.sent()).singleElement().satisfies(message -> {
            assertThat(message.to()).isEqualTo("+33612345678");
            assertThat(message.from()).isEqualTo(FROM);
            assertThat(message.body()).startsWith(code);
        });
        Message row = outbox(r.envelopeId(), "OTP").get(0);
        assertThat(row.status()).isEqualTo("SENT");
        assertThat(row.text()).as("the dispatcher drops a delivered live body").isNull();
        assertThat(check(r, code)).isInstanceOf(OtpCheckOutcome.Verified.class);
    }

    @Test
    void anInvalidMobileNumberIsRefusedWithItsReasonAndNothingIsStoredOrQueued() {
        OtpRecipient r = recipient(Mode.SANDBOX, "2012345678", "GB", OtpRecipient.Preference.ANY);

        assertThat(send(r)).isInstanceOfSatisfying(OtpSendOutcome.InvalidNumber.class, invalid -> {
            assertThat(invalid.problem()).isEqualTo(PhoneNumbers.Problem.NOT_A_MOBILE);
            assertThat(invalid.code()).isEqualTo("INVALID_MOBILE_NUMBER");
        });
        assertThat(outbox(r.envelopeId(), "OTP")).isEmpty();
        assertThat(jdbc.sql("select count(*) from otp_code where recipient_id = ?")
                        .param(r.recipientId())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void withoutAnSmsProviderALiveCodeGoesByEmailUnlessSmsWasAskedFor() {
        SmsProperties none = new SmsProperties(
                "https://api.twilio.com",
                null,
                null,
                null,
                Duration.ofSeconds(10),
                3,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10));
        otp = new OtpService(store, codes, channels, properties, none, audit, clock);

        OtpRecipient any = recipient(Mode.LIVE, "7400123456", "GB", OtpRecipient.Preference.ANY);
        assertThat(send(any))
                .isInstanceOfSatisfying(
                        OtpSendOutcome.Sent.class, s -> assertThat(s.channel()).isEqualTo(Channel.EMAIL));

        OtpRecipient smsOnly = recipient(Mode.LIVE, "7400123456", "GB", OtpRecipient.Preference.SMS);
        assertThat(send(smsOnly)).isInstanceOf(OtpSendOutcome.SmsNotAvailable.class);
        assertThat(outbox(smsOnly.envelopeId(), "OTP")).isEmpty();

        OtpRecipient sandbox = recipient(Mode.SANDBOX, "7400123456", "GB", OtpRecipient.Preference.SMS);
        assertThat(send(sandbox))
                .as("sandbox SMS are kept, so need no provider")
                .isInstanceOfSatisfying(
                        OtpSendOutcome.Sent.class, s -> assertThat(s.channel()).isEqualTo(Channel.SMS));
    }

    @Test
    void emailWhenTheRecipientAsksForEmailEvenWithAMobileNumber() {
        OtpRecipient r = recipient(Mode.SANDBOX, "7400123456", "GB", OtpRecipient.Preference.EMAIL);
        assertThat(send(r))
                .isInstanceOfSatisfying(
                        OtpSendOutcome.Sent.class, s -> assertThat(s.channel()).isEqualTo(Channel.EMAIL));
    }

    @Test
    void requestsAtOnceWithTheRightCodePassOnceAndWrongOnesGetFiveComparisonsInAll() throws Exception {
        OtpRecipient r = emailRecipient();
        send(r);
        String code = receivedCode(r);
        assertThat(atOnce(8, () -> check(r, code)))
                .filteredOn(OtpCheckOutcome::passed)
                .hasSize(1);

        OtpRecipient guessed = emailRecipient();
        send(guessed);
        String wrong = otherThan(receivedCode(guessed));
        List<OtpCheckOutcome> outcomes = atOnce(12, () -> check(guessed, wrong));

        assertThat(outcomes)
                .filteredOn(o -> o instanceof OtpCheckOutcome.WrongCode)
                .extracting(o -> ((OtpCheckOutcome.WrongCode) o).triesLeft())
                .as("each wrong try counted once, in order")
                .containsExactlyInAnyOrder(4, 3, 2, 1);
        assertThat(outcomes)
                .filteredOn(o -> o instanceof OtpCheckOutcome.TooManyTries)
                .hasSize(8);
        assertThat(jdbc.sql("select attempts from otp_code where recipient_id = ?")
                        .param(guessed.recipientId())
                        .query(Integer.class)
                        .single())
                .isEqualTo(5);
    }

    private static List<OtpCheckOutcome> atOnce(int requests, java.util.concurrent.Callable<OtpCheckOutcome> check)
            throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(requests);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<OtpCheckOutcome>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < requests; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return check.call();
                }));
            }
            go.countDown();
            List<OtpCheckOutcome> outcomes = new java.util.ArrayList<>();
            for (var future : futures) {
                outcomes.add(future.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
