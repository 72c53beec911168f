package dev.signet.assurance;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sandbox stand-in for the Yoti app, for sandbox keys and embedded mode: nobody scans anything;
 * on its page (the signing link's Yoti page) a tester shares the recipient's email, or another one to
 * see the refusal. Its receipt has the shape of Yoti's: an id and the attributes asked for.
 */
@Component
class SandboxShareProvider implements YotiShareProvider {

    static final String NAME = "sandbox";
    /** The address "shared" when the tester chooses another email. */
    static final String OTHER_EMAIL = "someone.else@sandbox.invalid";

    /** What the tester may choose. */
    enum Choice {
        SHARE_EMAIL,
        SHARE_OTHER_EMAIL
    }

    private final JdbcClient jdbc;
    private final Clock clock = Clock.systemUTC();

    SandboxShareProvider(JdbcClient jdbc) {
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
        jdbc.sql("insert into yoti_share_sandbox (id, expected_email, attributes, created_at) values (?, ?, ?, ?)")
                .params(
                        id,
                        request.expectedEmail(),
                        String.join(",", request.attributes()),
                        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .update();
        // No app opens it: the sandbox page shares instead; the QR code of this link shows what Yoti's looks like.
        return new Session(id.toString(), "https://sandbox.signet.invalid/share/" + id);
    }

    /** The tester's choice; a session chooses once. */
    boolean choose(String sessionId, Choice choice) {
        return jdbc.sql("update yoti_share_sandbox set outcome = ? where id = ? and outcome is null")
                        .params(choice.name(), UUID.fromString(sessionId))
                        .update()
                == 1;
    }

    @Override
    public Result retrieve(String sessionId) {
        record Stored(String expectedEmail, String attributes, String outcome) {}
        Optional<Stored> stored = jdbc.sql(
                        "select expected_email, attributes, outcome from yoti_share_sandbox where id = ?")
                .param(UUID.fromString(sessionId))
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
        if (stored.isEmpty() || stored.get().outcome() == null) {
            return Result.waiting();
        }
        String email = Choice.valueOf(stored.get().outcome()) == Choice.SHARE_EMAIL
                ? stored.get().expectedEmail()
                : OTHER_EMAIL;
        return new Result(
                State.SHARED,
                "sandbox-receipt-" + sessionId,
                email,
                List.of(stored.get().attributes().split(",")),
                null);
    }
}
