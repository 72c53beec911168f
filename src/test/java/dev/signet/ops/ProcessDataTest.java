package dev.signet.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.junit.jupiter.api.Test;

/**
 * Process variables hold ids and primitives, never a person's name or email: what Cockpit and
 * the engine's history show stays free of personal data, and erasing a recipient stays possible.
 */
class ProcessDataTest extends SignetIntegrationTest {

    private static final Set<String> PRIMITIVE_TYPES =
            Set.of("string", "integer", "long", "short", "double", "boolean", "null");

    @Test
    void noProcessVariableTaskOrEngineRowHoldsARecipientsNameOrEmail() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        List<String> personal = List.of(
                "Philippa Quenby",
                "Barnaby Ostrander",
                "Cordelia Whitlock",
                "Dashiell Mayhew",
                "philippa." + tag + "@example.com",
                "barnaby." + tag + "@example.com",
                "cordelia." + tag + "@example.com",
                "dashiell." + tag + "@example.com");
        UUID envelope = create(
                newTenant().sandboxKey(),
                new Options("Personal data " + tag)
                        .signer(personal.get(0), personal.get(4), 1)
                        .signer(personal.get(1), personal.get(5), 1)
                        .signer(personal.get(2), personal.get(6), 2)
                        .cc(personal.get(3), personal.get(7))
                        .toString());
        runJobs(envelope);

        List<VariableInstance> running = runtime.createVariableInstanceQuery()
                .processInstanceIdIn(processTree(envelope).toArray(String[]::new))
                .list();
        assertThat(running).isNotEmpty();
        running.forEach(v -> assertPrimitiveWithoutPersonalData(v.getName(), v.getTypeName(), v.getValue(), personal));

        signEveryoneInTurn(envelope, personal.subList(4, 7));
        assertThat(status(envelope)).isEqualTo("COMPLETE");

        List<HistoricVariableInstance> recorded = history.createHistoricVariableInstanceQuery()
                .processInstanceIdIn(tree(envelope).toArray(String[]::new))
                .list();
        assertThat(recorded).extracting(HistoricVariableInstance::getName).contains("envelopeId", "recipientId");
        recorded.forEach(v -> assertPrimitiveWithoutPersonalData(v.getName(), v.getTypeName(), v.getValue(), personal));

        assertThat(engineRowsMentioning(personal)).isEmpty();
    }

    /** The envelope and its three recipient processes, from history. */
    private List<String> tree(UUID envelope) {
        List<String> ids = historicTree(envelope);
        assertThat(ids).hasSize(4);
        return ids;
    }

    private void signEveryoneInTurn(UUID envelope, List<String> signerEmails) {
        for (String email : signerEmails) {
            assertThat(sign(invitationTo(envelope, email).token()).status()).isEqualTo(204);
            runJobs(envelope);
        }
    }

    private static void assertPrimitiveWithoutPersonalData(
            String name, String type, Object value, List<String> personal) {
        assertThat(type).as("type of variable %s", name).isIn(PRIMITIVE_TYPES);
        String text = String.valueOf(value);
        assertThat(personal).as("variable %s = %s", name, text).noneMatch(text::contains);
    }

    /** The envelope's process instance and its recipient instances, finished or not. */
    /** Every cell of every engine table (variables, tasks, jobs, history, byte arrays) that contains one of the values. */
    private List<String> engineRowsMentioning(List<String> values) {
        List<String> tables = jdbc.sql("""
                        select table_name from information_schema.tables
                        where table_schema = current_schema() and table_name like 'act\\_%'""").query(String.class).list();
        assertThat(tables).contains("act_ru_variable", "act_hi_varinst", "act_ge_bytearray");
        List<String> found = new ArrayList<>();
        for (String table : tables) {
            for (Map<String, Object> row :
                    jdbc.sql("select * from " + table).query().listOfRows()) {
                row.forEach((column, cell) -> {
                    String text = cell instanceof byte[] bytes
                            ? new String(bytes, StandardCharsets.UTF_8)
                            : String.valueOf(cell);
                    values.stream()
                            .filter(text::contains)
                            .forEach(v -> found.add(table + "." + column + " holds " + v));
                });
            }
        }
        return found;
    }
}
