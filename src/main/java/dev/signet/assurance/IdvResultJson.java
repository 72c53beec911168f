package dev.signet.assurance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a kept session result (the shape of a Yoti IDV session object, from either provider): its
 * resources, the tasks done on them and the media items it names. Bounded: a result is walked to a
 * fixed depth and number of nodes, whatever a provider sent.
 */
final class IdvResultJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_NODES = 5_000;
    private static final int MAX_DEPTH = 12;
    private static final int MAX_ITEMS = 50;

    private final JsonNode root;

    private IdvResultJson(JsonNode root) {
        this.root = root;
    }

    static IdvResultJson of(String json) {
        if (json == null) {
            return new IdvResultJson(JSON.createObjectNode());
        }
        try {
            return new IdvResultJson(JSON.readTree(json));
        } catch (IOException unreadable) {
            return new IdvResultJson(JSON.createObjectNode());
        }
    }

    /** The ids of the session's resources (documents, liveness captures), each list of {@code resources}. */
    Set<String> resourceIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> kind : iterable(root.path("resources"))) {
            for (JsonNode resource : kind.getValue()) {
                if (resource.path("id").isTextual()) {
                    ids.add(resource.path("id").asText());
                }
            }
        }
        return ids;
    }

    /** The ids of the tasks done on the session's resources (text extraction), with their types. */
    Map<String, String> doneTasks() {
        Map<String, String> tasks = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> kind : iterable(root.path("resources"))) {
            for (JsonNode resource : kind.getValue()) {
                for (JsonNode task : resource.path("tasks")) {
                    if (task.path("id").isTextual()
                            && "DONE".equals(task.path("state").asText())) {
                        tasks.put(task.path("id").asText(), task.path("type").asText(""));
                    }
                }
            }
        }
        return tasks;
    }

    /** A check of the session as the report shows it. */
    record Check(String type, String state, String recommendation) {}

    List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        for (JsonNode check : root.path("checks")) {
            if (checks.size() < MAX_ITEMS) {
                checks.add(new Check(
                        check.path("type").asText(""),
                        check.path("state").asText(""),
                        check.path("report")
                                .path("recommendation")
                                .path("value")
                                .asText("")));
            }
        }
        return checks;
    }

    /** The identity documents shown: type and issuing country ("PASSPORT GBR"). */
    List<String> documents() {
        List<String> documents = new ArrayList<>();
        for (JsonNode document : root.path("resources").path("id_documents")) {
            if (documents.size() < MAX_ITEMS) {
                documents.add((document.path("document_type").asText("") + " "
                                + document.path("issuing_country").asText(""))
                        .trim());
            }
        }
        return documents;
    }

    /** Every media item the result names ({@code "media": {"id": …}} anywhere in it). */
    Set<String> mediaIds() {
        Set<String> ids = new LinkedHashSet<>();
        Deque<Map.Entry<JsonNode, Integer>> todo = new ArrayDeque<>();
        todo.add(Map.entry(root, 0));
        int visited = 0;
        while (!todo.isEmpty() && visited++ < MAX_NODES) {
            Map.Entry<JsonNode, Integer> next = todo.poll();
            JsonNode node = next.getKey();
            if (node.isObject() && node.path("media").path("id").isTextual()) {
                ids.add(node.path("media").path("id").asText());
            }
            if (next.getValue() < MAX_DEPTH && node.isContainerNode()) {
                node.forEach(child -> todo.add(Map.entry(child, next.getValue() + 1)));
            }
        }
        return ids;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
