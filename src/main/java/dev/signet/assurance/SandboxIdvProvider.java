package dev.signet.assurance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sandbox identity provider, for sandbox keys and embedded mode: no document is read; on its
 * page (the signing link's IDV page) a tester chooses what a real provider would have found. Its
 * result has the shape of a Yoti IDV session, so integrators see what they will get live.
 */
@Component
class SandboxIdvProvider implements IdvProvider {

    static final String NAME = "sandbox";
    /** The name an identity document shows when the tester chooses a mismatch. */
    static final String OTHER_NAME = "Sandbox Otherperson";

    /** What the tester may choose. */
    enum Choice {
        APPROVE,
        DOCUMENT_REJECTED,
        NAME_MISMATCH
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JdbcClient jdbc;
    private final Clock clock = Clock.systemUTC();

    SandboxIdvProvider(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public Session create(SessionRequest request) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into idv_sandbox_session (id, expected_name, reads_name, created_at) values (?, ?, ?, ?)")
                .params(
                        id,
                        request.expectedName(),
                        request.spec().readsName(),
                        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .update();
        return new Session(id.toString(), request.returnUrl());
    }

    /** The tester's choice; a session chooses once. */
    boolean choose(String sessionId, Choice choice) {
        return jdbc.sql("update idv_sandbox_session set outcome = ? where id = ? and outcome is null")
                        .params(choice.name(), UUID.fromString(sessionId))
                        .update()
                == 1;
    }

    @Override
    public Result retrieve(String sessionId) {
        Optional<Stored> stored = stored(sessionId);
        if (stored.isEmpty() || stored.get().outcome() == null) {
            return new Result(State.ONGOING, null, List.of(), session(sessionId, "ONGOING", null, null, true));
        }
        boolean readsName = stored.get().readsName();
        return switch (Choice.valueOf(stored.get().outcome())) {
            // A session that reads no document (Liveness Only) has no name to give back.
            case APPROVE -> approved(sessionId, readsName ? stored.get().expectedName() : null, readsName);
            // The tester asked for another name: the session shows one, also where it would read none.
            case NAME_MISMATCH -> approved(sessionId, OTHER_NAME, true);
            // Without a document (Liveness Only) the one check there is fails.
            case DOCUMENT_REJECTED -> {
                String failed = readsName ? "ID_DOCUMENT_AUTHENTICITY" : "LIVENESS";
                yield new Result(
                        State.REJECTED,
                        null,
                        List.of(failed),
                        session(sessionId, "COMPLETED", failed, null, readsName));
            }
        };
    }

    private record Stored(String expectedName, String outcome, boolean readsName) {}

    private Optional<Stored> stored(String sessionId) {
        return jdbc.sql("select expected_name, outcome, reads_name from idv_sandbox_session where id = ?")
                .param(UUID.fromString(sessionId))
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getBoolean(3)))
                .optional();
    }

    /**
     * The session's media once the tester chose: the document's front (a specimen card marked
     * SANDBOX) and the fields read from it (JSON) where the session reads a document, and the selfie.
     */
    @Override
    public Optional<Media> media(String sessionId, String mediaId) {
        Optional<Stored> stored = stored(sessionId);
        if (stored.isEmpty() || stored.get().outcome() == null) {
            return Optional.empty();
        }
        Choice choice = Choice.valueOf(stored.get().outcome());
        boolean document = stored.get().readsName() || choice == Choice.NAME_MISMATCH;
        if (mediaId.equals(id(sessionId, SELFIE))) {
            return Optional.of(new Media("image/png", SandboxImages.selfie()));
        }
        if (document && mediaId.equals(id(sessionId, FRONT))) {
            return Optional.of(new Media("image/png", SandboxImages.documentFront()));
        }
        if (document && choice != Choice.DOCUMENT_REJECTED && mediaId.equals(id(sessionId, FIELDS))) {
            String name =
                    choice == Choice.NAME_MISMATCH ? OTHER_NAME : stored.get().expectedName();
            ObjectNode fields = JSON.createObjectNode()
                    .put("full_name", name)
                    .put("document_type", "PASSPORT")
                    .put("issuing_country", "GBR")
                    .put("document_number", "SANDBOX");
            return Optional.of(new Media("application/json", fields.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    private Result approved(String sessionId, String name, boolean document) {
        return new Result(State.APPROVED, name, List.of(), session(sessionId, "COMPLETED", null, name, document));
    }

    /** A stable id for one of a session's resources, tasks or media items: the same on every retrieval. */
    static String id(String sessionId, String what) {
        return UUID.nameUUIDFromBytes((sessionId + "/" + what).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static final String DOCUMENT = "document";
    private static final String FRONT = "document-front";
    private static final String FIELDS = "document-fields";
    private static final String EXTRACTION = "text-extraction";
    private static final String LIVENESS = "liveness";
    private static final String SELFIE = "selfie";

    /**
     * A session object shaped like Yoti IDV's: state, the checks with their recommendation, and the
     * resources with their ids, tasks and media (the document's front and read fields, the liveness
     * capture), so the result, report, media and webhook events work as they do live.
     */
    private static String session(
            String sessionId, String state, String failedCheck, String fullName, boolean document) {
        ObjectNode session = JSON.createObjectNode()
                .put("session_id", sessionId)
                .put("state", state)
                .put("provider", NAME);
        if (state.equals("ONGOING")) {
            return session.toString();
        }
        ArrayNode checks = session.putArray("checks");
        check(checks, "LIVENESS", "LIVENESS".equals(failedCheck) ? "REJECT" : "APPROVE");
        if (document) {
            check(
                    checks,
                    "ID_DOCUMENT_AUTHENTICITY",
                    "ID_DOCUMENT_AUTHENTICITY".equals(failedCheck) ? "REJECT" : "APPROVE");
        }
        ObjectNode resources = session.putObject("resources");
        ArrayNode documents = resources.putArray("id_documents");
        if (document) {
            ObjectNode doc = documents
                    .addObject()
                    .put("id", id(sessionId, DOCUMENT))
                    .put("document_type", "PASSPORT")
                    .put("issuing_country", "GBR");
            doc.putArray("pages")
                    .addObject()
                    .put("capture_method", "CAMERA")
                    .putObject("media")
                    .put("id", id(sessionId, FRONT))
                    .put("type", "IMAGE");
            ArrayNode tasks = doc.putArray("tasks");
            if (fullName != null) {
                tasks.addObject()
                        .put("id", id(sessionId, EXTRACTION))
                        .put("type", "ID_DOCUMENT_TEXT_DATA_EXTRACTION")
                        .put("state", "DONE");
                ObjectNode fields = doc.putObject("document_fields").put("full_name", fullName);
                fields.putObject("media").put("id", id(sessionId, FIELDS)).put("type", "JSON");
            }
        }
        resources
                .putArray("liveness_capture")
                .addObject()
                .put("id", id(sessionId, LIVENESS))
                .put("liveness_type", "STATIC")
                .putObject("image")
                .putObject("media")
                .put("id", id(sessionId, SELFIE))
                .put("type", "IMAGE");
        return session.toString();
    }

    private static void check(ArrayNode checks, String type, String recommendation) {
        checks.addObject()
                .put("type", type)
                .put("state", "DONE")
                .putObject("report")
                .putObject("recommendation")
                .put("value", recommendation);
    }
}
