package dev.signet.envelope;

import dev.signet.account.Mode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Which identity checks this node can carry out, per mode: identity verification ({@code auth_type
 * idv}) and Yoti auth ({@code sign-auth}). Assurance declares them as its services start, from its
 * configuration (the sandbox providers for sandbox keys and in embedded mode, Yoti for live keys
 * when it is configured), and the create checks read them, so a create request asks assurance
 * nothing. These are facts of the node's own configuration, fixed until it restarts, as they were
 * when the create checks asked assurance: nothing read from the database is kept here. A node
 * without the assurance services (or before they start) serves nothing, and a request asking for
 * the check is refused with 422.
 */
@Component
public class IdentityProviders {

    private final Set<Mode> idv = ConcurrentHashMap.newKeySet();
    private final Set<Mode> share = ConcurrentHashMap.newKeySet();

    /** Assurance: a provider verifies identities for envelopes of this mode. */
    public void servesIdv(Mode mode) {
        idv.add(mode);
    }

    /** Assurance: a Yoti share provider serves envelopes of this mode. */
    public void servesShare(Mode mode) {
        share.add(mode);
    }

    boolean idv(Mode mode) {
        return idv.contains(mode);
    }

    boolean share(Mode mode) {
        return share.contains(mode);
    }
}
