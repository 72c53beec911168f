package dev.signet.account;

import dev.signet.SignetProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts the few secrets Signet must be able to read back (webhook signing secrets, TOTP seeds,
 * an identity provider's client secret), so that a copy of the database alone does not give them
 * away. A secret that only needs comparing is hashed instead ({@link Secrets#sha256Hex}).
 *
 * <p>The key never lives in the database: it comes from {@code SIGNET_SECRETS_KEY} (32 bytes,
 * base64), or else is made on first start into {@code <data-dir>/secrets.key}, readable by its owner
 * only. Keys being retired go in {@code SIGNET_SECRETS_PREVIOUS_KEYS} (comma-separated): values
 * sealed with them still open, new values are sealed with the current key.
 *
 * <p>A sealed value is {@code sb1:<key id>:<base64url(nonce | ciphertext | tag)>}, AES-256-GCM with
 * a fresh 96-bit nonce. The caller names a <em>context</em> (table, column and row id), bound in as
 * associated data, so a value copied into another row or column does not open there.
 */
@Component
public class SecretBox {

    static final String PREFIX = "sb1:";
    static final String KEY_FILE = "secrets.key";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String currentId;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

    @Autowired
    SecretBox(
            SignetProperties signet,
            @Value("${signet.secrets.key:}") String key,
            @Value("${signet.secrets.previous-keys:}") List<String> previousKeys) {
        this(key.isBlank() ? SecretBoxKeys.kept(signet.dataDir()) : key, previousKeys);
    }

    /** A box with {@code key} (base64, 32 bytes) as its current key. */
    public SecretBox(String key, List<String> previousKeys) {
        this.currentId = add(key);
        previousKeys.stream().filter(k -> !k.isBlank()).forEach(this::add);
    }

    private String add(String base64) {
        byte[] raw;
        try {
            raw = decodeKey(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("signet.secrets key is not base64", e);
        }
        if (raw.length != 32) {
            throw new IllegalStateException("signet.secrets key must be 32 bytes (base64), was " + raw.length);
        }
        String id = HexFormat.of().formatHex(Secrets.sha256(raw), 0, 4);
        keys.putIfAbsent(id, new SecretKeySpec(raw, "AES"));
        return id;
    }

    private static byte[] decodeKey(String base64) {
        // Secrets.random writes base64url; an operator may paste standard base64 (openssl rand -base64 32)
        return base64.contains("+") || base64.contains("/") || base64.endsWith("=")
                ? Base64.getDecoder().decode(base64)
                : Base64.getUrlDecoder().decode(base64);
    }

    /** {@code plain} sealed for {@code context}; opens only with the same context. */
    public String seal(String plain, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + currentId + ":"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal a secret", e);
        }
    }

    /**
     * The secret inside {@code sealed}. Fails with {@link IllegalStateException} when the key that
     * sealed it is not configured, or when it was altered or sealed for another context.
     */
    public String open(String sealed, String context) {
        if (!isSealed(sealed)) {
            throw new IllegalArgumentException("not a sealed value");
        }
        int colon = sealed.indexOf(':', PREFIX.length());
        if (colon < 0) {
            throw new IllegalStateException("A sealed secret is malformed");
        }
        String id = sealed.substring(PREFIX.length(), colon);
        SecretKeySpec key = keys.get(id);
        if (key == null) {
            throw new IllegalStateException("A secret was sealed with key " + id
                    + ", which is not configured (SIGNET_SECRETS_KEY / SIGNET_SECRETS_PREVIOUS_KEYS)");
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(sealed.substring(colon + 1));
            if (in.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new IllegalStateException("A sealed secret is too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalStateException("A sealed secret does not open (altered, or sealed for another row)", e);
        }
    }

    /** True for a value {@link #seal} made; false for a plain value stored before sealing began. */
    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** True when {@code sealed} was sealed with a key other than the current one (re-seal it). */
    public boolean sealedWithOlderKey(String sealed) {
        return isSealed(sealed) && !sealed.startsWith(PREFIX + currentId + ":");
    }
}
