package dev.signet.ops;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * HTTP Basic checked by Camunda's identity service: the same users, passwords and growing delay
 * after wrong passwords as Cockpit's login (a locked user is refused even with the right password).
 */
final class CamundaUserProvider implements AuthenticationProvider {

    private final IdentityService identity;

    CamundaUserProvider(IdentityService identity) {
        this.identity = identity;
    }

    @Override
    public Authentication authenticate(Authentication presented) {
        String user = presented.getName();
        Object password = presented.getCredentials();
        if (user == null || user.isEmpty() || !(password instanceof String p) || !identity.checkPassword(user, p)) {
            throw new BadCredentialsException("Unknown user, wrong password or a user still locked");
        }
        return UsernamePasswordAuthenticationToken.authenticated(user, null, List.of());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
