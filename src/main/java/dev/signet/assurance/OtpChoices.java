package dev.signet.assurance;

import dev.signet.notification.Channel;
import java.util.List;

/**
 * Where a recipient's one-time password can go, as the signing page offers it: each channel with the
 * address masked ({@code +44 ••••••••99}, {@code o•••@example.com}), SMS first when it can be used,
 * and why SMS is not offered when it is not.
 *
 * @param smsProblem null when SMS is offered; otherwise {@code NO_NUMBER} (the sender gave none),
 *     {@code INVALID_MOBILE_NUMBER} or {@code SMS_NOT_AVAILABLE} (no provider in this deployment),
 *     the key suffix of the page's {@code page.otp.sms.<problem>} text
 */
public record OtpChoices(List<Choice> choices, String smsProblem) {

    public OtpChoices {
        choices = List.copyOf(choices);
    }

    /** One channel the code can be sent by, and the masked address it would go to. */
    public record Choice(Channel channel, String maskedAddress) {

        /** The value the page sends back as {@code channel}: {@code sms} or {@code email}. */
        public String value() {
            return channel == Channel.SMS ? "sms" : "email";
        }
    }
}
