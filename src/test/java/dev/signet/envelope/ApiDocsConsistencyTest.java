package dev.signet.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.signet.SignetIntegrationTest;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The API description and the code cannot drift apart: every /v2 route Spring MVC serves is
 * described with its method and nothing else is, and the create request's options schema has
 * exactly the fields the typed records bind, at every depth (issue 14, point 7).
 */
class ApiDocsConsistencyTest extends SignetIntegrationTest {

    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE =
            new PropertyNamingStrategies.SnakeCaseStrategy();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mvc;

    @Test
    void everyV2RouteIsDescribedAndNothingElse() {
        Set<String> served = new TreeSet<>();
        mvc.getHandlerMethods()
                .keySet()
                .forEach(info -> info.getPatternValues().stream()
                        .filter(path -> path.startsWith("/v2/"))
                        .forEach(path -> {
                            assertThat(info.getMethodsCondition().getMethods())
                                    .as("%s declares its methods", path)
                                    .isNotEmpty();
                            info.getMethodsCondition().getMethods().forEach(m -> served.add(m.name() + " " + path));
                        }));
        Set<String> described = new TreeSet<>();
        docs().path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                    if (METHODS.contains(method)) {
                        described.add(
                                RequestMethod.valueOf(method.toUpperCase()).name() + " " + path.getKey());
                    }
                }));

        assertThat(served).as("Spring MVC's /v2 routes").contains("POST /v2/envelopes", "GET /v2/signing/{token}");
        assertThat(described).as("described /v2 routes").isEqualTo(served);
    }

    @Test
    void theCreateOptionsSchemaHasExactlyTheFieldsOfTheTypedRecords() {
        JsonNode docs = docs();
        JsonNode parts =
                resolve(docs, docs.at("/paths/~1v2~1envelopes/post/requestBody/content/multipart~1form-data/schema"));
        int compared = sameFields(docs, CreateOptions.class, resolve(docs, parts.at("/properties/options")), "options");

        assertThat(compared).as("records compared").isGreaterThanOrEqualTo(10);
    }

    /** Compares a record with its schema and, depth first, each record (or list of records) it holds. */
    private int sameFields(JsonNode docs, Class<?> record, JsonNode schema, String where) {
        Set<String> fields = Arrays.stream(record.getRecordComponents())
                .map(c -> SNAKE.translate(c.getName()))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> properties = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        assertThat(properties)
                .as("properties of %s (%s)", where, record.getSimpleName())
                .isEqualTo(fields);
        int compared = 1;
        for (RecordComponent component : record.getRecordComponents()) {
            String name = SNAKE.translate(component.getName());
            JsonNode property = schema.path("properties").path(name);
            Type type = component.getGenericType();
            if (type instanceof Class<?> c && c.isRecord()) {
                compared += sameFields(docs, c, resolve(docs, property), where + "." + name);
            } else if (type instanceof ParameterizedType list
                    && list.getRawType() == java.util.List.class
                    && list.getActualTypeArguments()[0] instanceof Class<?> item
                    && item.isRecord()) {
                assertThat(property.path("type").asText())
                        .as("%s.%s", where, name)
                        .isEqualTo("array");
                compared += sameFields(docs, item, resolve(docs, property.path("items")), where + "." + name + "[]");
            }
        }
        return compared;
    }

    private static JsonNode resolve(JsonNode docs, JsonNode schema) {
        String ref = schema.path("$ref").asText();
        if (ref.isEmpty()) {
            return schema;
        }
        assertThat(ref).startsWith("#/components/schemas/");
        JsonNode target = docs.at("/components/schemas/" + ref.substring("#/components/schemas/".length()));
        assertThat(target.isMissingNode()).as(ref).isFalse();
        return target;
    }

    private JsonNode docs() {
        return api.get("/v3/api-docs", null).json();
    }
}
