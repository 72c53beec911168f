package dev.signet.workflow.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.FeelEngineFactory;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Component;

/**
 * Decision tables evaluated without re-parsing their plainest cells. Camunda's FEEL engine (the Scala
 * one) parses every cell on every evaluation; for {@code dmn/recipient-assurance.dmn}, evaluated at
 * each recipient process's start, that was a fifth of Signet's CPU under load (a JFR profile of the
 * throughput bench, issue 12). Most cells an analyst writes are plain: an input that is a variable
 * name ({@code authType}), a test that is a literal or a list of literals ({@code "SIGNER"},
 * {@code true}, {@code "live","sandbox"}), an output that is a literal ({@code "otp"}). Those are
 * recognised once per distinct text and answered here, with FEEL's meaning (equality of a string
 * with a string, a boolean with a boolean; a list matches when any item does); every other cell,
 * and every case where the value is not a string, a boolean or null, goes to Camunda's engine
 * unchanged. A null input mattered most: every recipient without identity verification has no
 * {@code idvWhen}, and each cell that read it went to Camunda's engine (7 % of Signet's samples in
 * the envelope bench after plain values were answered here).
 * {@code FeelLiteralsTest} checks that both answer alike for every cell of the models in dmn/.
 *
 * <p>Plugged in through the DMN engine's public extension point, its FEEL engine factory
 * ({@link DefaultDmnEngineConfiguration#feelEngineFactory}), by a process engine plugin.
 */
@Component
class FeelLiterals extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration();
        if (dmn == null) {
            dmn = (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
            configuration.setDmnEngineConfiguration(dmn);
        }
        if (dmn.getFeelEngineFactory() == null && !configuration.isDmnFeelEnableLegacyBehavior()) {
            ScalaFeelEngineFactory full = new ScalaFeelEngineFactory(configuration.getDmnFeelCustomFunctionProviders());
            dmn.setFeelEngineFactory(new Factory(full));
        }
    }

    static final class Factory implements FeelEngineFactory {
        private final FeelEngineFactory full;

        Factory(FeelEngineFactory full) {
            this.full = full;
        }

        @Override
        public FeelEngine createInstance() {
            return new Engine(full.createInstance());
        }
    }

    /** A cell's text, understood once: a variable name, or one or more literals. Empty: not plain. */
    sealed interface Cell permits Name, Literals {}

    record Name(String name) implements Cell {}

    record Literals(List<Object> values) implements Cell {}

    static final class Engine implements FeelEngine {

        /** Bounded: cells come from deployed models, but a deployment may bring many. */
        private static final int MAX_CACHED = 10_000;

        private final FeelEngine full;
        private final Map<String, Optional<Cell>> cells = new ConcurrentHashMap<>();

        Engine(FeelEngine full) {
            this.full = full;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T evaluateSimpleExpression(String expression, VariableContext context) {
            Optional<Cell> cell = cell(expression);
            if (cell.isPresent()) {
                if (cell.get() instanceof Literals literals && literals.values().size() == 1) {
                    return (T) literals.values().get(0);
                }
                if (cell.get() instanceof Name name && context.containsVariable(name.name())) {
                    Object value = value(context, name.name());
                    // A variable without a value (idvWhen for every recipient without IDV) is null in FEEL too.
                    if (value == null || value instanceof String || value instanceof Boolean) {
                        return (T) value;
                    }
                }
            }
            return full.evaluateSimpleExpression(expression, context);
        }

        @Override
        public boolean evaluateSimpleUnaryTests(String tests, String inputName, VariableContext context) {
            Optional<Cell> cell = cell(tests);
            if (cell.isPresent() && cell.get() instanceof Literals literals && context.containsVariable(inputName)) {
                Object input = value(context, inputName);
                if (input == null) {
                    // No value matches no literal: FEEL's null = "x" is false.
                    return false;
                }
                if (literals.values().stream().allMatch(v -> v.getClass() == input.getClass())) {
                    return literals.values().contains(input);
                }
            }
            return full.evaluateSimpleUnaryTests(tests, inputName, context);
        }

        private Optional<Cell> cell(String text) {
            Optional<Cell> known = cells.get(text);
            if (known != null) {
                return known;
            }
            Optional<Cell> parsed = parse(text);
            if (cells.size() < MAX_CACHED) {
                cells.put(text, parsed);
            }
            return parsed;
        }

        private static Object value(VariableContext context, String name) {
            TypedValue typed = context.resolve(name);
            return typed == null ? null : typed.getValue();
        }
    }

    private static final Set<String> KEYWORDS = Set.of(
            "true",
            "false",
            "null",
            "not",
            "and",
            "or",
            "for",
            "in",
            "return",
            "if",
            "then",
            "else",
            "some",
            "every",
            "satisfies",
            "between",
            "instance",
            "of",
            "function");

    /**
     * {@code text} as a plain cell, or empty: a name is letters, digits and underscores starting with
     * a letter (not a FEEL keyword); literals are {@code "..."} strings without escapes and
     * {@code true}/{@code false}, separated by commas.
     */
    static Optional<Cell> parse(String text) {
        if (text == null || text.length() > 1000) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        if (trimmed.matches("[A-Za-z][A-Za-z0-9_]*") && !KEYWORDS.contains(trimmed)) {
            return Optional.of(new Name(trimmed));
        }
        List<Object> values = new ArrayList<>();
        int i = 0;
        int n = trimmed.length();
        while (true) {
            while (i < n && Character.isWhitespace(trimmed.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return Optional.empty();
            }
            if (trimmed.charAt(i) == '"') {
                int end = trimmed.indexOf('"', i + 1);
                if (end < 0) {
                    return Optional.empty();
                }
                String literal = trimmed.substring(i + 1, end);
                if (literal.indexOf('\\') >= 0) {
                    return Optional.empty();
                }
                values.add(literal);
                i = end + 1;
            } else if (trimmed.startsWith("true", i) && boundary(trimmed, i + 4)) {
                values.add(Boolean.TRUE);
                i += 4;
            } else if (trimmed.startsWith("false", i) && boundary(trimmed, i + 5)) {
                values.add(Boolean.FALSE);
                i += 5;
            } else {
                return Optional.empty();
            }
            while (i < n && Character.isWhitespace(trimmed.charAt(i))) {
                i++;
            }
            if (i == n) {
                return Optional.of(new Literals(List.copyOf(values)));
            }
            if (trimmed.charAt(i) != ',') {
                return Optional.empty();
            }
            i++;
        }
    }

    private static boolean boundary(String text, int at) {
        return at == text.length() || text.charAt(at) == ',' || Character.isWhitespace(text.charAt(at));
    }
}
