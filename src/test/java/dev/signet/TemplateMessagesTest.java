package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every message key a template names literally ({@code #{portal.track.audit}}, with or without
 * arguments) is in the bundles Spring reads ({@code spring.messages.basename}) in English and in
 * German: a missing key renders as {@code ??key_en??} on the page, which no other test reads.
 * Keys built from expressions ({@code #{'portal.status.' + ${status}}}) are left to the pages' tests.
 */
class TemplateMessagesTest {

    private static final Path TEMPLATES = Path.of("src", "main", "resources", "templates");
    private static final List<String> BUNDLES = List.of("messages", "portal/messages", "portal/track");
    private static final Pattern KEY = Pattern.compile("#\\{([A-Za-z0-9_.]+)(?=[}(])");

    @ParameterizedTest
    @ValueSource(strings = {"", "_de"})
    void everyKeyATemplateNamesIsInTheBundles(String language) throws IOException {
        Properties messages = new Properties();
        for (String bundle : BUNDLES) {
            try (InputStream in =
                    TemplateMessagesTest.class.getResourceAsStream("/" + bundle + language + ".properties")) {
                assertThat(in).as(bundle + language).isNotNull();
                messages.load(in);
            }
        }
        List<String> missing = new ArrayList<>();
        int named = 0;
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                Matcher key = KEY.matcher(read(file));
                while (key.find()) {
                    named++;
                    if (!messages.containsKey(key.group(1))) {
                        missing.add(TEMPLATES.relativize(file) + ": " + key.group(1));
                    }
                }
            }
        }
        assertThat(named).as("keys found in the templates").isGreaterThan(100);
        assertThat(missing).as("keys missing in messages%s", language).isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
