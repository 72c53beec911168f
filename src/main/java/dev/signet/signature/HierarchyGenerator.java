package dev.signet.signature;

import dev.signet.account.Mode;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * Makes a complete hierarchy — root CA, seal and TSA — for embedded mode and tests. Production
 * brings its own keystore; see {@link Pkcs12KeyProvider}.
 *
 * <p>One root per hierarchy and no intermediate: in embedded mode the root key sits on the same
 * disk as everything else, so an intermediate would add a certificate to every signature without
 * adding protection. A production keystore may carry an intermediate: chains of any length work.
 */
final class HierarchyGenerator {

    private static final Period ROOT_LIFE = Period.ofYears(20);
    private static final Period LEAF_LIFE = Period.ofYears(5);

    private final String organisation;
    private final String publicUrl;
    private final Clock clock;

    HierarchyGenerator(String organisation, String publicUrl, Clock clock) {
        this.organisation = organisation;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /** Every key of both hierarchies, by alias ({@link KeyRole#alias}). */
    Map<String, Entry> generate() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Mode mode : Mode.values()) {
            generate(mode).forEach((role, entry) -> entries.put(role.alias(mode), entry));
        }
        return entries;
    }

    Map<KeyRole, Entry> generate(Mode mode) {
        Instant now = clock.instant();
        Instant notBefore = now.minusSeconds(60);
        KeyPair rootPair = SignerCertificates.newKeyPair();
        X509Certificate root = CertificateBuilder.root(
                        Names.signet(mode, organisation, "Root CA"),
                        rootPair.getPublic(),
                        notBefore,
                        plus(now, ROOT_LIFE))
                .signWith(new JcaSigningKey(rootPair.getPrivate(), List.of()));
        SigningKey ca = new JcaSigningKey(rootPair.getPrivate(), List.of(root));
        CaUrls urls = CaUrls.of(publicUrl, mode);

        KeyPair sealPair = SignerCertificates.newKeyPair();
        X509Certificate seal = CertificateBuilder.endEntity(
                        root,
                        Names.signet(mode, organisation, "Seal"),
                        sealPair.getPublic(),
                        notBefore,
                        plus(now, LEAF_LIFE),
                        urls)
                .add(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                .signWith(ca);

        KeyPair tsaPair = SignerCertificates.newKeyPair();
        // RFC 3161 §2.3: a TSA certificate carries the timeStamping purpose alone, marked critical.
        X509Certificate tsa = CertificateBuilder.endEntity(
                        root,
                        Names.signet(mode, organisation, "Timestamp Authority"),
                        tsaPair.getPublic(),
                        notBefore,
                        plus(now, LEAF_LIFE),
                        urls)
                .add(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .add(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping))
                .signWith(ca);

        Map<KeyRole, Entry> entries = new EnumMap<>(KeyRole.class);
        entries.put(KeyRole.CA, new Entry(rootPair.getPrivate(), List.of(root)));
        entries.put(KeyRole.SEAL, new Entry(sealPair.getPrivate(), List.of(seal, root)));
        entries.put(KeyRole.TSA, new Entry(tsaPair.getPrivate(), List.of(tsa, root)));
        return entries;
    }

    private static Instant plus(Instant instant, Period period) {
        return instant.atOffset(ZoneOffset.UTC).plus(period).toInstant();
    }

    record Entry(PrivateKey key, List<X509Certificate> chain) {}
}
