package dev.signet.signature;

import com.itextpdf.signatures.ITSAClient;
import dev.signet.account.Mode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which TSA timestamps a hierarchy's signatures. Live uses the external RFC 3161 TSA when one is
 * configured (production) and the built-in live TSA otherwise; sandbox always uses the built-in
 * sandbox TSA, so a sandbox document never carries a real TSA's word and never costs a paid stamp.
 */
public final class Timestamps {

    private final Map<Mode, TimeStampAuthority> builtIn = new EnumMap<>(Mode.class);
    private final External external;

    /**
     * @param external the live TSA over HTTP, or {@code null} for the built-in one
     */
    public Timestamps(Pki pki, External external, Clock clock) {
        for (Mode mode : Mode.values()) {
            builtIn.put(mode, new TimeStampAuthority(pki.key(mode, KeyRole.TSA), clock));
        }
        this.external = external;
    }

    /** The built-in authority of a hierarchy (also what an HTTP TSA endpoint would serve). */
    public TimeStampAuthority authority(Mode mode) {
        return builtIn.get(mode);
    }

    ITSAClient client(Mode mode) {
        if (mode == Mode.LIVE && external != null) {
            return new HttpTsaClient(external);
        }
        return new BuiltInTsaClient(builtIn.get(mode));
    }

    /**
     * An external TSA.
     *
     * @param tokenSizeEstimate bytes reserved for its token in each signature: its chain plus ~1 KB
     * @param policyOid the policy to ask for, or null for the TSA's default
     * @param timeout how long to wait to connect, and then for the reply
     */
    public record External(
            URI url, String username, String password, int tokenSizeEstimate, String policyOid, Duration timeout) {}
}
