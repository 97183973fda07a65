package org.mfa4j.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * JSON text as a value (maps with sorted keys, lists, strings, numbers, booleans, null), so two texts of one
 * document compare equal however a store formats them. On jackson-core, which mfa-core needs at runtime anyway.
 */
final class JsonValues {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonValues() {
    }

    /**
     * The stored entry of provider {@code id} in a document's text (its {@code properties}, {@code challenge}
     * and the core's fields), if the document has one.
     */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> entry(String documentJson, String id) {
        Map<String, Object> doc = (Map<String, Object>) parse(documentJson);
        for (Object e : (List<Object>) doc.get("providers")) {
            Map<String, Object> entry = (Map<String, Object>) e;
            if (id.equals(entry.get("id"))) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    static Object parse(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            p.nextToken();
            return value(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new TreeMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, value(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDecimalValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return "null";
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + t);
        }
    }
}
