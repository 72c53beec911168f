package dev.signet.assurance;

import dev.signet.notification.Channel;
import java.time.Instant;

/**
 * What entering a one-time password came to. {@link #code()} is stable for programs and for the
 * pages' message keys ({@code otp.check.<code>} in messages.properties).
 */
public sealed interface OtpCheckOutcome {

    String code();

    default boolean passed() {
        return false;
    }

    /** The code was right; it is now used up. */
    record Verified(Channel channel, Instant at) implements OtpCheckOutcome {
        @Override
        public String code() {
            return "VERIFIED";
        }

        @Override
        public boolean passed() {
            return true;
        }
    }

    /** Not the code; {@code triesLeft} more before this code ends. */
    record WrongCode(int triesLeft) implements OtpCheckOutcome {
        @Override
        public String code() {
            return "WRONG_CODE";
        }
    }

    /** Not six digits: a typing slip, so no try is counted. */
    record Malformed() implements OtpCheckOutcome {
        @Override
        public String code() {
            return "MALFORMED";
        }
    }

    /** The code is older than its ten minutes; ask for a new one. */
    record Expired() implements OtpCheckOutcome {
        @Override
        public String code() {
            return "EXPIRED";
        }
    }

    /** The code was used already; a code works once. */
    record AlreadyUsed() implements OtpCheckOutcome {
        @Override
        public String code() {
            return "USED";
        }
    }

    /** Five wrong tries ended this code (this try may have been the fifth); ask for a new one. */
    record TooManyTries() implements OtpCheckOutcome {
        @Override
        public String code() {
            return "TOO_MANY_TRIES";
        }
    }

    /** No code was sent to this recipient, or a newer one replaced it and is gone too. */
    record NoCode() implements OtpCheckOutcome {
        @Override
        public String code() {
            return "NO_CODE";
        }
    }
}
