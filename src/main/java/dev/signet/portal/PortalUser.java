package dev.signet.portal;

import java.io.Serializable;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A person of an organisation as the portal knows them; the principal of a portal session. */
record PortalUser(UUID id, UUID organisationId, String email, Role role, boolean active, boolean hasPassword)
        implements Serializable {

    List<SimpleGrantedAuthority> authorities() {
        return List.of(new SimpleGrantedAuthority(role.authority()));
    }
}
