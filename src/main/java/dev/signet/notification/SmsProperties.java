package dev.signet.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SMS provider: any service that speaks Twilio's Messages API
 * ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}, HTTP Basic with the account SID and auth
 * token). All from the environment ({@code SIGNET_SMS_*}, see application.yml); with no account SID
 * SMS rows never leave, which is what embedded mode and sandbox keys need anyway.
 *
 * @param apiUrl the API's base URL, {@code https://api.twilio.com} for Twilio itself
 * @param from the sending number in E.164, or a Messaging Service SID ({@code MG…})
 * @param attempts tries per message within one outbox delivery, for 429, 5xx and network errors
 * @param firstRetry the wait before the second try, doubled for each later one (a 429's Retry-After wins)
 * @param maxRetryWait the longest wait between two tries; all tries of a message must fit in the outbox lease
 */
@ConfigurationProperties("signet.sms")
public record SmsProperties(
        @DefaultValue("https://api.twilio.com") String apiUrl,
        String accountSid,
        String authToken,
        String from,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("3") int attempts,
        @DefaultValue("1s") Duration firstRetry,
        @DefaultValue("10s") Duration maxRetryWait) {

    public boolean configured() {
        return notBlank(accountSid) && notBlank(authToken) && notBlank(from) && notBlank(apiUrl);
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
