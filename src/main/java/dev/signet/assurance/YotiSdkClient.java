package dev.signet.assurance;

import com.yoti.api.client.FileKeyPairSource;
import com.yoti.api.client.KeyPairSource;
import java.io.File;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * One of Yoti's SDK clients ({@code com.yoti:yoti-sdk-api}), built on first use from Signet's
 * application at Yoti ({@link YotiProperties}: the SDK id and the PEM key pair). The SDK reads its
 * API's address and its time-outs from system properties when a client is built, so every client is
 * built under one lock, after those properties are set: the API's address from Signet's setting, and
 * a bound on every call (the SDK waits forever by default; an operator's own setting wins).
 *
 * @param <C> the client: Doc Scan for identity verification, Digital ID for Yoti auth
 */
final class YotiSdkClient<C> {

    /** Connect and read time-outs of the SDK's HTTP calls, in milliseconds. */
    private static final String TIMEOUT_MS = "10000";

    private static final Object BUILDING = new Object();

    private final String what;
    private final String urlProperty;
    private final Supplier<String> url;
    private final YotiProperties properties;
    private final BiFunction<String, KeyPairSource, C> build;
    private final BiFunction<String, Throwable, RuntimeException> unavailable;
    private volatile C client;

    /**
     * @param what the feature, for the operator: "Yoti IDV", "Yoti auth"
     * @param urlProperty the system property the SDK reads this API's address from
     * @param url this API's address, from Signet's settings
     * @param build the SDK's builder, given the SDK id and the key pair
     * @param unavailable the provider's own "Yoti cannot be used now"
     */
    YotiSdkClient(
            String what,
            String urlProperty,
            Supplier<String> url,
            YotiProperties properties,
            BiFunction<String, KeyPairSource, C> build,
            BiFunction<String, Throwable, RuntimeException> unavailable) {
        this.what = what;
        this.urlProperty = urlProperty;
        this.url = url;
        this.properties = properties;
        this.build = build;
        this.unavailable = unavailable;
    }

    /** The client; the provider's "unavailable" while the key file cannot be loaded. */
    C get() {
        C built = client;
        if (built != null) {
            return built;
        }
        synchronized (BUILDING) {
            if (client == null) {
                System.setProperty(urlProperty, url.get());
                keepOrSet("yoti.client.connect.timeout.ms");
                keepOrSet("yoti.client.read.timeout.ms");
                try {
                    client =
                            build.apply(properties.sdkId(), FileKeyPairSource.fromFile(new File(properties.keyFile())));
                } catch (RuntimeException badKey) {
                    // The key file is missing or holds no PEM key pair: nothing works until the operator fixes it.
                    throw unavailable.apply(what + ": cannot load the key file signet.yoti.key-file", badKey);
                }
            }
            return client;
        }
    }

    private static void keepOrSet(String property) {
        System.setProperty(property, System.getProperty(property, TIMEOUT_MS));
    }
}
