package dev.signet.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.signet.Api;
import dev.signet.FreshDatabase;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import dev.signet.envelope.AuditTrail;
import dev.signet.notification.Smtp;
import dev.signet.signature.KeyRole;
import dev.signet.signature.Pkcs12KeyProvider;
import dev.signet.signature.Poppler;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two Signet nodes on one PostgreSQL database, one of them killed with {@code kill -9} while it
 * runs a job: every envelope still completes once, with one seal per document, one completion
 * email per recipient and an intact audit trail.
 *
 * <p>Each node is a JVM of its own (see {@link SignetNode}) in production mode on this test run's
 * database, with its own data directory, the same PKCS#12 keystore generated here, and SMTP to
 * the GreenMail server this test runs. Everything is driven over HTTP: envelopes are created
 * through both nodes, each signer submits through whichever node is next, with the token from
 * the invitation GreenMail received. Once three signers have signed, node B is killed at the
 * first moment it holds job locks; node A carries on alone.
 *
 * <p>Two settings are shortened so that what the dead node held comes back in seconds: Camunda's
 * job lock ({@code camunda.bpm.job-execution.lock-time-in-millis}, 5 minutes by default) and the
 * outbox lease ({@code signet.outbox.lease}, 2 minutes). The survivor's idle poll is capped at
 * 3 s ({@code max-wait}, 60 s by default). Nothing else differs from production.
 */
@Tag("two-nodes")
class TwoNodesTest extends SignetIntegrationTest {

    private static final int ENVELOPES = 6;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(60);
    private static final int LOCK_TIME_MS = 15_000;
    private static final String PUBLIC_URL = "http://signet.test";
    /** The notification address {@link #newTenant()} gives the organisation: it is told of every completion. */
    private static final String SENDER = "sender@example.com";

    private static final String KEYSTORE_PASSWORD = "two-nodes-keystore";
    private static final Pattern LINK_TOKEN = Pattern.compile("/sign/([A-Za-z0-9_-]+)");

    private static final Path DIR = Path.of("target", "two-nodes").toAbsolutePath();
    private static final List<SignetNode> NODES = new ArrayList<>();
    private static GreenMail mail;

    @Autowired
    AuditTrail audit;

    private final StringBuilder figures = new StringBuilder();
    private final List<String> redelivered = new ArrayList<>();
    private Instant t0;

    record Person(String name, String email, String tag, int group) {}

    record Run(UUID id, List<Person> signers, Person cc) {
        List<Person> everyone() {
            return Stream.concat(signers.stream(), Stream.of(cc)).toList();
        }
    }

    /** What was in flight on node B when it was killed. */
    record Kill(List<String> jobsHeld, List<String> transactions, List<UUID> messagesClaimed) {}

