package dev.signet.ops;

import dev.signet.account.Secrets;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.StringUtils;

/**
 * Chooses the password of Cockpit's {@code admin} user before the engine starts. It is
 * {@code SIGNET_ADMIN_PASSWORD} when set. In embedded mode only, a random one is made on the first
 * start and kept in {@code <data-dir>/admin-password}. Outside embedded mode there is no default:
 * without the variable no admin user is created.
 */
public class AdminPassword implements EnvironmentPostProcessor {

    static final String FILE_NAME = "admin-password";
    private static final String PREFIX = "camunda.bpm.admin-user.";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        env.getPropertySources().addFirst(new AdminUser(env));
    }

    /**
     * Camunda's {@code camunda.bpm.admin-user.*}, worked out when Camunda first asks for them rather
     * than now: property sources added after this post-processor (context initializers, a test's
     * dynamic properties) may still move {@code signet.data-dir}, and the password file belongs in
     * the data directory that the database and the start-up banner use.
     */
    private static final class AdminUser extends PropertySource<Object> {

        // Not this source's source object: Spring Boot would read an environment there as nested sources.
        private final Environment env;
        private Map<String, String> values;

        AdminUser(Environment env) {
            super("signetAdminUser");
            this.env = env;
        }

        @Override
        public Object getProperty(String name) {
            return name.startsWith(PREFIX) ? values().get(name) : null;
        }

        private synchronized Map<String, String> values() {
            if (values == null) {
                values = adminUser(env);
            }
            return values;
        }
    }

    private static Map<String, String> adminUser(Environment env) {
        String password = env.getProperty("signet.admin-password");
        if (!StringUtils.hasText(password) && env.getProperty("signet.embedded", Boolean.class, true)) {
            password = embeddedPassword(Path.of(env.getProperty("signet.data-dir", "./data")));
        }
        if (!StringUtils.hasText(password)) {
            return Map.of();
        }
        return Map.of(
                PREFIX + "id",
                "admin",
                PREFIX + "password",
                password,
                PREFIX + "first-name",
                "Signet",
                PREFIX + "last-name",
                "Administrator");
    }

    static String embeddedPassword(Path dataDir) {
        return Secrets.keptInFile(dataDir.resolve(FILE_NAME), 15);
    }
}
