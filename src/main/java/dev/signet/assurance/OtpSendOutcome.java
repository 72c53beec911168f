package dev.signet.assurance;

import dev.signet.notification.Channel;
import java.time.Instant;

/**
 * What asking for a one-time password came to. {@link #code()} is stable for programs and for the
 * pages' message keys ({@code otp.send.<code>} in messages.properties).
 */
public sealed interface OtpSendOutcome {

    String code();

    /** A new code is on its way; every earlier code of the recipient no longer works. */
    record Sent(Channel channel, String maskedAddress, Instant expiresAt, int sendsLeftThisHour)
            implements OtpSendOutcome {
        @Override
        public String code() {
            return "SENT";
        }
    }

    /**
     * Five codes went out in the last hour; the next can be asked for at {@code retryAt}.
     * {@code lastCodeWorks} says whether the newest code can still be entered (not used, not locked
     * by wrong tries, not expired), so the page never promises a code that no longer works.
     */
    record RateLimited(Instant retryAt, boolean lastCodeWorks) implements OtpSendOutcome {
        @Override
        public String code() {
            return "RATE_LIMITED";
        }
    }

    /** The recipient's mobile number cannot take an SMS; {@code message} says why without repeating it. */
    record InvalidNumber(PhoneNumbers.Problem problem, String message) implements OtpSendOutcome {
        @Override
        public String code() {
            return "INVALID_MOBILE_NUMBER";
        }
    }

    /** SMS was asked for explicitly, but this live deployment has no SMS provider. */
    record SmsNotAvailable() implements OtpSendOutcome {
        @Override
        public String code() {
            return "SMS_NOT_AVAILABLE";
        }
    }
}
