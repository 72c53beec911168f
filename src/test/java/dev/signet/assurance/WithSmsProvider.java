package dev.signet.assurance;

import dev.signet.SignetIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service with an SMS provider configured ({@code signet.sms.*}): the Twilio emulation,
 * one per test JVM. Every test class that needs a provider extends this one, so they share one
 * cached Spring context: the context cache tells contexts apart by their {@code @DynamicPropertySource}
 * methods, and this is the only one. (Each class used to declare its own emulator and method, and
 * each booted a context of its own for the same settings.) The emulator forgets what it was sent
 * and any scripted answer before each test.
 */
abstract class WithSmsProvider extends SignetIntegrationTest {

    static final String FROM = "+15005550006";

    /** Started with the first class that needs it; the JDK's server stops with the test JVM. */
    static final TwilioEmulator TWILIO = start();

    @DynamicPropertySource
    static void smsProvider(DynamicPropertyRegistry registry) {
        registry.add("signet.sms.api-url", TWILIO::baseUrl);
        registry.add("signet.sms.account-sid", () -> TwilioEmulator.ACCOUNT_SID);
        registry.add("signet.sms.auth-token", () -> TwilioEmulator.AUTH_TOKEN);
        registry.add("signet.sms.from", () -> FROM);
    }

    private static TwilioEmulator start() {
        try {
            TwilioEmulator emulator = new TwilioEmulator();
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "twilio-emulator-stop"));
            return emulator;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void forgetWhatTheProviderWasSent() {
        TWILIO.reset();
    }
}
