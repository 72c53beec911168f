package dev.signet.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.signet.SignetIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Base of the tests that deliver mail: GreenMail up for every test, and a dispatcher that starts
 * from an empty queue. Earlier tests may leave live messages due; one dispatch handles one batch,
 * so without draining them first a test's own messages could wait for the next batch.
 */
abstract class DispatchTest extends SignetIntegrationTest {

    @RegisterExtension
    static final GreenMailExtension smtp = Smtp.server();

    @Autowired
    OutboxDispatcher dispatcher;

    @BeforeEach
    void deliverWhatEarlierTestsLeftDue() {
        for (int round = 0; round < 100 && dispatcher.dispatchDue() > 0; round++) {
            // keep going until a dispatch finds nothing due
        }
    }

    /** The recipient's {@code last_email_status} as the sender reads it (GET /v2/envelopes/{id}). */
    String lastEmailStatus(String key, UUID envelope, String email) {
        for (JsonNode r :
                api.get("/v2/envelopes/" + envelope, key).json().path("details").path("recipients")) {
            if (r.path("email").asText().equals(email)) {
                return r.path("last_email_status").asText(null);
            }
        }
        throw new AssertionError("No recipient " + email);
    }

    /** An address no other test uses, so a test reads only its own mail. */
    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }
}