    @BeforeAll
    static void startMail() throws IOException {
        deleteTree(DIR);
        Files.createDirectories(DIR);
        mail = new GreenMail(new ServerSetup(Smtp.PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        for (SignetNode node : NODES) {
            node.close();
        }
        NODES.clear();
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    void everyEnvelopeCompletesOnceSealedOnceMailedOnceWithAnIntactTrailWhenANodeIsKilledMidRun() throws Exception {
        t0 = Instant.now();
        try {
            run();
        } finally {
            Files.writeString(DIR.resolve("report.txt"), figures);
            System.out.println(figures);
        }
    }

    private void run() throws Exception {
        String key = newTenant().liveKey();
        Path keystore = DIR.resolve("signet.p12");
        X509Certificate root = liveRoot(keystore);
        SignetNode a = startNode("node-a", keystore);
        SignetNode b = startNode("node-b", keystore);
        Instant startDeadline = Instant.now().plus(START_TIMEOUT);
        a.awaitReady(key, startDeadline);
        b.awaitReady(key, startDeadline);
        figure("both nodes ready");

        String runId = UUID.randomUUID().toString().substring(0, 8);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < ENVELOPES; i++) {
            runs.add(create(i % 2 == 0 ? a : b, key, runId, i));
        }
        Instant created = Instant.now();
        figure("created " + ENVELOPES + " envelopes (half through each node)");

        Kill kill = drive(runs, a, b, key);
        figure("all COMPLETED, " + Duration.between(created, Instant.now()).toSeconds() + " s after creation");
        awaitMailSettled(runs, a);
        figure("every outbox message sent and received");

        for (Run run : runs) {
            assertCompletedOnce(run);
            assertSealedOnce(run, a, key, root);
            assertMailedOnce(run, kill);
        }
        awaitNoneHeldBy("node-b");
        figure("checked");
        figures.append("kill -9 of node-b: it held ")
                .append(kill.jobsHeld().size())
                .append(" job lock(s) and ")
                .append(kill.transactions().size())
                .append(" open transaction(s) ")
                .append(kill.transactions())
                .append("; ")
                .append(kill.messagesClaimed().size())
                .append(" message(s) were being sent (either node)\n")
                .append("delivered twice (being sent at the kill): ")
                .append(redelivered)
                .append('\n');
    }

    /** Every job the dead node held has been taken by the living one (other tests' leftovers included). */
    private void awaitNoneHeldBy(String node) throws InterruptedException {
        Instant deadline = Instant.now().plusMillis(LOCK_TIME_MS + 10_000);
        while (heldBy(node) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        assertThat(heldBy(node)).as("jobs still locked by the dead " + node).isZero();
    }

    // --- the nodes

    private static X509Certificate liveRoot(Path keystore) {
        List<X509Certificate> chain = Pkcs12KeyProvider.loadOrGenerate(
                        keystore, KEYSTORE_PASSWORD.toCharArray(), "Signet", PUBLIC_URL, Clock.systemUTC())
                .key(Mode.LIVE, KeyRole.CA)
                .chain();
        return chain.get(chain.size() - 1);
    }

    private static SignetNode startNode(String name, Path keystore) throws IOException {
        String db =
                FreshDatabase.URL + (FreshDatabase.URL.contains("?") ? "&" : "?") + "ApplicationName=signet-" + name;
        Map<String, String> env = new HashMap<>();
        env.put("SPRING_PROFILES_ACTIVE", "production");
        env.put("SIGNET_NODE_NAME", name);
        env.put("SIGNET_DB_URL", db);
        env.put("SIGNET_DB_USER", FreshDatabase.USER);
        env.put("SIGNET_DB_PASSWORD", FreshDatabase.PASSWORD);
        env.put("SIGNET_SMTP_HOST", "127.0.0.1");
        env.put("SIGNET_SMTP_PORT", String.valueOf(Smtp.PORT));
        env.put("SIGNET_SMTP_STARTTLS", "false");
        env.put("SIGNET_PUBLIC_URL", PUBLIC_URL);
        env.put("SIGNET_PKI_KEYSTORE", keystore.toString());
        env.put("SIGNET_PKI_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD);
        // The nodes share this JVM's database, so they need the key that sealed its secrets (SecretBox).
        env.put("SIGNET_SECRETS_KEY", FreshDatabase.SECRETS_KEY);
        // The same admin password as the test profile: the nodes share the admin user with this JVM's context.
        env.put("SIGNET_ADMIN_PASSWORD", "test-admin-password");
        List<String> jvm = List.of(
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dcamunda.bpm.job-execution.lock-time-in-millis=" + LOCK_TIME_MS,
                "-Dcamunda.bpm.job-execution.max-wait=3000",
                "-Dsignet.outbox.lease=10s",
                "-Dsignet.outbox.first-retry=2s",
                // Six connections, not Hikari's ten: this PostgreSQL is shared by several test runs.
                "-Dspring.datasource.hikari.maximum-pool-size=6",
                "-Dlogging.level.root=warn",
                "-Dlogging.level.dev.signet=info");
        SignetNode node = SignetNode.start(name, DIR, env, jvm);
        NODES.add(node);
        return node;
    }

    // --- driving over HTTP

    private Run create(SignetNode node, String key, String runId, int n) {
        List<Person> signers = List.of(
                new Person("Ann Archer", "ann." + n + "." + runId + "@nodes.test", "ann_sig", 1),
                new Person("Ben Baker", "ben." + n + "." + runId + "@nodes.test", "ben_sig", 1),
                new Person("Cat Cooper", "cat." + n + "." + runId + "@nodes.test", "cat_sig", 2));
        Person cc = new Person("Dan Dyer", "dan." + n + "." + runId + "@nodes.test", null, 0);
        ObjectNode options = JSON.createObjectNode().put("name", "Two nodes " + n);
        ArrayNode recipients = options.putArray("recipients");
        for (Person p : signers) {
            ObjectNode r = recipients
                    .addObject()
                    .put("name", p.name())
                    .put("email", p.email())
                    .put("sign_group", p.group());
            r.putArray("tags")
                    .addObject()
                    .put("name", p.tag())
                    .put("type", "signature")
                    .put("file_name", "contract.pdf")
                    .put("page_number", 1)
                    .put("x", 0.1)
                    .put("y", 0.2 + 0.15 * recipients.size());
        }
        recipients.addObject().put("type", "CC").put("name", cc.name()).put("email", cc.email());
        Api.Response response = node.api().createEnvelope(key, options.toString());
        assertThat(response.status()).as(node.name + " " + response).isEqualTo(202);
        return new Run(UUID.fromString(response.json().get("envelope_id").asText()), signers, cc);
    }

    /**
     * Signs every invitation GreenMail receives, through both nodes in turn, kills node B once three
     * signers have signed, at the first moment it holds job locks, and goes on through A until every
     * envelope is COMPLETED.
     */
    private Kill drive(List<Run> runs, SignetNode a, SignetNode b, String key) throws Exception {
        Set<String> handled = new HashSet<>();
        Set<UUID> mine = new HashSet<>(runs.stream().map(Run::id).toList());
        int submitted = 0;
        Kill kill = null;
        boolean orphansTaken = false;
        Instant deadline = Instant.now().plus(RUN_TIMEOUT);
        Instant nextStatusCheck = Instant.now();
        for (int round = 0; round < 20_000 && Instant.now().isBefore(deadline); round++) {
            for (MimeMessage message : mail.getReceivedMessages()) {
                String id = messageId(message);
                if (!handled.add(id)) {
                    continue;
                }
                Map<String, Object> row = outboxRow(UUID.fromString(id));
                if (!"INVITATION".equals(row.get("kind")) || !mine.contains((UUID) row.get("envelope_id"))) {
                    continue;
                }
                SignetNode via = kill == null && submitted % 2 == 1 ? b : a;
                sign(via, token(message));
                submitted++;
                // Also after every submission: a group's invitations arrive together.
                kill = kill == null ? killIfBusy(b, submitted) : kill;
            }
            kill = kill == null ? killIfBusy(b, submitted) : kill;
            if (kill != null && !orphansTaken && heldBy("node-b") == 0) {
                orphansTaken = true;
                figure("node-a has taken over every job node-b held");
            }
            if (Instant.now().isAfter(nextStatusCheck)) {
                if (allCompleted(runs, a, key)) {
                    assertThat(kill).as("node B was never caught holding a job").isNotNull();
                    return kill;
                }
                nextStatusCheck = Instant.now().plusSeconds(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Not every envelope completed within " + RUN_TIMEOUT + " (kill: " + kill + "); "
                + statuses(runs) + "\nnode-a:\n" + a.tail());
    }

    private void sign(SignetNode node, String token) {
        Api api = node.api();
        Api.Response view = api.get("/v2/signing/" + token, null);
        assertThat(view.status()).as(node.name + " view " + view).isEqualTo(200);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode values = body.putArray("tags");
        String name = view.json().get("recipient").get("name").asText();
        for (JsonNode tag : view.json().get("tags")) {
            values.addObject().put("name", tag.get("name").asText()).put("value", name);
        }
        Api.Response submitted = api.postJson("/v2/signing/" + token + "/submit", null, body.toString());
        assertThat(submitted.status()).as(node.name + " submit " + submitted).isEqualTo(204);
    }

    /**
     * Once three signers have signed, kills node B if it holds job locks right now: jobs it has taken (running, or queued in its
     * executor) and will never finish. The locks are committed, so they outlive it; its open
     * transactions at that moment are reported (this test sends B no request then, so they are
     * its jobs' or its outbox's).
     */
    private Kill killIfBusy(SignetNode b, int submitted) throws InterruptedException {
        if (submitted < ENVELOPES / 2) {
            return null;
        }
        List<String> jobs = jdbc.sql("select id_ from act_ru_job where lock_owner_ like 'node-b/%'")
                .query(String.class)
                .list();
        if (jobs.isEmpty()) {
            return null;
        }
        List<String> transactions = jdbc.sql("""
                        select query from pg_stat_activity
                        where application_name = 'signet-node-b' and xact_start is not null""").query(String.class).list().stream()
                .map(q -> q.replaceAll("\\s+", " ")
                        .substring(0, Math.min(q.replaceAll("\\s+", " ").length(), 60)))
                .toList();
        List<UUID> claimed = jdbc.sql(
                        "select id from outbox_message where status = 'PENDING' and claimed_until > now()")
                .query(UUID.class)
                .list();
        b.kill();
        figure("kill -9 of node-b after " + submitted + " submissions");
        return new Kill(jobs, transactions, claimed);
    }

    private int heldBy(String node) {
        return jdbc.sql("select count(*) from act_ru_job where lock_owner_ like ?")
                .param(node + "/%")
                .query(Integer.class)
                .single();
    }

    private boolean allCompleted(List<Run> runs, SignetNode via, String key) {
        for (Run run : runs) {
            Api.Response status = via.api().get("/v2/envelopes/" + run.id() + "/status", key);
            assertThat(status.status()).as(status.toString()).isEqualTo(200);
            if (!"COMPLETED".equals(status.json().get("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /** Waits until every message of these envelopes has left and GreenMail holds it. */
    private void awaitMailSettled(List<Run> runs, SignetNode a) throws InterruptedException {
        Instant deadline = Instant.now().plus(MAIL_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            List<UUID> sent = jdbc.sql("select id from outbox_message where envelope_id in (:ids) and status = 'SENT'")
                    .param("ids", runs.stream().map(Run::id).toList())
                    .query(UUID.class)
                    .list();
            int queued = jdbc.sql(
                            "select count(*) from outbox_message where envelope_id in (:ids) and status <> 'SENT'")
                    .param("ids", runs.stream().map(Run::id).toList())
                    .query(Integer.class)
                    .single();
            Set<String> received = new HashSet<>();
            for (MimeMessage m : mail.getReceivedMessages()) {
                received.add(messageId(m));
            }
            if (queued == 0 && sent.stream().allMatch(id -> received.contains(id.toString()))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Mail did not settle within " + MAIL_TIMEOUT + "\nnode-a:\n" + a.tail());
    }

    // --- what must hold

    private void assertCompletedOnce(Run run) {
        List<HistoricProcessInstance> envelopes = history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(run.id().toString())
                .processDefinitionKey("envelope")
                .list();
        assertThat(envelopes).as("envelope processes of " + run.id()).hasSize(1);
        HistoricProcessInstance root = envelopes.get(0);
        assertThat(root.getState()).isEqualTo(HistoricProcessInstance.STATE_COMPLETED);
        assertThat(history.createHistoricProcessInstanceQuery()
                        .superProcessInstanceId(root.getId())
                        .list())
                .as("one recipient process per signer")
                .hasSize(run.signers().size())
                .allSatisfy(p -> assertThat(p.getState()).isEqualTo(HistoricProcessInstance.STATE_COMPLETED));
        for (String step : List.of("Task_PrepareDocuments", "Task_SealDocuments", "Task_CompleteEnvelope")) {
            assertThat(history.createHistoricActivityInstanceQuery()
                            .processInstanceId(root.getId())
                            .activityId(step)
                            .count())
                    .as(step + " of " + run.id())
                    .isEqualTo(1);
        }

        AuditTrail.Verification trail = audit.verify(run.id());
        assertThat(trail.problems()).as("audit trail of " + run.id()).isEmpty();
        assertThat(trail.intact()).isTrue();
        Map<String, Integer> events = new HashMap<>();
        audit.events(run.id()).forEach(e -> events.merge(e.type(), 1, Integer::sum));
        assertThat(events)
                .as("audit events of " + run.id())
                .containsEntry("envelope_completed", 1)
                .containsEntry("documents_sealed", 1)
                .containsEntry("signature_applied", run.signers().size())
                .containsEntry("recipient_signed", run.signers().size());
    }

    /** One seal: the certification, a signature per signer and one document timestamp, all valid. */
    private void assertSealedOnce(Run run, SignetNode a, String key, X509Certificate root) throws Exception {
        Api.Response zip = a.api().get("/v2/envelopes/" + run.id() + "/completed-documents", key);
        assertThat(zip.status()).as(zip.toString()).isEqualTo(200);
        byte[] pdf = unzip(zip.bytes()).get("contract.pdf");
        assertThat(pdf).as("sealed contract.pdf of " + run.id()).isNotNull();

        Api.Response verified = a.api()
                .send(a.api()
                        .builder("/v2/verify", key)
                        .header("Content-Type", "application/pdf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(pdf)));
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        JsonNode report = verified.json();
        assertThat(report.get("valid").asBoolean()).as(report.toString()).isTrue();
        List<String> kinds = new ArrayList<>();
        report.get("signatures").forEach(s -> kinds.add(s.get("kind").asText()));
        assertThat(kinds)
                .as("signatures of " + run.id())
                .containsExactly("CERTIFICATION", "APPROVAL", "APPROVAL", "APPROVAL", "DOCUMENT_TIMESTAMP");

        Path file = Files.write(DIR.resolve(run.id() + ".pdf"), pdf);
        String pdfsig = Poppler.pdfsig(DIR, file, root);
        assertThat(Poppler.count(pdfsig, "Signature Validation: Signature is Valid."))
                .as(pdfsig)
                .isEqualTo(4);

        assertThat(jdbc.sql("select count(*) from document where envelope_id = ? and sealed_at is not null")
                        .param(run.id())
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        // Every completion email carries that very file: there is one sealed PDF, not one per attempt.
        for (Person p : run.everyone()) {
            for (MimeMessage m : received(p.email(), "COMPLETION")) {
                assertThat(attachment(m, "contract.pdf"))
                        .as("completion email to " + p.email())
                        .isEqualTo(pdf);
            }
        }
    }

    /**
     * One invitation per signer, one completion email per recipient and one to the sender, both as
     * outbox rows and as mail received. The outbox delivers at least once: a message may arrive
     * twice only if it was being sent at the instant of the kill (claimed, not yet recorded as sent).
     */
    private void assertMailedOnce(Run run, Kill kill) {
        List<String> expected = new ArrayList<>();
        for (Person p : run.everyone()) {
            if (p.group() > 0) {
                expected.add("INVITATION " + p.email());
            }
            expected.add("COMPLETION " + p.email());
        }
        expected.add("COMPLETION_SENDER " + SENDER);
        List<Map.Entry<UUID, String>> rows = jdbc.sql(
                        "select id, kind, address from outbox_message where envelope_id = ?")
                .param(run.id())
                .query((rs, n) ->
                        Map.entry(rs.getObject("id", UUID.class), rs.getString("kind") + " " + rs.getString("address")))
                .list();
        assertThat(rows)
                .extracting(Map.Entry::getValue)
                .as("outbox of " + run.id())
                .containsExactlyInAnyOrderElementsOf(expected);
        for (Map.Entry<UUID, String> row : rows) {
            String address = row.getValue().substring(row.getValue().indexOf(' ') + 1);
            long received = Smtp.receivedBy(mail, address).stream()
                    .filter(m -> messageId(m).equals(row.getKey().toString()))
                    .count();
            assertThat(received).as(row.getValue() + " received").isPositive();
            // A copy sent again after a crash is the same message to a mail client: it has the same Message-ID.
            assertThat(Smtp.receivedBy(mail, address))
                    .filteredOn(m -> messageId(m).equals(row.getKey().toString()))
                    .extracting(TwoNodesTest::standardMessageId)
                    .containsOnly("<" + row.getKey() + "@signet.localhost>");
            if (received > 1) {
                assertThat(kill.messagesClaimed())
                        .as(row.getValue() + " arrived " + received + " times but was not being sent at the kill")
                        .contains(row.getKey());
                assertThat(received).isEqualTo(2);
                redelivered.add(row.getValue());
            }
        }
    }

    // --- mail

    private List<MimeMessage> received(String address, String kind) {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : Smtp.receivedBy(mail, address)) {
            if (kind.equals(outboxRow(UUID.fromString(messageId(m))).get("kind"))) {
                found.add(m);
            }
        }
        return found;
    }

    private Map<String, Object> outboxRow(UUID id) {
        return jdbc.sql("select kind, envelope_id from outbox_message where id = ?")
                .param(id)
                .query((rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("kind", rs.getString("kind"));
                    row.put("envelope_id", rs.getObject("envelope_id", UUID.class));
                    return row;
                })
                .optional()
                .orElse(Map.of("kind", "unknown"));
    }

    private static String messageId(MimeMessage message) {
        try {
            String[] id = message.getHeader("X-Signet-Message-Id");
            return id == null ? UUID.randomUUID().toString() : id[0];
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String standardMessageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(MimeMessage message) {
        String text = Smtp.part(message, "text/plain").orElseThrow();
        Matcher m = LINK_TOKEN.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    private static byte[] attachment(Part part, String fileName) {
        try {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    byte[] found = attachment(child, fileName);
                    if (found != null) {
                        return found;
                    }
                }
                return null;
            }
            return fileName.equals(part.getFileName()) ? part.getInputStream().readAllBytes() : null;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- figures

    private String statuses(List<Run> runs) {
        StringBuilder s = new StringBuilder();
        for (Run run : runs) {
            s.append(run.id()).append('=').append(status(run.id())).append(' ');
        }
        return s.toString();
    }

    private void figure(String what) {
        figures.append(String.format(
                "%6.1f s  %s%n", Duration.between(t0, Instant.now()).toMillis() / 1000.0, what));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
