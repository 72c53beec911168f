package dev.signet.notification.webhook;

import dev.signet.account.SecretBox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The columns where webhook secrets are kept sealed: each start seals what is plain there (SecretBox). */
@Configuration(proxyBeanMethods = false)
class WebhookSecretColumns {

    @Bean
    SecretBox.Column webhookEndpointSecret() {
        return WebhookEndpoints.SECRET;
    }

    @Bean
    SecretBox.Column webhookEndpointPreviousSecret() {
        return WebhookEndpoints.PREVIOUS_SECRET;
    }

    @Bean
    SecretBox.Column webhookEnvelopeSecret() {
        return WebhookEndpoints.ENVELOPE_SECRET;
    }

    @Bean
    SecretBox.Column webhookEnvelopePreviousSecret() {
        return WebhookEndpoints.ENVELOPE_PREVIOUS_SECRET;
    }
}
