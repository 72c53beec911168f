package dev.signet.account;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Checks a presented bearer key with {@link AccountService#authenticate}. */
final class ApiKeyProvider implements AuthenticationProvider {

    private final AccountService accounts;

    ApiKeyProvider(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(Authentication presented) {
        String key = (String) presented.getCredentials();
        return accounts.authenticate(key)
                .map(ApiKeyAuthentication::of)
                .orElseThrow(() -> new BadCredentialsException("Unknown, revoked or malformed API key"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiKeyAuthentication.class.isAssignableFrom(authentication);
    }
}
