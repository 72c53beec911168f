package dev.signet.signature;

import dev.signet.account.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signet's keys from one PKCS#12 file holding six private-key entries, aliased
 * {@code live-ca}, {@code live-seal}, {@code live-tsa}, {@code sandbox-ca}, {@code sandbox-seal}
 * and {@code sandbox-tsa}, each with its chain up to the root. Checked when loaded: a keystore
 * with a missing entry, a TSA certificate without the timeStamping purpose, a sandbox name
 * without SANDBOX, or one root shared by both hierarchies is refused at start-up, not at the
 * first signature.
 */
public final class Pkcs12KeyProvider implements KeyProvider {

    private static final Logger log = LoggerFactory.getLogger(Pkcs12KeyProvider.class);
    private static final String TIME_STAMPING = "1.3.6.1.5.5.7.3.8";

    private final Map<Mode, Map<KeyRole, SigningKey>> keys = new EnumMap<>(Mode.class);

    private Pkcs12KeyProvider(KeyStore store, char[] password) throws GeneralSecurityException {
        for (Mode mode : Mode.values()) {
            Map<KeyRole, SigningKey> roles = new EnumMap<>(KeyRole.class);
            for (KeyRole role : KeyRole.values()) {
                roles.put(role, entry(store, role.alias(mode), password));
            }
            keys.put(mode, roles);
        }
        check();
    }

    /** Reads a keystore a person prepared (production). */
    public static Pkcs12KeyProvider load(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return new Pkcs12KeyProvider(store, password);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the keystore " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot use the keystore " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the keystore at {@code file}, first generating both hierarchies into it if it does not
     * exist (embedded mode: the first start makes the keys, every later start reuses them).
     */
    public static Pkcs12KeyProvider loadOrGenerate(
            Path file, char[] password, String organisation, String publicUrl, Clock clock) {
        if (!Files.exists(file)) {
            write(file, password, new HierarchyGenerator(organisation, publicUrl, clock).generate());
            log.info("Generated Signet's live and sandbox certification hierarchies in {}", file);
        }
        return load(file, password);
    }

    @Override
    public SigningKey key(Mode mode, KeyRole role) {
        return keys.get(mode).get(role);
    }

    static void write(Path file, char[] password, Map<String, HierarchyGenerator.Entry> entries) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (Map.Entry<String, HierarchyGenerator.Entry> e : entries.entrySet()) {
                store.setKeyEntry(
                        e.getKey(),
                        e.getValue().key(),
                        password,
                        e.getValue().chain().toArray(new Certificate[0]));
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            // Written aside and moved, so a crash mid-write never leaves a half keystore to be "reused".
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            try (OutputStream out = Files.newOutputStream(partial)) {
                store.store(out, password);
            }
            try {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the data directory's own permissions apply
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the keystore " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot write the keystore " + file, e);
        }
    }

    private static SigningKey entry(KeyStore store, String alias, char[] password) throws GeneralSecurityException {
        if (!store.isKeyEntry(alias)) {
            throw new IllegalStateException("The keystore has no private key entry '" + alias + "'");
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : store.getCertificateChain(alias)) {
            chain.add((X509Certificate) certificate);
        }
        return new JcaSigningKey((PrivateKey) store.getKey(alias, password), chain);
    }

    private void check() throws GeneralSecurityException {
        for (Mode mode : Mode.values()) {
            List<String> eku = key(mode, KeyRole.TSA).certificate().getExtendedKeyUsage();
            if (eku == null || !eku.equals(List.of(TIME_STAMPING))) {
                throw new IllegalStateException("The " + mode.dbValue() + " TSA certificate must have the "
                        + "timeStamping extended key usage, alone (RFC 3161)");
            }
        }
        for (KeyRole role : KeyRole.values()) {
            String subject = key(Mode.SANDBOX, role)
                    .certificate()
                    .getSubjectX500Principal()
                    .getName();
            if (!subject.contains("SANDBOX")) {
                throw new IllegalStateException(
                        "The sandbox " + role + " certificate's name must say SANDBOX: " + subject);
            }
        }
        if (root(Mode.LIVE).equals(root(Mode.SANDBOX))) {
            throw new IllegalStateException("Live and sandbox must have different roots");
        }
    }

    private X509Certificate root(Mode mode) {
        List<X509Certificate> chain = key(mode, KeyRole.CA).chain();
        return chain.get(chain.size() - 1);
    }
}
