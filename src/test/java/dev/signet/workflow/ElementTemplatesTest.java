package dev.signet.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOutputParameter;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.model.xml.type.ModelElementType;
import org.camunda.bpm.model.xml.type.attribute.Attribute;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.type.MethodMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;

/**
 * The Modeler element templates in {@code bpmn/.camunda/element-templates} say what an analyst gets
 * when they pick "Signet: ..." for a task; the models say what is deployed. They must say the same:
 * every templated delegate is bound to its template, every binding equals the element, nothing a
 * bound element carries is missing from its template, and no template is orphaned or names a bean
 * that does not exist. Engine-free: reads files and class metadata only.
 */
class ElementTemplatesTest {

    static final Path TEMPLATES = Path.of("bpmn/.camunda/element-templates");
    private static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
    /** Attributes Modeler writes to record the binding itself; they are not template properties. */
    private static final Set<String> BINDING_MARKS = Set.of("modelerTemplate", "modelerTemplateVersion");

    /** A template read from JSON: the bindings it writes, keyed as {@link #key} names them. */
    record Template(String id, int version, String file, List<String> appliesTo, Map<String, String> bindings) {
        String delegateBean() {
            String expression = bindings.get("property camunda:delegateExpression");
            return expression == null ? null : ModelsTest.delegateBean(expression);
        }

        /** The beans this template makes an element call: its delegate, and any bean.method(...) in a binding. */
        Set<String> beans() {
            Set<String> beans = new HashSet<>();
            if (delegateBean() != null) {
                beans.add(delegateBean());
            }
            for (String value : bindings.values()) {
                beans.addAll(ModelsTest.beanCalls(value == null ? "" : value));
            }
            for (String key : bindings.keySet()) {
                beans.addAll(ModelsTest.beanCalls(key));
            }
            return beans;
        }
    }

    /** A service task of a model, with what it carries in the same keys as a template's bindings. */
    record Bound(
            String where,
            List<String> types,
            String templateId,
            String templateVersion,
            String delegateBean,
            Map<String, String> carries) {}

    private static List<Template> templates;
    private static List<Bound> elements;

    @BeforeAll
    static void read() throws IOException {
        templates = readTemplates(TEMPLATES);
        elements = new ArrayList<>();
        for (Path file : ModelsTest.models("bpmn", ".bpmn")) {
            try (InputStream in = Files.newInputStream(file)) {
                elements.addAll(boundOrBindable(file.getFileName().toString(), Bpmn.readModelFromStream(in)));
            }
        }
        assertThat(templates).as("templates in %s", TEMPLATES).hasSizeGreaterThan(8);
        assertThat(elements).as("service tasks in bpmn/").hasSizeGreaterThan(8);
    }

    @Test
    void everyBoundElementCarriesExactlyWhatItsTemplateBinds() {
        assertThat(bindingMismatches(templates, elements)).isEmpty();
    }

    @Test
    void everyTemplateIsUsedByAModel() {
        assertThat(unusedTemplates(templates, elements)).isEmpty();
    }

    @Test
    void everyElementCallingATemplatedDelegateIsBoundToATemplate() {
        assertThat(unboundElements(templates, elements)).isEmpty();
    }

    @Test
    void everyTemplateNamesABeanThatSignetDeclares() {
        Set<String> beans = declaredBeanNames("dev.signet");
        assertThat(beans).as("the scan finds the delegates").contains("prepareDocuments", "sendInvitation");
        assertThat(templates)
                .as("templates that name a bean")
                .filteredOn(t -> !t.beans().isEmpty())
                .isNotEmpty();
        List<String> missing = new ArrayList<>();
        templates.forEach(
                t -> t.beans().stream().filter(b -> !beans.contains(b)).forEach(b -> missing.add(t.id() + " → " + b)));
        assertThat(missing).isEmpty();
    }

    static List<String> bindingMismatches(List<Template> templates, List<Bound> elements) {
        List<String> problems = new ArrayList<>();
        for (Bound element : elements) {
            if (element.templateId() == null) {
                continue;
            }
            Template template = templates.stream()
                    .filter(t -> t.id().equals(element.templateId())
                            && Integer.toString(t.version()).equals(element.templateVersion()))
                    .findFirst()
                    .orElse(null);
            if (template == null) {
                problems.add(element.where() + ": no template " + element.templateId() + " version "
                        + element.templateVersion());
                continue;
            }
            if (template.appliesTo().stream().noneMatch(element.types()::contains)) {
                problems.add(element.where() + ": " + template.id() + " applies to " + template.appliesTo()
                        + ", not to " + element.types().get(0));
            }
            Set<String> keys = new HashSet<>(template.bindings().keySet());
            keys.addAll(element.carries().keySet());
            for (String key : keys) {
                String expected = template.bindings().get(key);
                String actual = element.carries().get(key);
                if (!Objects.equals(normal(expected), normal(actual))) {
                    problems.add(element.where() + ": " + key + " is " + actual + " but template " + template.id()
                            + " v" + template.version() + " says " + expected);
                }
            }
        }
        return problems;
    }

    static List<String> unusedTemplates(List<Template> templates, List<Bound> elements) {
        return templates.stream()
                .filter(t -> elements.stream()
                        .noneMatch(e -> t.id().equals(e.templateId())
                                && Integer.toString(t.version()).equals(e.templateVersion())))
                .map(t -> t.id() + " v" + t.version() + " (" + t.file() + ")")
                .toList();
    }

