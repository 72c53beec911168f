package dev.signet.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Api;
import dev.signet.FreshDatabase;
import dev.signet.SignetApplication;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Cockpit's admin follows the configuration on every start (issue 11, point 6): a changed
 * SIGNET_ADMIN_PASSWORD replaces the old one, and wrong passwords delay the next login for a while
 * but never lock the admin for good, nor past a restart. Starts Signet itself, twice or three times.
 */
class AdminAccountTest {

    /** Answers a user that HTTP Basic let in, whichever engines are running. */
    private static final String ENGINES = "/engine-rest/engine";
    /** The password the other tests' contexts, sharing this database, expect; put back at the end. */
    private static final String TESTS_PASSWORD = "test-admin-password";

    static {
        FreshDatabase.resetOnce();
    }

    private ConfigurableApplicationContext signet;

    @AfterEach
    void stopAndRestore() {
        ClockUtil.reset();
        if (signet != null) {
            IdentityService identity = signet.getBean(IdentityService.class);
            org.camunda.bpm.engine.identity.User admin = identity.createUserQuery().userId("admin").singleResult();
            admin.setPassword(TESTS_PASSWORD);
            identity.saveUser(admin);
            identity.unlockUser("admin");
            signet.close();
        }
    }

    @Test
    void aChangedPasswordReplacesTheOldOneAndTheAdminIsPutBackInItsGroup() {
        start("first-password-1");
        assertThat(engineRest("admin", "first-password-1")).isEqualTo(200);
        signet.getBean(IdentityService.class).deleteMembership("admin", Groups.CAMUNDA_ADMIN);
        signet.close();

        start("second-password-2");

        assertThat(engineRest("admin", "second-password-2")).isEqualTo(200);
        // (after the right one: a wrong password delays the next login a few seconds)
        assertThat(engineRest("admin", "first-password-1")).isEqualTo(401);
        assertThat(signet.getBean(IdentityService.class).createUserQuery().userId("admin")
                .memberOfGroup(Groups.CAMUNDA_ADMIN).count()).isEqualTo(1);
    }

    @Test
    void twelveWrongPasswordsDelayTheAdminButNeverLockItForGood() {
        start("the-right-password");
        for (int i = 0; i < 12; i++) {
            assertThat(engineRest("admin", "wrong-" + i)).isEqualTo(401);
        }
        assertThat(engineRest("admin", "the-right-password")).as("still delayed").isEqualTo(401);

        // Camunda's delay doubles from 3 s and stops at 60 s: a minute later the right password works.
        ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + 61_000));
        assertThat(engineRest("admin", "the-right-password")).isEqualTo(200);
    }

    @Test
    void aLockDoesNotSurviveARestart() {
        start("the-right-password");
        for (int i = 0; i < 12; i++) {
            engineRest("admin", "wrong-" + i);
        }
        assertThat(engineRest("admin", "the-right-password")).isEqualTo(401);
        signet.close();

        start("the-right-password");

        assertThat(engineRest("admin", "the-right-password")).isEqualTo(200);
    }

    private void start(String adminPassword) {
        signet = new SpringApplicationBuilder(SignetApplication.class).profiles("test")
                .run("--server.port=0", "--signet.admin-password=" + adminPassword,
                        // Camunda keeps engines in a static registry by name: closing an engine named
                        // "default" would take it from the other tests' contexts running in this JVM.
                        "--camunda.bpm.process-engine-name=admin-account-test");
    }

    private int engineRest(String user, String password) {
        int port = ((ServletWebServerApplicationContext) signet).getWebServer().getPort();
        Api api = new Api(port);
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return api.send(api.builder(ENGINES, null).header("Authorization", "Basic " + credentials).GET()).status();
    }
}
