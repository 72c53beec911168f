package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The recipient API's gate reads the checks a recipient owes from their row, which the workflow writes with the
 * assurance decision and clears as the process lets them past each check: no engine query on a view, a document
 * or a submit. Engine queries are counted as the SQL Camunda's MyBatis mappers prepare on this thread.
 */
class ChecksOwedTest extends SignetIntegrationTest {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final String MIGRATION = "db/migration/V9_12_1__recipient_checks_owed.sql";

    @Autowired
    ChecksOwed checks;

    @Autowired
    OtpGate otpGate;

    @Autowired
    Envelopes envelopes;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void theGateAnswersFromTheRowWithoutAnEngineQuery() {
        String key = newTenant().sandboxKey();
        UUID envelope = create(key, options(false).toString());
        runJobs(envelope);
        UUID recipient = recipientOf(envelope);
        String token = invitationTo(envelope, "olive@example.com").token();
        assertThat(checksOwed(recipient)).as("written with the decision").isEqualTo("otp");

        List<String> engine = EngineStatements.during(() -> otpGate.pending(recipient));
        assertThat(engine)
                .as("the counter sees an engine query when one runs (the OTP page still asks the process)")
                .isNotEmpty()
                .anySatisfy(sql -> assertThat(sql).containsIgnoringCase("act_ru_task"));

        List<String> gate = EngineStatements.during(() -> assertThatThrownBy(() -> checks.refuseWhileOwed(token))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("OTP_REQUIRED")));
        assertThat(gate).as("the gate refused from the row alone").isEmpty();

