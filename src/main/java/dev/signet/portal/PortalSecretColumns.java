package dev.signet.portal;

import dev.signet.account.SecretBox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The portal's sealed columns, the users' TOTP seeds and the SSO client secrets: each start seals what is plain there (SecretBox). */
@Configuration(proxyBeanMethods = false)
class PortalSecretColumns {

    @Bean
    SecretBox.Column portalUserTotpSecret() {
        return PortalUsers.TOTP_SECRET;
    }

    @Bean
    SecretBox.Column portalSsoClientSecret() {
        return SsoSettings.CLIENT_SECRET;
    }
}
