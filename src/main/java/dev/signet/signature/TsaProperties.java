package dev.signet.signature;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code signet.tsa.*}: the external RFC 3161 TSA live signatures use. Unset {@code url}: the
 * built-in live TSA. Sandbox always uses the built-in sandbox TSA.
 *
 * @param url e.g. {@code http://timestamp.example/tsa} ({@code SIGNET_TSA_URL})
 * @param username HTTP basic user, if the TSA wants one ({@code SIGNET_TSA_USERNAME})
 * @param password its password ({@code SIGNET_TSA_PASSWORD})
 * @param tokenSizeEstimate bytes reserved per token: the TSA's certificate chain plus ~1 KB
 * @param policyOid the TSA policy to request; unset for the TSA's default
 * @param timeout how long to wait to connect, and then for the reply, before the signature fails
 */
@ConfigurationProperties("signet.tsa")
record TsaProperties(
        URI url,
        String username,
        String password,
        @DefaultValue("10240") int tokenSizeEstimate,
        String policyOid,
        @DefaultValue("10s") Duration timeout) {}
