package dev.signet.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.Test;

/**
 * {@link FeelLiterals} answers the plain cells itself; this checks, for every decision table in
 * dmn/, that it answers exactly as Camunda's FEEL engine alone does, for every combination of the
 * values the table names (its literals, its input values, a value it does not name, and no value).
 */
class FeelLiteralsTest {

    private static final Pattern STRING = Pattern.compile("\"([^\"\\\\]*)\"");

    private final DmnEngine camunda =
            DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    private final DmnEngine withLiterals = ((DefaultDmnEngineConfiguration)
                    DmnEngineConfiguration.createDefaultDmnEngineConfiguration())
            .feelEngineFactory(new FeelLiterals.Factory(new ScalaFeelEngineFactory()))
            .buildEngine();

    @Test
    void everyDecisionTableAnswersAsCamundasFeelEngineDoes() throws IOException {
        int compared = 0;
        try (DirectoryStream<Path> models = Files.newDirectoryStream(Path.of("dmn"), "*.dmn")) {
            for (Path model : models) {
                DmnModelInstance instance;
                try (InputStream in = Files.newInputStream(model)) {
                    instance = Dmn.readModelFromStream(in);
                }
                for (Decision decision : instance.getModelElementsByType(Decision.class)) {
                    compared += compare(model, instance, decision);
                }
            }
        }
        assertThat(compared).as("combinations compared").isGreaterThan(100);
    }

    private int compare(Path model, DmnModelInstance instance, Decision decision) throws IOException {
        DecisionTable table = (DecisionTable) decision.getExpression();
        List<Input> inputs = new ArrayList<>(table.getInputs());
        List<List<Object>> candidates = new ArrayList<>();
        for (int column = 0; column < inputs.size(); column++) {
            candidates.add(candidates(table, inputs.get(column), column));
        }
        DmnDecision plain;
        DmnDecision fast;
        try (InputStream a = Files.newInputStream(model);
                InputStream b = Files.newInputStream(model)) {
            plain = camunda.parseDecision(decision.getId(), a);
            fast = withLiterals.parseDecision(decision.getId(), b);
        }
        int[] index = new int[inputs.size()];
        int compared = 0;
        while (true) {
            Map<String, Object> variables = new HashMap<>();
            for (int c = 0; c < inputs.size(); c++) {
                variables.put(
                        inputs.get(c)
                                .getInputExpression()
                                .getText()
                                .getTextContent()
                                .strip(),
                        candidates.get(c).get(index[c]));
            }
            assertThat(outcome(withLiterals, fast, variables))
                    .as("%s with %s", decision.getId(), variables)
                    .isEqualTo(outcome(camunda, plain, variables));
            compared++;
            int c = 0;
            while (c < index.length && ++index[c] == candidates.get(c).size()) {
                index[c] = 0;
                c++;
            }
            if (c == index.length) {
                return compared;
            }
        }
    }

    private static Object outcome(DmnEngine engine, DmnDecision decision, Map<String, Object> variables) {
        try {
            return engine.evaluateDecisionTable(decision, variables).getResultList();
        } catch (RuntimeException refused) {
            return "refused: " + refused.getClass().getSimpleName();
        }
    }

    private static List<Object> candidates(DecisionTable table, Input input, int column) {
        Set<Object> values = new LinkedHashSet<>();
        String type = input.getInputExpression().getTypeRef();
        if ("boolean".equals(type)) {
            values.add(Boolean.TRUE);
            values.add(Boolean.FALSE);
        } else {
            if (input.getInputValues() != null) {
                strings(input.getInputValues().getText().getTextContent(), values);
            }
            for (Rule rule : table.getRules()) {
                strings(new ArrayList<>(rule.getInputEntries()).get(column).getTextContent(), values);
            }
            values.add("not-named-by-the-table");
        }
        List<Object> list = new ArrayList<>(values);
        list.add(null);
        return list;
    }

    private static void strings(String text, Set<Object> into) {
        Matcher m = STRING.matcher(text == null ? "" : text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    @Test
    void plainCellsAreRecognisedAndTheRestLeftToCamunda() {
        assertThat(FeelLiterals.parse("authType")).contains(new FeelLiterals.Name("authType"));
        assertThat(FeelLiterals.parse(" \"live\", \"sandbox\" "))
                .contains(new FeelLiterals.Literals(List.of("live", "sandbox")));
        assertThat(FeelLiterals.parse("true")).contains(new FeelLiterals.Literals(List.of(Boolean.TRUE)));
        for (String notPlain : List.of(
                "not(\"idv\")",
                "> 3",
                "true and false",
                "\"a\\\"b\"",
                "null",
                "true false",
                "\"a\" \"b\"",
                "",
                "\"a\",")) {
            assertThat(FeelLiterals.parse(notPlain)).as(notPlain).isEmpty();
        }
    }

    @Test
    void printsWhatAnEvaluationCosts() throws IOException {
        Map<String, Object> signer = Map.of(
                "recipientType", "SIGNER",
                "authType", "idv",
                "hasEnvelopeOtps", true,
                "witnessRequired", true,
                "idvWhen", "after_submitting",
                "mode", "sandbox");
        DmnDecision plain;
        DmnDecision fast;
        try (InputStream a = Files.newInputStream(Path.of("dmn/recipient-assurance.dmn"));
                InputStream b = Files.newInputStream(Path.of("dmn/recipient-assurance.dmn"))) {
            plain = camunda.parseDecision("recipientAssurance", a);
            fast = withLiterals.parseDecision("recipientAssurance", b);
        }
        // The bench's signer, and most signers: no assurance asked, so no idvWhen (null).
        Map<String, Object> plainSigner = new HashMap<>(signer);
        plainSigner.putAll(Map.of("authType", "no-auth", "hasEnvelopeOtps", false, "witnessRequired", false));
        plainSigner.put("idvWhen", null);
        for (Map<String, Object> who : List.of(signer, plainSigner)) {
            for (int warm = 0; warm < 300; warm++) {
                camunda.evaluateDecisionTable(plain, who);
                withLiterals.evaluateDecisionTable(fast, who);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                camunda.evaluateDecisionTable(plain, who);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                withLiterals.evaluateDecisionTable(fast, who);
            }
            long t2 = System.nanoTime();
            // Figures for the record (README, bench/README); not asserted: a timed test would be flaky.
            System.out.printf(
                    "recipient-assurance, authType %s: %.3f ms an evaluation with Camunda's FEEL engine, %.3f ms with"
                            + " plain cells answered first%n",
                    who.get("authType"), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            assertThat(withLiterals.evaluateDecisionTable(fast, who).getResultList())
                    .isEqualTo(camunda.evaluateDecisionTable(plain, who).getResultList());
        }
    }
}
