package dev.signet.assurance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        jdbc.sql("insert into idv_sandbox_session (id, expected_name, created_at) values (?, ?, ?)")
                .params(id, request.expectedName(), OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
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
        record Stored(String expectedName, String outcome) {}
        Optional<Stored> stored = jdbc.sql("select expected_name, outcome from idv_sandbox_session where id = ?")
                .param(UUID.fromString(sessionId))
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2)))
                .optional();
        if (stored.isEmpty() || stored.get().outcome() == null) {
            return new Result(State.ONGOING, null, List.of(), session(sessionId, "ONGOING", null, null));
        }
        return switch (Choice.valueOf(stored.get().outcome())) {
            case APPROVE -> approved(sessionId, stored.get().expectedName());
            case NAME_MISMATCH -> approved(sessionId, OTHER_NAME);
            case DOCUMENT_REJECTED ->
                new Result(
                        State.REJECTED,
                        null,
                        List.of("ID_DOCUMENT_AUTHENTICITY"),
                        session(sessionId, "COMPLETED", "ID_DOCUMENT_AUTHENTICITY", null));
        };
    }

    private Result approved(String sessionId, String name) {
        return new Result(State.APPROVED, name, List.of(), session(sessionId, "COMPLETED", null, name));
    }

    /** A session object shaped like Yoti IDV's: state, one authenticity check, the document's full name. */
    private static String session(String sessionId, String state, String failedCheck, String fullName) {
        ObjectNode session = JSON.createObjectNode()
                .put("session_id", sessionId)
                .put("state", state)
                .put("provider", NAME);
        if (!state.equals("ONGOING")) {
            session.putArray("checks")
                    .addObject()
                    .put("type", "ID_DOCUMENT_AUTHENTICITY")
                    .put("state", "DONE")
                    .putObject("report")
                    .putObject("recommendation")
                    .put("value", failedCheck == null ? "APPROVE" : "REJECT");
        }
        if (fullName != null) {
            session.putObject("resources")
                    .putArray("id_documents")
                    .addObject()
                    .put("document_type", "PASSPORT")
                    .putObject("document_fields")
                    .put("full_name", fullName);
        }
        return session.toString();
    }
}
