package dev.signet.portal;

import dev.signet.account.Secrets;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashing (Argon2id, Spring Security's parameters of 5.8: 16 MB, 2 passes) and the rules
 * a new password must meet. A login for an unknown address is checked against a dummy hash, so it
 * takes as long as one for a known address.
 */
@Component
class Passwords {

    static final int MIN_LENGTH = 12;
    /** Longer input is refused before hashing, so nobody can make the server hash megabytes. */
    static final int MAX_LENGTH = 128;

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    private final String dummy = encoder.encode(Secrets.random(24));

    String hash(String password) {
        return encoder.encode(password);
    }

    /** Whether the password matches; with a null hash (no password set, or no such user) never, in the same time. */
    boolean matches(String password, String hash) {
        if (password == null || password.length() > MAX_LENGTH) {
            return false;
        }
        if (hash == null) {
            encoder.matches(password, dummy);
            return false;
        }
        return encoder.matches(password, hash);
    }

    /** The message key of what is wrong with a new password, or null when it will do. */
    static String problem(String password, String confirmation) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return "portal.password.tooShort";
        }
        if (password.length() > MAX_LENGTH) {
            return "portal.password.tooLong";
        }
        if (!password.equals(confirmation)) {
            return "portal.password.mismatch";
        }
        return null;
    }
}
