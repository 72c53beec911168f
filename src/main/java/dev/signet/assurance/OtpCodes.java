package dev.signet.assurance;

import dev.signet.account.Secrets;
import dev.signet.account.StoredSecrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Makes codes and their stored form. A code is 6 digits from {@link SecureRandom}; it is kept only
 * as HMAC-SHA256(server key, row id ":" code). A plain hash of 6 digits falls to a million tries,
 * so the key (a random secret in {@code stored_secret}, never in this table) is what protects a
 * leaked table, and the row id makes equal codes hash apart. Checks compare in constant time.
 */
@Component
class OtpCodes {

    static final int DIGITS = 6;
    private static final int BOUND = 1_000_000;
    private static final Pattern SIX_DIGITS = Pattern.compile("\\d{6}");
    /** Spaces and dashes people type or paste between groups of digits. */
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-\u00a0]");

    static final String KEY_NAME = "otp-code-key";

    private final SecureRandom random = new SecureRandom();
    private final StoredSecrets secrets;
    private volatile byte[] key;

    OtpCodes(StoredSecrets secrets) {
        this.secrets = secrets;
    }

    String newCode() {
        return String.format("%06d", random.nextInt(BOUND));
    }

    String hash(UUID otpId, String code) {
        return HexFormat.of().formatHex(mac(otpId, code));
    }

    /** True when {@code entered} is the code whose stored form is {@code storedHash}; compared in constant time. */
    boolean matches(UUID otpId, String entered, String storedHash) {
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException corrupt) {
            return false;
        }
        return MessageDigest.isEqual(mac(otpId, entered), stored);
    }

    /** The six digits a person entered, without spaces or dashes; empty when it cannot be a code. */
    static Optional<String> entered(String input) {
        if (input == null || input.length() > 32) {
            return Optional.empty();
        }
        String digits = SEPARATORS.matcher(input).replaceAll("");
        return SIX_DIGITS.matcher(digits).matches() ? Optional.of(digits) : Optional.empty();
    }

    private byte[] mac(UUID otpId, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return mac.doFinal((otpId + ":" + code).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            k = secrets.keep(KEY_NAME, () -> Secrets.random(32)).getBytes(StandardCharsets.UTF_8);
            key = k;
        }
        return k;
    }
}
