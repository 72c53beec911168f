package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Where the OpenID client connects: to the address its check resolved, once. A provider's DNS that
 * answers a public address to the check and loopback afterwards (DNS rebinding) must not bring
 * Signet's requests, with their client secret, to a service inside its own network.
 */
class OidcClientTest {

    @Test
    void aProviderNameThatAnswersPublicFirstAndLoopbackSecondNeverReachesLoopback() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetAddress reserved = InetAddress.getByName("203.0.113.7");
        try (ServerSocket inside = new ServerSocket(0, 5, loopback)) {
            AtomicInteger lookups = new AtomicInteger();
            OidcClient client = new OidcClient(
                    false,
                    List.of(),
                    host -> new InetAddress[] {lookups.getAndIncrement() == 0 ? reserved : loopback},
                    Duration.ofMillis(500));

            assertThatThrownBy(() -> client.discover("https://idp.example.com:" + inside.getLocalPort()))
                    .isInstanceOf(OidcClient.Failed.class)
                    .hasMessage("The provider's discovery document could not be reached.");
            assertThat(lookups)
                    .as("resolved once: for the check and the connection")
                    .hasValue(1);
            inside.setSoTimeout(1000);
            assertThatThrownBy(() -> {
                        try (Socket reached = inside.accept()) {
                            // a connection reached loopback
                        }
                    })
                    .as("nothing connected to loopback")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aProviderNameThatResolvesInsideIsRefusedWithoutAConnection() {
        OidcClient client = new OidcClient(
                false, List.of(), host -> new InetAddress[] {InetAddress.getLoopbackAddress()}, Duration.ofMillis(500));
        assertThatThrownBy(() -> client.discover("https://idp.example.com"))
                .isInstanceOf(OidcClient.Failed.class)
                .hasMessage("The provider's address resolves to a private, loopback, link-local or metadata address.");
    }

    /** The control: the client does read a real provider's documents through the same path. */
    @Test
    void aTrustedProviderIsReadThroughTheCheckedAddress() throws Exception {
        try (OidcProviderEmulation provider = OidcProviderEmulation.start()) {
            AtomicInteger lookups = new AtomicInteger();
            OidcClient client = new OidcClient(
                    false,
                    List.of("127.0.0.1"),
                    host -> {
                        lookups.incrementAndGet();
                        return InetAddress.getAllByName(host);
                    },
                    Duration.ofSeconds(2));
            OidcClient.Discovery discovery = client.discover(provider.issuer);
            assertThat(discovery.issuer()).isEqualTo(provider.issuer);
            assertThat(discovery.tokenEndpoint()).startsWith(provider.issuer);
            assertThat(client.keys(discovery).getKeys()).isNotEmpty();
            assertThat(lookups).as("one resolution a request").hasValue(2);
        }
    }
}
