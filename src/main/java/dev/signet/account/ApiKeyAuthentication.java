package dev.signet.account;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A bearer key as presented, then, once {@link AccountService#authenticate} knows it, its {@link Caller}. */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final String key;
    private final Caller caller;

    private ApiKeyAuthentication(String key, Caller caller) {
        super(List.of());
        this.key = key;
        this.caller = caller;
        setAuthenticated(caller != null);
    }

    static ApiKeyAuthentication presented(String key) {
        return new ApiKeyAuthentication(key, null);
    }

    static ApiKeyAuthentication of(Caller caller) {
        return new ApiKeyAuthentication(null, caller);
    }

    /** The key as sent; gone once authenticated, so it lives no longer than the check. */
    @Override
    public Object getCredentials() {
        return key;
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller == null ? "" : caller.apiKeyId().toString();
    }
}
