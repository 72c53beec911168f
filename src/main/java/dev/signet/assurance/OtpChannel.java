package dev.signet.assurance;

import dev.signet.notification.Channel;
import java.time.Duration;

/**
 * One way a code reaches a recipient. Every channel writes an outbox row in the caller's
 * transaction: a rolled-back send sends nothing, and sandbox and embedded rows are kept, not sent.
 */
interface OtpChannel {

    Channel channel();

    /**
     * Queues the code for {@code address} (an email address, or a number in E.164).
     *
     * @return the address as a page may show it
     */
    String queue(OtpRecipient recipient, String address, String code, Duration validFor);
}
