package dev.signet.notification.webhook;

import dev.signet.SignetProperties;
import dev.signet.notification.outbound.Destinations;
import dev.signet.notification.outbound.PinnedHttp;
import java.net.InetAddress;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The one policy for where a webhook may go, asked wherever a destination is accepted (an envelope's
 * {@code notifications.destination} at create, an endpoint's URL at registration) and applied again,
 * with DNS, by the dispatcher when it sends. Acceptance and delivery share one {@link Destinations},
 * so a destination that is accepted is one that will be delivered to: HTTPS to a public address;
 * in embedded mode, or to a host the operator lists in {@code signet.webhooks.internal-destinations},
 * also http and internal addresses. A sandbox key gets no exception of its own: loopback reached
 * from a shared Signet is the server's own machine, not the integrator's.
 */
@Component
public class WebhookDestinations {

    private final boolean embedded;
    private final WebhookProperties properties;

    WebhookDestinations(SignetProperties signet, WebhookProperties properties) {
        this.embedded = signet.embedded();
        this.properties = properties;
    }

    /**
     * What the URL alone says, without DNS (a name may resolve differently when it is sent; the
     * dispatcher checks the resolved addresses then).
     *
     * @return why the URL may not receive webhooks, or empty when it may
     */
    public Optional<String> problem(String url) {
        return destinations(InetAddress::getAllByName).problemWithoutDns(url);
    }

    /** The sender's HTTP: to the address checked with this name resolution, within the webhook settings' bounds. */
    PinnedHttp http(Destinations.Resolver resolver) {
        return new PinnedHttp(
                destinations(resolver),
                properties.connectTimeout(),
                properties.responseTimeout(),
                properties.maxResponseBytes(),
                "Signet-Webhooks/1");
    }

    private Destinations destinations(Destinations.Resolver resolver) {
        return new Destinations(embedded, properties.internalDestinations(), resolver);
    }
}