        passOtp(envelope, token);
        assertThat(checksOwed(recipient))
                .as("cleared when the process left the OTP step")
                .isNull();
        assertThat(EngineStatements.during(() -> checks.refuseWhileOwed(token)))
                .as("nothing owed, still no engine query")
                .isEmpty();
        assertThat(api.get("/v2/signing/" + token, null).status()).isEqualTo(200);
        Api.Response signed = sign(token);
        assertThat(signed.status()).as("%s", signed).isEqualTo(204);
    }

    /** A link sent before the column existed: the migration fills it from the flags the running process keeps. */
    @Test
    void aRecipientDecidedBeforeTheMigrationIsGatedAsBefore() throws IOException {
        String key = newTenant().sandboxKey();
        UUID envelope = create(key, options(true).toString());
        runJobs(envelope);
        UUID recipient = recipientOf(envelope);
        String token = invitationTo(envelope, "olive@example.com").token();
        String decided = checksOwed(recipient);
        assertThat(Set.of(decided.split(","))).containsExactlyInAnyOrder("otp", "idv_before");

        jdbc.sql("update recipient set checks_owed = null where envelope_id = ?")
                .param(envelope)
                .update();
        assertThat(api.get("/v2/signing/" + token, null).status())
                .as("without the row's value the gate lets the link through: the backfill matters")
                .isEqualTo(200);
        backfill();

        assertThat(Set.of(checksOwed(recipient).split(","))).isEqualTo(Set.of(decided.split(",")));
        Api.Response view = api.get("/v2/signing/" + token, null);
        assertThat(view.status()).as("%s", view).isEqualTo(403);
        assertThat(view.text()).contains("OTP_REQUIRED");

        passOtp(envelope, token);
        Api.Response idv = api.get("/v2/signing/" + token, null);
        assertThat(idv.status()).as("%s", idv).isEqualTo(403);
        assertThat(idv.text()).contains("IDV_REQUIRED");
        assertThat(checksOwed(recipient)).isEqualTo("idv_before");
    }

    @Test
    void anArchivedEnvelopesRecipientOwesNothingAnyMore() throws IOException {
        String key = newTenant().sandboxKey();
        UUID envelope = create(key, options(false).toString());
        runJobs(envelope);
        UUID recipient = recipientOf(envelope);
        String token = invitationTo(envelope, "olive@example.com").token();
        Api.Response archived = api.patch("/v2/envelopes/" + envelope, key);
        assertThat(archived.status()).as("%s", archived).isLessThan(300);
        runJobs(envelope);

        assertThat(checksOwed(recipient)).as("the row keeps what was owed").isEqualTo("otp");
        assertThat(EngineStatements.during(() -> checks.refuseWhileOwed(token)))
                .as("an archived envelope's processes ended, and with them the checks: nothing refused")
                .isEmpty();
        backfill();
        assertThat(checksOwed(recipient))
                .as("no running process, the backfill leaves the row")
                .isEqualTo("otp");
    }

    /**
     * Two checks settled at the same moment for one recipient are both settled: the second waits for the first's
     * transaction and reads its result. Before the row lock, the second wrote back the list it had read before
     * the first committed, and the signer owed a check they had passed.
     */
    @Test
    void twoChecksSettledAtOnceAreBothSettled() throws Exception {
        String key = newTenant().sandboxKey();
        UUID envelope = create(key, options(true).toString());
        runJobs(envelope);
        UUID recipient = recipientOf(envelope);
        assertThat(Set.of(checksOwed(recipient).split(","))).containsExactlyInAnyOrder("otp", "idv_before");

        ExecutorService other = Executors.newSingleThreadExecutor();
        AtomicReference<Future<?>> second = new AtomicReference<>();
        try {
            new TransactionTemplate(transactions).executeWithoutResult(status -> {
                envelopes.checkSettled(recipient, Recipient.Check.OTP);
                second.set(other.submit(() -> envelopes.checkSettled(recipient, Recipient.Check.IDV_BEFORE)));
                awaitWaitingForTheRow();
            });
            second.get().get(10, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
        assertThat(checksOwed(recipient))
                .as("both settled, neither written back")
                .isNull();
    }

    /** Until another session waits on a lock over the recipient's checks (its read or its write). */
    private void awaitWaitingForTheRow() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sessionsWaitingOnRecipientLocks() == 0) {
            assertThat(System.nanoTime()).as("the second writer never waited").isLessThan(until);
            Thread.onSpinWait();
        }
    }

    private int sessionsWaitingOnRecipientLocks() {
        // pg_stat_activity is read once a transaction unless its snapshot is cleared before each look.
        jdbc.sql("select pg_stat_clear_snapshot()").query().listOfRows();
        return jdbc.sql("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                        + " and datname = current_database() and query like '%recipient%'")
                .query(Integer.class)
                .single();
    }

    private void backfill() throws IOException {
        String sql;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(MIGRATION)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String statements = Arrays.stream(sql.split("\n"))
                .filter(line -> !line.startsWith("--"))
                .collect(Collectors.joining("\n"));
        List<String> updates = Arrays.stream(statements.split(";"))
                .map(String::strip)
                .filter(s -> s.startsWith("update"))
                .toList();
        assertThat(updates).hasSize(1);
        jdbc.sql(updates.get(0)).update();
    }

    private String checksOwed(UUID recipient) {
        return jdbc.sql("select checks_owed from recipient where id = ?")
                .param(recipient)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private UUID recipientOf(UUID envelope) {
        return jdbc.sql("select id from recipient where envelope_id = ?")
                .param(envelope)
                .query(UUID.class)
                .single();
    }

    private void passOtp(UUID envelope, String token) {
        Api.Response sent = api.postJson("/v2/signing/" + token + "/otp/send", null, "{}");
        assertThat(sent.status()).as("%s", sent).isEqualTo(200);
        List<Message> otps = outbox(envelope, "OTP");
        Matcher code = CODE.matcher(otps.get(otps.size() - 1).text());
        assertThat(code.find()).isTrue();
        Api.Response verified =
                api.postJson("/v2/signing/" + token + "/otp/verify", null, "{\"code\":\"" + code.group(1) + "\"}");
        assertThat(verified.status()).as("%s", verified).isEqualTo(200);
    }

    private static ObjectNode options(boolean idv) {
        ObjectNode root = JSON.createObjectNode().put("name", "Checks owed").put("has_envelope_otps", true);
        ObjectNode signer = root.putArray("recipients")
                .addObject()
                .put("name", "Olive Otp")
                .put("email", "olive@example.com")
                .put("sign_group", 1)
                .put("iso_country_code", "GB")
                .put("mobile_number", "7999999999");
        if (idv) {
            signer.put("auth_type", "idv")
                    .putObject("verification")
                    .putObject("idv")
                    .put("session_config_name", "Real Estate");
        }
        signer.putArray("tags")
                .addObject()
                .put("name", "sig")
                .put("type", "signature")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.1);
        return root;
    }

    /** The SQL Camunda's mappers prepare on the calling thread while {@code action} runs (MyBatis logs it at DEBUG). */
    static final class EngineStatements {

        private static final String MAPPERS = "org.camunda.bpm.engine.impl.persistence.entity";

        static List<String> during(Runnable action) {
            Logger logger = (Logger) LoggerFactory.getLogger(MAPPERS);
            Level before = logger.getLevel();
            ListAppender<ILoggingEvent> seen = new ListAppender<>();
            seen.start();
            logger.addAppender(seen);
            logger.setLevel(Level.DEBUG);
            String thread = Thread.currentThread().getName();
            try {
                action.run();
            } finally {
                logger.setLevel(before);
                logger.detachAppender(seen);
            }
            return seen.list.stream()
                    .filter(e -> e.getThreadName().equals(thread))
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.startsWith("==>  Preparing:"))
                    .toList();
        }
    }
}
