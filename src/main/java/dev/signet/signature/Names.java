package dev.signet.signature;

import dev.signet.account.Mode;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Subject names of Signet's certificates. Every sandbox name carries SANDBOX in a component a
 * validator shows (O or OU and the CN of Signet's own certificates), so a sandbox document can be
 * told apart at a glance, not only by its chain.
 */
final class Names {

    static final String SANDBOX_UNIT = "SANDBOX - not for real signatures";

    private Names() {}

    static X500Name signet(Mode mode, String organisation, String what) {
        String cn = mode == Mode.SANDBOX ? "Signet SANDBOX " + what : "Signet " + what;
        return withMode(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn), mode)
                .addRDN(BCStyle.O, organisation)
                .build();
    }

    /** A signer is named only by what Signet knows: the name the sender gave (no organisation claimed). */
    static X500Name signer(Mode mode, String name) {
        return withMode(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name), mode)
                .build();
    }

    private static X500NameBuilder withMode(X500NameBuilder builder, Mode mode) {
        return mode == Mode.SANDBOX ? builder.addRDN(BCStyle.OU, SANDBOX_UNIT) : builder;
    }
}
