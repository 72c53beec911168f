package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The zero set-up mode as a new user starts it ({@link EmbeddedModeTest}): no profile, H2 in a fresh
 * data directory, the job executor and the outbox poller running by themselves, mail kept in the
 * outbox. The README's flow runs over HTTP and the test waits for the engine, as a user would.
 */
class EmbeddedModeSmokeTest extends EmbeddedModeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Pattern TOKEN = Pattern.compile("/sign/([A-Za-z0-9_-]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    DataSource dataSource;

    @Autowired
    IdentityService identity;

    private Api api;

    @BeforeEach
    void setUpApi() {
        api = new Api(port);
    }

    @Test
    void runsOnH2InTheDataDirectoryAndKeepsTheGeneratedAdminPasswordThere() throws Exception {
        try (var connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("H2");
            assertThat(connection.getMetaData().getURL()).contains(dataDir.toString());
        }
        Path file = dataDir.resolve("admin-password");
        assertThat(file).exists();
        String password = Files.readString(file).trim();
        assertThat(password).hasSizeGreaterThanOrEqualTo(16);
        assertThat(identity.checkPassword("admin", password))
                .as("Cockpit's admin has the password in the file")
                .isTrue();
    }

    /** On H2 too, Flyway runs once the engine has its tables and adds the job executor's due-date index. */
    @Test
    void theJobTableHasTheDueDateIndexFromFlyway() throws Exception {
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement();
                var rows = statement.executeQuery("select column_name from information_schema.index_columns"
                        + " where index_name = 'SIGNET_IDX_JOB_DUEDATE' and table_name = 'ACT_RU_JOB'")) {
            assertThat(rows.next()).as("the index exists").isTrue();
            assertThat(rows.getString(1)).isEqualTo("DUEDATE_");
        }
    }

    /** Issue 11, point 12: the embedded database file was world-readable. */
    @Test
    void theDataDirectoryAndTheDatabaseInItAreReadableByTheOwnerOnly() throws Exception {
        assertThat(dataDir.resolve("db")).isDirectory();
        try (java.util.stream.Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.toList()) {
                String permissions = java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(path, java.nio.file.LinkOption.NOFOLLOW_LINKS));
                assertThat(permissions.substring(3))
                        .as("%s is %s", path, permissions)
                        .isEqualTo("------");
            }
        }
    }

    @Test
    void theReadmeFlowRunsByItselfAndTheLocalMailboxShowsEveryMessage() {
        String name = "Smoke lease " + UUID.randomUUID().toString().substring(0, 8);
        String options = new SignetIntegrationTest.Options(name)
                .signer("Alice Archer", "alice@example.com", 1)
                .signer("Bob Baker", "bob@example.com", 1)
                .signer("Carol Cole", "carol@example.com", 2)
                .cc("Dan Drake", "dan@example.com")
                .toString();
        Api.Response created = api.createEnvelope(KEY, options);
        assertThat(created.status()).as("%s", created).isEqualTo(202);
        String envelope = created.json().get("envelope_id").asText();

        Map<String, String> group1 = awaitMessages(envelope, "INVITATION", 2);
        assertThat(group1.keySet()).containsExactlyInAnyOrder("alice@example.com", "bob@example.com");
        sign(token(group1.get("alice@example.com")));
        sign(token(group1.get("bob@example.com")));

        Map<String, String> invited = awaitMessages(envelope, "INVITATION", 3);
        assertThat(invited).containsKey("carol@example.com");
        sign(token(invited.get("carol@example.com")));

        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(status(envelope)));
        Map<String, String> completion = awaitMessages(envelope, "COMPLETION", 4);
        assertThat(completion.keySet())
                .containsExactlyInAnyOrder(
                        "alice@example.com", "bob@example.com", "carol@example.com", "dan@example.com");

        Api.Response mailbox = api.get("/outbox", null);
        assertThat(mailbox.status()).isEqualTo(200);
        assertThat(mailbox.header("Content-Type")).startsWith("text/html");
        assertThat(mailbox.text())
                .contains(
                        "Completed: " + name,
                        "carol@example.com",
                        "dan@example.com",
                        "/sign/" + token(invited.get("carol@example.com")));
    }

    /**
     * H2 measures varchar lengths in UTF-16 units: names of emoji within Signet's limits (counted in
     * characters) were a 500, or a 202 and then an envelope stuck in QUEUED (issue 11, point 7).
     */
    @Test
    void emojiNamesAtTheLimitsWorkOnH2FromCreateToComplete() {
        SignetIntegrationTest.Options options = new SignetIntegrationTest.Options("\uD83D\uDCDD".repeat(125))
                .signer("\uD83D\uDE00".repeat(100), "emoji@example.com", 1);
        options.json().putObject("emails").put("name", "\uD83C\uDFE0".repeat(100));
        ((ObjectNode) options.json().get("recipients").get(0)).put("role", "\uD83D\uDD11".repeat(50));
        Api.Response created = api.createEnvelope(KEY, options.toString());
        assertThat(created.status()).as("%s", created).isEqualTo(202);
        String envelope = created.json().get("envelope_id").asText();

        Map<String, String> invited = awaitMessages(envelope, "INVITATION", 1);
        sign(token(invited.get("emoji@example.com")));

        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(status(envelope)));
        JsonNode recipient = api.get("/v2/envelopes/" + envelope, KEY)
                .json()
                .findValue("recipients")
                .get(0);
        assertThat(recipient.get("name").asText()).isEqualTo("\uD83D\uDE00".repeat(100));
    }

    /**
     * The local mailbox shows each HTML body as a mail client would, in a sandboxed frame served
     * with its own sandboxing policy: a script in a body never runs, and the button and the written-out
     * link open the signing page in a new tab. Links in text bodies are links too.
     */
    @Test
    void theMailboxShowsHtmlBodiesSandboxedWithLinksThatOpenTheSigningPage() throws Exception {
        // Built here rather than with SignetIntegrationTest.Options, whose class needs the PostgreSQL of the other
        // tests.
        ObjectNode options = JSON.createObjectNode().put("name", "Mailbox frames");
        options.putArray("recipients")
                .addObject()
                .put("name", "Fran Frame")
                .put("email", "frame@example.com")
                .put("sign_group", 1)
                .putArray("tags")
                .addObject()
                .put("type", "signature")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.2);
        Api.Response created = api.createEnvelope(KEY, options.toString());
        assertThat(created.status()).as("%s", created).isEqualTo(202);
        String envelope = created.json().get("envelope_id").asText();
        String text = awaitMessages(envelope, "INVITATION", 1).get("frame@example.com");
        String link = "/sign/" + token(text);
        Matcher origin = Pattern.compile("(https?://[^/\\s]+)/sign/").matcher(text);
        assertThat(origin.find()).isTrue();
        UUID hostile = UUID.randomUUID();
        try (var connection = dataSource.getConnection();
                var insert = connection.prepareStatement("""
                insert into outbox_message (id, organisation_id, mode, channel, kind, address, subject, body_text, body_html,
                  status, attempts, next_attempt_at, created_at)
                values (?, ?, 'sandbox', 'EMAIL', 'TEST', 'hostile@example.com', 'Hostile', 'See https://example.com/a.',
                  ?, 'KEPT', 1, current_timestamp, current_timestamp)""")) {
            insert.setObject(1, hostile);
            insert.setObject(2, UUID.randomUUID());
            insert.setString(
                    3,
                    "<html><head><title>x</title></head><body><p id=\"p\">body</p>"
                            + "<script>document.getElementById('p').textContent = 'script ran'</script>"
                            + "<img src=\"x\" onerror=\"document.getElementById('p').textContent = 'handler ran'\"></body></html>");
            insert.executeUpdate();
        }

        Api.Response mailbox = api.get("/outbox", null);
        assertThat(mailbox.header("Content-Security-Policy"))
                .contains("default-src 'none'", "frame-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("script-src");
        assertThat(mailbox.header("X-Frame-Options"))
                .as("only a mail body may be framed")
                .isEqualTo("DENY");
        String page = mailbox.text();
        assertThat(page)
                .contains("sandbox=\"allow-popups allow-popups-to-escape-sandbox\"")
                .doesNotContain("allow-scripts", "allow-same-origin", "srcdoc")
                .contains(
                        "<a href=\"https://example.com/a\" target=\"_blank\" rel=\"noopener noreferrer\">https://example.com/a</a>.");
        Matcher frame = Pattern.compile(
                        "<iframe src=\"(/outbox/[0-9a-f-]+/html)\" title=\"HTML body: [^\"]*Mailbox frames\"")
                .matcher(page);
        assertThat(frame.find()).as(page).isTrue();
        Api.Response body = api.get(frame.group(1), null);
        assertThat(body.status()).isEqualTo(200);
        assertThat(body.header("Content-Type")).startsWith("text/html");
        assertThat(body.header("Content-Security-Policy"))
                .contains(
                        "default-src 'none'",
                        "sandbox allow-popups allow-popups-to-escape-sandbox",
                        "frame-ancestors 'self'")
                .doesNotContain("allow-scripts", "allow-same-origin", "script-src");
        assertThat(body.header("X-Frame-Options")).isEqualTo("SAMEORIGIN");
        assertThat(body.text()).contains("<base target=\"_blank\">", link);
        assertThat(api.get("/outbox/" + UUID.randomUUID() + "/html", null).status())
                .isEqualTo(404);

        try (com.microsoft.playwright.Playwright playwright = com.microsoft.playwright.Playwright.create();
                com.microsoft.playwright.Browser browser = playwright
                        .chromium()
                        .launch(new com.microsoft.playwright.BrowserType.LaunchOptions()
                                .setExecutablePath(Path.of("/usr/bin/chromium"))
                                .setHeadless(true)
                                .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")))) {
            com.microsoft.playwright.BrowserContext context = browser.newContext();
            // The links carry signet.public-url, here localhost on the configured port rather than this
            // test's random one: the browser is pointed at the server that wrote them.
            context.route(
                    origin.group(1) + "/**",
                    route -> route.resume(new com.microsoft.playwright.Route.ResumeOptions()
                            .setUrl(route.request().url().replace(origin.group(1), "http://127.0.0.1:" + port))));
            com.microsoft.playwright.Page outbox = context.newPage();
            outbox.setDefaultTimeout(20_000);
            outbox.navigate("http://127.0.0.1:" + port + "/outbox");
            com.microsoft.playwright.FrameLocator invitation =
                    outbox.frameLocator("iframe[src='" + frame.group(1) + "']");
            com.microsoft.playwright.FrameLocator attack =
                    outbox.frameLocator("iframe[src='/outbox/" + hostile + "/html']");
            assertThat(attack.locator("#p").textContent())
                    .as("no script or handler of a body runs")
                    .isEqualTo("body");

            for (String name : List.of("Review and sign", "http://")) {
                com.microsoft.playwright.Page signing = context.waitForPage(() -> invitation
                        .locator("a")
                        .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(name))
                        .first()
                        .click());
                signing.waitForLoadState();
                assertThat(signing.url()).as(name).endsWith(link);
                assertThat(signing.locator("h1").first().textContent()).isEqualTo("Mailbox frames");
                signing.close();
            }
            assertThat(outbox.url()).as("the mailbox stays where it was").endsWith("/outbox");
        }
    }

    /**
     * Waits until the sandbox outbox holds this many messages of this kind for the envelope, all of
     * them handled by the poller (KEPT); returns each address's text.
     */
    private Map<String, String> awaitMessages(String envelope, String kind, int count) {
        return await().atMost(PATIENCE).until(() -> kept(envelope, kind), messages -> messages.size() == count);
    }

    private Map<String, String> kept(String envelope, String kind) {
        Api.Response response = api.get("/v2/sandbox/outbox?envelope_id=" + envelope, KEY);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        Map<String, String> byAddress = new java.util.HashMap<>();
        for (JsonNode m : response.json().get("messages")) {
            if (m.get("kind").asText().equals(kind) && m.get("status").asText().equals("KEPT")) {
                byAddress.put(m.get("to").asText(), m.get("text").asText());
            }
        }
        return byAddress;
    }

    private String status(String envelope) {
        return api.get("/v2/envelopes/" + envelope + "/status", KEY)
                .json()
                .get("status")
                .asText();
    }

    private static String token(String text) {
        Matcher matcher = TOKEN.matcher(text);
        assertThat(matcher.find()).as("a signing link in: %s", text).isTrue();
        return matcher.group(1);
    }

    /** Signs every tag of the token's holder (these envelopes have one signature tag each). */
    private void sign(String token) {
        JsonNode view = api.get("/v2/signing/" + token, null).json();
        ObjectNode body = JSON.createObjectNode();
        List<JsonNode> tags = new ArrayList<>();
        view.get("tags").forEach(tags::add);
        assertThat(tags).extracting(t -> t.get("type").asText()).containsOnly("signature");
        tags.forEach(t -> body.withArray("tags")
                .addObject()
                .put("name", t.get("name").asText())
                .put("value", view.get("recipient").get("name").asText()));
        Api.Response submitted = api.postJson("/v2/signing/" + token + "/submit", null, body.toString());
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(204);
    }
}
