package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The route's names in German ({@code portal/route_de.properties}) against the models Signet ships:
 * every name a diagram draws (processes, shapes, flow labels) has its German text, and no text is
 * left for a name the models no longer have. Translating a name, not an id, follows a rename.
 */
class RouteTextsTest {

    private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static final String DI = "http://www.omg.org/spec/BPMN/20100524/DI";

    @Test
    void everyNameTheShippedModelsDrawIsTranslatedIntoGermanAndNoTranslationIsLeftOver() throws Exception {
        Set<String> names = new TreeSet<>();
        for (String model : new String[] {"bpmn/envelope.bpmn", "bpmn/recipient.bpmn"}) {
            names.addAll(drawnNames(Path.of(model)));
        }
        Properties german = new Properties();
        try (InputStream in = RouteTextsTest.class.getResourceAsStream("/portal/route_de.properties")) {
            german.load(in);
        }
        Set<String> translated = german.stringPropertyNames().stream()
                .map(key -> key.substring("portal.route.".length()))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(names).contains("Envelope", "Recipient signs", "Sign", "Prepare documents", "yes");
        assertThat(translated).isEqualTo(names);
        assertThat(german.getProperty("portal.route.Sign")).isEqualTo("Unterschreiben");
    }

    @Test
    void aNameWithoutATranslationIsShownAsTheModelSaysIt() {
        Map<String, String> bundle = Map.of("portal.route.Sign", "Unterschreiben");
        RouteView.Texts texts = (key, args) -> bundle.getOrDefault(key, key);

        assertThat(texts.element("Sign")).isEqualTo("Unterschreiben");
        assertThat(texts.element("Call the notary")).isEqualTo("Call the notary");
        assertThat(texts.element("")).isEmpty();
        assertThat(texts.element(null)).isNull();
    }

    /** The names of the processes and of every element the model's diagram draws. */
    private static Set<String> drawnNames(Path model) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document xml;
        try (InputStream in = Files.newInputStream(model)) {
            xml = factory.newDocumentBuilder().parse(in);
        }
        Set<String> drawn = new HashSet<>();
        for (String kind : new String[] {"BPMNShape", "BPMNEdge"}) {
            NodeList elements = xml.getElementsByTagNameNS(DI, kind);
            for (int i = 0; i < elements.getLength(); i++) {
                drawn.add(((Element) elements.item(i)).getAttribute("bpmnElement"));
            }
        }
        Set<String> names = new HashSet<>();
        NodeList all = xml.getElementsByTagNameNS(BPMN, "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element element = (Element) all.item(i);
            String name = element.getAttribute("name");
            boolean shown = drawn.contains(element.getAttribute("id")) || "process".equals(element.getLocalName());
            if (shown && !name.isBlank()) {
                names.add(name);
            }
        }
        return names;
    }
}
