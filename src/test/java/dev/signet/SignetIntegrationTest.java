package dev.signet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.account.AccountService;
import dev.signet.account.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of the tests that run the whole service: real HTTP on a random port, the real PostgreSQL,
 * the real process engine. Jobs do not run by themselves here: {@link #runJobs} runs them, so a
 * test decides when time passes and what runs.
 */
@Tag("service")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class SignetIntegrationTest {

    protected static final ObjectMapper JSON = new ObjectMapper();

    static {
        FreshDatabase.resetOnce();
    }

    /**
     * A data directory of this test JVM's own, fresh like the database: the generated keystore's
     * password lives in the database, so keys left by an earlier run could not be opened.
     */
    private static final java.nio.file.Path DATA_DIR =
            java.nio.file.Path.of("target", "test-data-" + UUID.randomUUID()).toAbsolutePath();

    @org.springframework.test.context.DynamicPropertySource
    static void dataDirectory(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("signet.data-dir", DATA_DIR::toString);
        registry.add("signet.secrets.key", () -> FreshDatabase.SECRETS_KEY);
    }

    private static final Pattern LINK_TOKEN = Pattern.compile("/sign/([A-Za-z0-9_-]+)");

    @LocalServerPort
    protected int port;

    @Autowired
    protected AccountService accounts;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected RuntimeService runtime;

    @Autowired
    protected ManagementService management;

    @Autowired
    protected HistoryService history;

    protected Api api;

    @BeforeEach
    void setUpApi() {
        api = new Api(port);
    }

    /** An organisation of its own for each test, so tests never see each other's envelopes. */
    public record Tenant(UUID organisationId, String sandboxKey, String liveKey) {}

    protected Tenant newTenant() {
        UUID org = accounts.createOrganisation(
                "Org " + UUID.randomUUID().toString().substring(0, 8), "sender@example.com");
        return new Tenant(org, accounts.createApiKey(org, Mode.SANDBOX), accounts.createApiKey(org, Mode.LIVE));
    }

    /** Creates an envelope and asserts the 202; returns its id. */
    protected UUID create(String key, String optionsJson) {
        Api.Response response = api.createEnvelope(key, optionsJson);
        if (response.status() != 202) {
            throw new AssertionError("Expected 202, got " + response);
        }
        return UUID.fromString(response.json().get("envelope_id").asText());
    }

    /** Runs every job of the envelope's processes that is due by the engine clock, until none is left. */
    protected int runJobs(UUID envelopeId) {
        int ran = 0;
        for (int round = 0; round < 100; round++) {
            List<Job> due = dueJobs(envelopeId);
            if (due.isEmpty()) {
                return ran;
            }
            for (Job job : due) {
                management.executeJob(job.getId());
                ran++;
            }
        }
        throw new AssertionError("Jobs of envelope " + envelopeId + " did not settle");
    }

    protected List<Job> dueJobs(UUID envelopeId) {
        List<Job> jobs = new ArrayList<>();
        for (String pi : processTree(envelopeId)) {
            jobs.addAll(management
                    .createJobQuery()
                    .processInstanceId(pi)
                    .executable()
                    .list());
        }
        return jobs;
    }

    /**
     * The envelope's process instance and the recipient instances it started, and theirs: a witness's
     * recipient process is called by their signer's.
     */
    protected List<String> processTree(UUID envelopeId) {
        List<String> ids = new ArrayList<>();
        ProcessInstance root = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(envelopeId.toString())
                .processDefinitionKey("envelope")
                .singleResult();
        if (root == null) {
            return ids;
        }
        ids.add(root.getId());
        for (int i = 0; i < ids.size(); i++) {
            runtime.createProcessInstanceQuery()
                    .superProcessInstanceId(ids.get(i))
                    .list()
                    .forEach(child -> ids.add(child.getId()));
        }
        return ids;
    }

    /** The envelope's process instance and the recipient instances it started, from history (also once ended). */
    protected List<String> historicTree(UUID envelopeId) {
        HistoricProcessInstance root = history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(envelopeId.toString())
                .processDefinitionKey("envelope")
                .singleResult();
        List<String> ids = new ArrayList<>(List.of(root.getId()));
        for (int i = 0; i < ids.size(); i++) {
            history.createHistoricProcessInstanceQuery()
                    .superProcessInstanceId(ids.get(i))
                    .list()
                    .forEach(child -> ids.add(child.getId()));
        }
        return ids;
    }

    /** A queued or sent message, as the outbox table holds it. */
    public record Message(
            UUID id,
            UUID recipientId,
            String channel,
            String kind,
            String address,
            String subject,
            String text,
            String status,
            int attempts) {
        public String token() {
            Matcher m = LINK_TOKEN.matcher(text);
            if (!m.find()) {
                throw new AssertionError("No signing link in " + kind + " to " + address);
            }
            return m.group(1);
        }
    }

    protected List<Message> outbox(UUID envelopeId) {
        return jdbc.sql("""
                        select id, recipient_id, channel, kind, address, subject, body_text, status, attempts
                        from outbox_message where envelope_id = ? order by created_at, id""")
                .param(envelopeId)
                .query((rs, n) -> new Message(
                        rs.getObject("id", UUID.class),
                        rs.getObject("recipient_id", UUID.class),
                        rs.getString("channel"),
                        rs.getString("kind"),
                        rs.getString("address"),
                        rs.getString("subject"),
                        rs.getString("body_text"),
                        rs.getString("status"),
                        rs.getInt("attempts")))
                .list();
    }

    protected List<Message> outbox(UUID envelopeId, String kind) {
        return outbox(envelopeId).stream().filter(m -> m.kind().equals(kind)).toList();
    }

    protected Message invitationTo(UUID envelopeId, String address) {
        List<Message> found = outbox(envelopeId, "INVITATION").stream()
                .filter(m -> m.address().equals(address))
                .toList();
        if (found.isEmpty()) {
            throw new AssertionError("No invitation to " + address + " in " + outbox(envelopeId));
        }
        return found.get(found.size() - 1);
    }

    /** Signs as the holder of the token: every field of theirs gets a plausible value. */
    protected Api.Response sign(String token) {
        Api.Response view = api.get("/v2/signing/" + token, null);
        if (view.status() != 200) {
            return view;
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode values = body.putArray("tags");
        java.util.Set<String> radioGroups = new java.util.HashSet<>();
        for (JsonNode tag : view.json().get("tags")) {
            String type = tag.get("type").asText();
            String value = switch (type) {
                case "checkbox_field" -> "true";
                case "radio_field" -> radioGroups.add(tag.get("tag_group_name").asText()) ? "true" : "false";
                case "date_signed_field" -> null;
                case "text_field" ->
                    tag.path("attributes").path("prefilled_value").asText("Some text");
                default -> view.json().get("recipient").get("name").asText();
            };
            if (value != null) {
                values.addObject().put("name", tag.get("name").asText()).put("value", value);
            }
        }
        return api.postJson("/v2/signing/" + token + "/submit", null, body.toString());
    }

    /**
     * Runs every task at once (each on its own thread, released together by one latch) and returns
     * what each gave or threw, in order.
     */
    protected static List<Object> atOnce(List<? extends java.util.concurrent.Callable<?>> tasks) throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(tasks.size());
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Object>> futures = new ArrayList<>();
            for (java.util.concurrent.Callable<?> task : tasks) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return (Object) task.call();
                }));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (java.util.concurrent.Future<Object> future : futures) {
                try {
                    outcomes.add(future.get(120, java.util.concurrent.TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add(e.getCause());
                }
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    /** The completion pack of a COMPLETE envelope: file name → content, in the ZIP's order. */
    protected Map<String, byte[]> completionPack(String key, UUID envelopeId) {
        Api.Response response = api.get("/v2/envelopes/" + envelopeId + "/completed-documents", key);
        if (response.status() != 200) {
            throw new AssertionError("Expected the completion pack, got " + response);
        }
        return unzip(response.bytes());
    }

    protected static Map<String, byte[]> unzip(byte[] zip) {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in =
                new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return entries;
    }

    protected String status(UUID envelopeId) {
        return jdbc.sql("select status from envelope where id = ?")
                .param(envelopeId)
                .query(String.class)
                .single();
    }

    /** Options for a typical envelope: a signature tag per signer on contract.pdf. */
    public static final class Options {
        private final ObjectNode root = JSON.createObjectNode();
        private final ArrayNode recipients = root.putArray("recipients");

        public Options(String name) {
            root.put("name", name);
        }

        public Options reminders(int days) {
            root.putObject("emails").putObject("reminders").put("frequency", days);
            return this;
        }

        public Options signer(String name, String email, int group) {
            ObjectNode r =
                    recipients.addObject().put("name", name).put("email", email).put("sign_group", group);
            r.putArray("tags")
                    .addObject()
                    .put("type", "signature")
                    .put("file_name", "contract.pdf")
                    .put("page_number", 1)
                    .put("x", 0.1)
                    .put("y", 0.1 + 0.1 * recipients.size());
            return this;
        }

        public Options cc(String name, String email) {
            recipients.addObject().put("type", "CC").put("name", name).put("email", email);
            return this;
        }

        public ObjectNode json() {
            return root;
        }

        @Override
        public String toString() {
            return root.toString();
        }
    }
}
