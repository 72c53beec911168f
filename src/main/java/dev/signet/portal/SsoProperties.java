package dev.signet.portal;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code signet.portal.sso.*}.
 *
 * @param internalIssuers host names (as written in the issuer's URLs) the operator trusts to be inside
 *     its own network: Signet may reach them over http and at private or loopback addresses. Outside
 *     embedded mode every other provider must be https at a public address.
 */
@ConfigurationProperties("signet.portal.sso")
record SsoProperties(@DefaultValue("") List<String> internalIssuers) {}
