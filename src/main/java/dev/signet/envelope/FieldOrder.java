package dev.signet.envelope;

import dev.signet.web.FieldError;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a request's problems in the order of its fields as {@link CreateOptions} declares them
 * (which is the order of design/api.md), list items by index, so a sender reads them top to bottom
 * however they were found. Problems of one field keep the order they were found in.
 */
final class FieldOrder {

    private static final Pattern SEGMENT = Pattern.compile("([a-z_]+)|\\[(\\d+)]");

    private FieldOrder() {}

    static void sort(List<FieldError> errors) {
        sort(errors, CreateOptions.class);
    }

    /** @param root the record whose fields the paths name */
    static void sort(List<FieldError> errors, Class<? extends Record> root) {
        Map<String, List<Integer>> keys = new HashMap<>();
        errors.sort(Comparator.comparing(
                (FieldError e) -> keys.computeIfAbsent(e.field(), f -> of(f, root)), FieldOrder::compare));
    }

    /** A field's place: the position of each component along its path, list indexes as they are. */
    private static List<Integer> of(String field, Class<?> root) {
        List<Integer> order = new ArrayList<>();
        Type type = root;
        Matcher m = SEGMENT.matcher(field);
        while (m.find()) {
            if (m.group(2) != null) {
                order.add(Integer.parseInt(m.group(2)));
                type = type instanceof ParameterizedType list ? list.getActualTypeArguments()[0] : null;
                continue;
            }
            RecordComponent[] components =
                    type instanceof Class<?> c && c.isRecord() ? c.getRecordComponents() : new RecordComponent[0];
            int i = 0;
            while (i < components.length
                    && !Rules.snake(components[i].getName()).equals(m.group(1))) {
                i++;
            }
            order.add(i < components.length ? i : Integer.MAX_VALUE);
            type = i < components.length ? components[i].getGenericType() : null;
        }
        return order;
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        // A list's items come before what is said of the list as a whole, as they are read first.
        return Integer.compare(b.size(), a.size());
    }
}
