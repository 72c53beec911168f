package dev.signet.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Chooses the password of Cockpit's {@code admin} user before the engine starts. It is
 * {@code SIGNET_ADMIN_PASSWORD} when set. In embedded mode only, a random one is made on the first
 * start and kept in {@code <data-dir>/admin-password}. Outside embedded mode there is no default:
 * without the variable no admin user is created.
 */
public class AdminPassword implements EnvironmentPostProcessor {

    static final String FILE_NAME = "admin-password";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String password = env.getProperty("signet.admin-password");
        if (!StringUtils.hasText(password) && env.getProperty("signet.embedded", Boolean.class, true)) {
            password = embeddedPassword(Path.of(env.getProperty("signet.data-dir", "./data")));
        }
        if (StringUtils.hasText(password)) {
            env.getPropertySources().addFirst(new MapPropertySource("signetAdminUser", Map.of(
                    "camunda.bpm.admin-user.id", "admin",
                    "camunda.bpm.admin-user.password", password,
                    "camunda.bpm.admin-user.first-name", "Signet",
                    "camunda.bpm.admin-user.last-name", "Administrator")));
        }
    }

    static String embeddedPassword(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[15];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the data directory's own permissions apply
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the admin password in " + file, e);
        }
    }
}
