package dev.signet.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.account.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Several Signet nodes dispatch from one database: each message is tried once per turn, by one of them. */
class OutboxRaceTest extends DispatchTest {

    private static final int MESSAGES = 30;

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate tx;

    @Test
    void twoDispatchersRacingSendEachMessageExactlyOnce() throws Exception {
        List<String> addresses = queueLiveMessages();

        int handled = race();

        assertThat(handled).isGreaterThanOrEqualTo(MESSAGES);
        for (String address : addresses) {
            assertThat(Smtp.receivedBy(smtp, address)).as(address).hasSize(1);
            assertThat(statusAndAttempts(address)).isEqualTo("SENT/1");
        }
    }

    @Test
    void twoDispatchersRacingWhileSmtpIsDownTryEachMessageOnceAndKeepTheBackOff() throws Exception {
        List<String> addresses = queueLiveMessages();
        smtp.stop();

        race();

        for (String address : addresses) {
            assertThat(statusAndAttempts(address)).as(address).isEqualTo("PENDING/1");
        }
    }

    private List<String> queueLiveMessages() {
        UUID organisation = newTenant().organisationId();
        List<String> addresses = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            for (int i = 0; i < MESSAGES; i++) {
                String address = unique("race" + i);
                addresses.add(address);
                outbox.queue(OutboundMessage.email(
                        organisation,
                        Mode.LIVE,
                        null,
                        null,
                        "TEST",
                        address,
                        "Signet tests",
                        null,
                        new MailComposer.Composed("Race " + i, "Plain text", "<p>HTML</p>")));
            }
        });
        return addresses;
    }

    /** Runs two dispatchers that start at the same instant; returns how many messages they handled together. */
    private int race() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return dispatcher.dispatchDue();
                }));
            }
            int handled = 0;
            for (Future<Integer> result : results) {
                handled += result.get(60, TimeUnit.SECONDS);
            }
            return handled;
        } finally {
            threads.shutdownNow();
        }
    }

    private String statusAndAttempts(String address) {
        return jdbc.sql("select status || '/' || attempts from outbox_message where address = ?")
                .param(address)
                .query(String.class)
                .single();
    }
}