    static List<String> unboundElements(List<Template> templates, List<Bound> elements) {
        Set<String> templatedBeans = new HashSet<>();
        templates.forEach(t -> templatedBeans.add(t.delegateBean()));
        return elements.stream()
                .filter(e -> e.templateId() == null && templatedBeans.contains(e.delegateBean()))
                .map(e -> e.where() + " calls " + e.delegateBean() + " but names no template")
                .toList();
    }

    /** Boolean attributes are false when absent, so "false" and no attribute are the same setting. */
    private static String normal(String value) {
        return "false".equals(value) ? null : value;
    }

    static List<Template> readTemplates(Path folder) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Template> all = new ArrayList<>();
        for (Path file : ModelsTest.models(folder.toString(), ".json")) {
            for (JsonNode template : json.readTree(file.toFile())) {
                List<String> appliesTo = new ArrayList<>();
                template.path("appliesTo").forEach(type -> appliesTo.add(type.asText()));
                Map<String, String> bindings = new LinkedHashMap<>();
                for (JsonNode property : template.path("properties")) {
                    JsonNode binding = property.path("binding");
                    String key = key(template.path("id").asText(), binding);
                    String value = property.has("value") ? property.get("value").asText() : null;
                    if (bindings.put(key, value) != null) {
                        throw new IllegalStateException(template.path("id").asText() + " binds " + key + " twice");
                    }
                }
                all.add(new Template(
                        template.path("id").asText(),
                        template.path("version").asInt(),
                        file.getFileName().toString(),
                        appliesTo,
                        bindings));
            }
        }
        return all;
    }

    /**
     * One key per thing a binding writes, spelled as {@link #carried} spells it on an element. A
     * binding type this test cannot compare fails loudly rather than passing unchecked.
     */
    private static String key(String templateId, JsonNode binding) {
        String type = binding.path("type").asText();
        return switch (type) {
            case "property" -> "property " + binding.path("name").asText();
            case "camunda:inputParameter" -> "input " + binding.path("name").asText();
            case "camunda:outputParameter" ->
                "output from " + binding.path("source").asText();
            default ->
                throw new IllegalStateException(templateId + ": binding type " + type
                        + " is not compared by ElementTemplatesTest; teach it before using it");
        };
    }

    /** Every service task, and any other element (a gateway with a listener, a call activity...) bound to a template. */
    static List<Bound> boundOrBindable(String file, BpmnModelInstance model) {
        List<Bound> found = new ArrayList<>();
        for (BaseElement element : model.getModelElementsByType(BaseElement.class)) {
            String templateId = element.getAttributeValueNs(CAMUNDA, "modelerTemplate");
            if (!(element instanceof ServiceTask) && templateId == null) {
                continue;
            }
            String expression = element.getAttributeValueNs(CAMUNDA, "delegateExpression");
            found.add(new Bound(
                    file + "#" + element.getId(),
                    types(element),
                    templateId,
                    element.getAttributeValueNs(CAMUNDA, "modelerTemplateVersion"),
                    expression == null ? null : ModelsTest.delegateBean(expression),
                    carried(element)));
        }
        return found;
    }

    /** The element's BPMN type and its supertypes as appliesTo spells them: bpmn:ServiceTask, bpmn:Task, ... */
    private static List<String> types(BaseElement element) {
        List<String> types = new ArrayList<>();
        for (ModelElementType type = element.getElementType(); type != null; type = type.getBaseType()) {
            String name = type.getTypeName();
            types.add("bpmn:" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
        }
        return types;
    }

    /** Every camunda: attribute and extension the element has; anything not comparable is kept as-is. */
    private static Map<String, String> carried(BaseElement element) {
        Map<String, String> carries = new LinkedHashMap<>();
        for (ModelElementType type = element.getElementType(); type != null; type = type.getBaseType()) {
            for (Attribute<?> attribute : type.getAttributes()) {
                String name = attribute.getAttributeName();
                String value = CAMUNDA.equals(attribute.getNamespaceUri()) && !BINDING_MARKS.contains(name)
                        ? element.getAttributeValueNs(CAMUNDA, name)
                        : null;
                if (value != null) {
                    carries.put("property camunda:" + name, value);
                }
            }
        }
        ExtensionElements extensions = element.getExtensionElements();
        if (extensions != null) {
            for (ModelElementInstance extension : extensions.getElements()) {
                if (extension instanceof CamundaInputOutput io) {
                    for (CamundaInputParameter input : io.getCamundaInputParameters()) {
                        carries.put("input " + input.getCamundaName(), input.getTextContent());
                    }
                    for (CamundaOutputParameter output : io.getCamundaOutputParameters()) {
                        carries.put("output from " + output.getTextContent(), output.getCamundaName());
                    }
                } else {
                    // a listener, field, retry cycle...: no template here binds one, so it must not appear
                    carries.put("extension " + extension.getElementType().getTypeName(), "present");
                }
            }
        }
        return carries;
    }

    /**
     * The bean names Signet's own classes declare: components by their name, and every {@code @Bean}
     * method. Read from class metadata, so it needs no running context (ModelsTest checks the same
     * names against the real one).
     */
    static Set<String> declaredBeanNames(String basePackage) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
        SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
        Set<String> names = new HashSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
            names.add(AnnotationBeanNameGenerator.INSTANCE.generateBeanName(candidate, registry));
            if (candidate instanceof AnnotatedBeanDefinition annotated) {
                for (MethodMetadata method : annotated.getMetadata().getAnnotatedMethods(Bean.class.getName())) {
                    MergedAnnotation<Bean> bean = method.getAnnotations().get(Bean.class);
                    String[] declared = bean.getStringArray("name");
                    names.addAll(declared.length == 0 ? List.of(method.getMethodName()) : List.of(declared));
                }
            }
        }
        return names;
    }
}
