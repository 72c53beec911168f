package dev.signet.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Who Cockpit's admin is, decided from configuration alone (no engine, no Spring context). */
class AdminPasswordTest {

    private static final String ID = "camunda.bpm.admin-user.id";
    private static final String PASSWORD = "camunda.bpm.admin-user.password";

    @TempDir
    Path dataDir;

    @Test
    void embeddedModeKeepsAGeneratedPasswordInTheDataDirectoryEvenWhenThatIsSetLater() throws Exception {
        StandardEnvironment env = environment(Map.of("signet.embedded", "true"));
        // As a context initializer or a test's dynamic property would: after the post-processor ran.
        env.getPropertySources()
                .addFirst(new MapPropertySource("later", Map.of("signet.data-dir", dataDir.toString())));

        assertThat(env.getProperty(ID)).isEqualTo("admin");
        String password = env.getProperty(PASSWORD);
        assertThat(password).hasSizeGreaterThanOrEqualTo(16);
        assertThat(Files.readString(dataDir.resolve(AdminPassword.FILE_NAME)).trim())
                .isEqualTo(password);
    }

    @Test
    void theGeneratedPasswordSurvivesARestart() {
        Map<String, Object> embedded = Map.of("signet.embedded", "true", "signet.data-dir", dataDir.toString());

        String first = environment(embedded).getProperty(PASSWORD);
        String second = environment(embedded).getProperty(PASSWORD);

        assertThat(first).isNotBlank().isEqualTo(second);
    }

    @Test
    void aConfiguredPasswordIsUsedAndNothingIsWritten() {
        StandardEnvironment env = environment(Map.of(
                "signet.embedded",
                "true",
                "signet.data-dir",
                dataDir.toString(),
                "signet.admin-password",
                "from-the-environment"));

        assertThat(env.getProperty(PASSWORD)).isEqualTo("from-the-environment");
        assertThat(dataDir.resolve(AdminPassword.FILE_NAME)).doesNotExist();
    }

    @Test
    void outsideEmbeddedModeThereIsNoAdminWithoutAConfiguredPassword() {
        StandardEnvironment env =
                environment(Map.of("signet.embedded", "false", "signet.data-dir", dataDir.toString()));

        assertThat(env.getProperty(ID)).isNull();
        assertThat(env.getProperty(PASSWORD)).isNull();
        assertThat(dataDir.resolve(AdminPassword.FILE_NAME)).doesNotExist();
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("configuration", properties));
        new AdminPassword().postProcessEnvironment(env, new SpringApplication());
        return env;
    }
}
