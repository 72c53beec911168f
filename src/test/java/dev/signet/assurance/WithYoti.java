package dev.signet.assurance;

import dev.signet.SignetIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service with a Yoti application configured ({@code signet.yoti.*}): Yoti's Doc Scan and
 * Digital ID share APIs emulated on this machine, one application key pair (generated here) for
 * both, as Yoti's Hub issues one per application. Every test class that needs Yoti auth live extends
 * this one, so they share one cached Spring context. The emulators forget scripted failures before
 * each test.
 */
public abstract class WithYoti extends SignetIntegrationTest {

    static final YotiDocScanEmulator DOC_SCAN = start();
    static final YotiShareEmulator SHARE = share();

    @DynamicPropertySource
    static void yoti(DynamicPropertyRegistry registry) {
        registry.add("signet.yoti.sdk-id", () -> YotiDocScanEmulator.SDK_ID);
        registry.add("signet.yoti.key-file", DOC_SCAN::keyFile);
        registry.add("signet.yoti.doc-scan-api-url", DOC_SCAN::baseUrl);
        registry.add("signet.yoti.share-api-url", SHARE::baseUrl);
    }

    private static YotiDocScanEmulator start() {
        try {
            YotiDocScanEmulator emulator = new YotiDocScanEmulator();
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "yoti-docscan-emulator-stop"));
            return emulator;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static YotiShareEmulator share() {
        try {
            YotiShareEmulator emulator = new YotiShareEmulator(YotiDocScanEmulator.SDK_ID, DOC_SCAN.keys());
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "yoti-share-emulator-stop"));
            return emulator;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void forgetWhatYotiWasToldToDo() {
        DOC_SCAN.reset();
        SHARE.reset();
    }

    /** The person scanned the QR code of {@code shareUri} with the Yoti app and shared, with this email. */
    protected static void shareFromYotiApp(String shareUri, String email) {
        try {
            SHARE.share(shareUri, email);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Requests the emulated Yoti refused because their signature or headers were wrong. */
    protected static int yotiRequestsRefused() {
        return SHARE.refused();
    }
}
