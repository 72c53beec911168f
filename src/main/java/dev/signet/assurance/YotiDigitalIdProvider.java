package dev.signet.assurance;

import com.yoti.api.client.Attribute;
import com.yoti.api.client.DigitalIdentityClient;
import com.yoti.api.client.HumanProfile;
import com.yoti.api.client.identity.ShareSession;
import com.yoti.api.client.identity.ShareSessionQrCode;
import com.yoti.api.client.identity.ShareSessionRequest;
import com.yoti.api.client.identity.policy.Policy;
import com.yoti.api.client.spi.remote.call.YotiConstants;
import com.yoti.api.client.spi.remote.call.identity.Receipt;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Yoti auth through Yoti's Java SDK ({@code com.yoti:yoti-sdk-api}, its {@link DigitalIdentityClient}:
 * Digital ID share v2, the protocol that replaced dynamic sharing and the profile service). A
 * session's policy asks for the email address and the attributes the sender requested; its QR code
 * link is what the Yoti app opens. Once the person shared, the session names a receipt; the SDK
 * fetches it with its wrapped item key and decrypts it with the application's private key. Only
 * the email (to compare) and the attribute names leave this class. Serves live keys when
 * {@code signet.yoti.*} is set.
 *
 * <p>The SDK reads the share API's URL from the system property {@code yoti.api.url} when a client
 * is built: {@link YotiSdkClient} sets it from {@code signet.yoti.share-api-url} just before.
 */
@Component
class YotiDigitalIdProvider implements YotiShareProvider {

    static final String NAME = "yoti";
    /** Bounds what is kept of a receipt: Yoti's attributes are a handful; anything more is not read. */
    private static final int MAX_ATTRIBUTES = 50;

    private static final Logger log = LoggerFactory.getLogger(YotiDigitalIdProvider.class);

    private final YotiProperties properties;
    private final YotiSdkClient<DigitalIdentityClient> sdk;

    YotiDigitalIdProvider(YotiProperties properties) {
        this.properties = properties;
        this.sdk = new YotiSdkClient<>(
                "Yoti auth",
                YotiConstants.PROPERTY_YOTI_API_URL,
                properties::shareApiUrl,
                properties,
                (sdkId, keys) -> DigitalIdentityClient.builder()
                        .withClientSdkId(sdkId)
                        .withKeyPairSource(keys)
                        .build(),
                Unavailable::new);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean configured() {
        return properties.shareConfigured();
    }

    private DigitalIdentityClient client() {
        return sdk.get();
    }

    @Override
    public Session create(SessionRequest request) {
        Policy.Builder policy = Policy.builder();
        request.attributes().forEach(name -> policy.withWantedAttribute(false, name));
        if (request.liveSelfie()) {
            policy.withSelfieAuthentication(true);
        }
        try {
            ShareSession session = client().createShareSession(ShareSessionRequest.builder()
                    .withPolicy(policy.build())
                    .withRedirectUri(URI.create(request.returnUrl()))
                    .build());
            if (session == null || session.getId() == null) {
                throw new Unavailable("Yoti answered a share session without an id", null);
            }
            ShareSessionQrCode qr = client().createShareQrCode(session.getId());
            if (qr == null || qr.getUri() == null) {
                throw new Unavailable("Yoti answered a QR code without a link", null);
            }
            return new Session(session.getId(), qr.getUri().toString());
        } catch (Unavailable down) {
            throw down;
        } catch (RuntimeException e) {
            throw unavailable("create", e);
        }
    }

    @Override
    public Result retrieve(String sessionId) {
        ShareSession session;
        try {
            session = client().fetchShareSession(sessionId);
        } catch (Unavailable down) {
            throw down;
        } catch (RuntimeException e) {
            throw unavailable("session", e);
        }
        String status = String.valueOf(session.getStatus()).toUpperCase(Locale.ROOT);
        if (session.getReceiptId() == null) {
            // CREATED or ACTIVE: not shared yet. Anything else without a receipt (EXPIRED, FAILED, …) is over.
            return status.equals("CREATED") || status.equals("ACTIVE") || status.equals("COMPLETED")
                    ? Result.waiting()
                    : Result.ended("SESSION_" + status);
        }
        Receipt receipt;
        try {
            receipt = client().fetchShareReceipt(session.getReceiptId());
        } catch (RuntimeException e) {
            // Includes a receipt the SDK cannot decrypt: nobody passes on a receipt that was not read.
            throw unavailable("receipt", e);
        }
        if (receipt.getError().isPresent()) {
            return Result.ended("RECEIPT_" + receipt.getError().get());
        }
        Optional<HumanProfile> profile = receipt.getProfile();
        String email = profile.map(HumanProfile::getEmailAddress)
                .map(Attribute::getValue)
                .orElse(null);
        List<String> names = profile.map(p -> p.getAttributes().stream()
                        .limit(MAX_ATTRIBUTES)
                        .map(Attribute::getName)
                        .distinct()
                        .toList())
                .orElse(List.of());
        return new Result(State.SHARED, receipt.getId(), email, names, null);
    }

    private static Unavailable unavailable(String while_, RuntimeException e) {
        // The SDK's message carries the HTTP status and the resource's id; no attribute value is in it.
        log.warn("Yoti auth: Yoti did not answer ({}): {}", while_, e.getMessage());
        return new Unavailable("Yoti did not answer (" + while_ + ")", e);
    }
}
