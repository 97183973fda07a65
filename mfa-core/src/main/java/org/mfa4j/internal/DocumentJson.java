package org.mfa4j.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mfa4j.MfaStoreException;
import org.mfa4j.spi.FlowState;
import org.mfa4j.spi.ProviderRecord;
import org.mfa4j.spi.UserDocument;

/**
 * The JSON form of a {@link UserDocument}, as the JDBC store keeps it (one document per user, TYPO3's
 * {@code mfa} column). Round trips are exact: {@code decode(encode(d)).equals(d)} for every document.
 *
 * <pre>{@code
 * {"format":1,
 *  "providers":[{"id":"totp","active":true,"created":"2026-03-04T05:06:07Z","updated":"...","lastUsed":"...",
 *                "failures":0,"lockedUntil":"...","lockouts":0,"properties":{...},"challenge":{...}}],
 *  "defaultProvider":"totp","accountFailures":0,"factorEpoch":3,
 *  "flow":{"id":"...","failures":1,"started":"..."}}
 * }</pre>
 *
 * <ul>
 *   <li>Providers are an array of entries, each naming its id, so their order survives stores that
 *       reorder object keys (PostgreSQL {@code jsonb} does). Property and challenge maps are objects: they
 *       are read by key, and their order is not kept by every store.</li>
 *   <li>Property values are strings, whole numbers (read back as {@code Long}, whatever their size),
 *       booleans and arrays of strings. Instants are ISO-8601 strings ({@link Instant#toString()}).</li>
 *   <li>Empty optionals are left out; {@code null} reads as absent.</li>
 *   <li>Unknown fields, a higher {@code format}, duplicate keys or provider ids, and values of another type
 *       are refused: a node that does not understand a field must not rewrite the document without it (it
 *       could drop a lock or a replay guard written by a newer mfa4j). The format number rises with every
 *       change an older reader would misread.</li>
 * </ul>
 *
 * <p>Error messages name fields and positions, never values: documents hold sealed secrets.
 */
public final class DocumentJson {

    /** The format this code writes and the highest it reads. */
    public static final int FORMAT = 1;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Set<String> DOCUMENT_FIELDS = Set.of("format", "providers", "defaultProvider",
            "accountFailures", "factorEpoch", "flow");
    private static final Set<String> PROVIDER_FIELDS = Set.of("id", "active", "created", "updated", "lastUsed",
            "failures", "lockedUntil", "lockouts", "properties", "challenge");
    private static final Set<String> FLOW_FIELDS = Set.of("id", "failures", "started");

    private DocumentJson() {
    }

    /**
     * The JSON text of {@code doc}.
     *
     * @throws IllegalArgumentException when a property value has a type JSON cannot keep exactly
     */
    public static String encode(UserDocument doc) {
        ObjectNode root = NODES.objectNode();
        root.put("format", FORMAT);
        ArrayNode providers = root.putArray("providers");
        doc.providers().forEach((id, rec) -> providers.add(provider(id, rec)));
        doc.defaultProvider().ifPresent(p -> root.put("defaultProvider", p));
        root.put("accountFailures", doc.accountFailures());
        root.put("factorEpoch", doc.factorEpoch());
        doc.flow().ifPresent(f -> {
            ObjectNode flow = root.putObject("flow");
            flow.put("id", f.flowId());
            flow.put("failures", f.failures());
            flow.put("started", f.started().toString());
        });
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serialises; keep the message free of content anyway.
            throw new IllegalStateException("cannot write an MFA document as JSON (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    private static ObjectNode provider(String id, ProviderRecord rec) {
        ObjectNode n = NODES.objectNode();
        n.put("id", id);
        n.put("active", rec.active());
        n.put("created", rec.created().toString());
        n.put("updated", rec.updated().toString());
        rec.lastUsed().ifPresent(t -> n.put("lastUsed", t.toString()));
        n.put("failures", rec.failures());
        rec.lockedUntil().ifPresent(t -> n.put("lockedUntil", t.toString()));
        n.put("lockouts", rec.lockouts());
        n.set("properties", properties(id, "properties", rec.properties()));
        n.set("challenge", properties(id, "challenge", rec.challenge()));
        return n;
    }

    private static ObjectNode properties(String providerId, String where, Map<String, Object> values) {
        ObjectNode n = NODES.objectNode();
        values.forEach((key, value) -> {
            if (value instanceof String s) {
                n.put(key, s);
            } else if (value instanceof Long l) {
                n.put(key, l);
            } else if (value instanceof Integer i) {
                n.put(key, i.longValue());
            } else if (value instanceof Boolean b) {
                n.put(key, b);
            } else if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
                ArrayNode a = n.putArray(key);
                list.forEach(s -> a.add((String) s));
            } else {
                throw new IllegalArgumentException(where + " '" + key + "' of provider '" + providerId
                        + "' has a type JSON cannot keep (" + (value == null ? "null" : value.getClass().getName())
                        + "): use a string, long, boolean or list of strings");
            }
        });
        return n;
    }

    /**
     * Reads a document written by {@link #encode} (this format or an older one).
     *
     * @throws MfaStoreException when the text is not such a document; the message never quotes it
     */
    public static UserDocument decode(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonParseException e) {
            throw invalid("it is not well-formed JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (JsonProcessingException e) {
            throw invalid("it is not well-formed JSON (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null || !root.isObject()) {
            throw invalid("the top level is not an object");
        }
        try {
            return document(root);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // Record validation and Instant.parse: their messages may quote the value, so do not pass them on.
            throw invalid("a value is out of range or not an instant");
        }
    }

    private static UserDocument document(JsonNode root) {
        long format = whole(root, "format", "the document");
        if (format < 1) {
            throw invalid("format " + format + " is not valid");
        }
        if (format > FORMAT) {
            throw new MfaStoreException("a stored MFA document has format " + format + ", written by a newer mfa4j"
                    + " (this one reads up to " + FORMAT + "): upgrade every node before it may change this user");
        }
        onlyKnown(root, DOCUMENT_FIELDS, "the document");
        JsonNode providersNode = required(root, "providers", "the document");
        if (!providersNode.isArray()) {
            throw invalid("'providers' is not an array");
        }
        Map<String, ProviderRecord> providers = new LinkedHashMap<>();
        for (JsonNode p : providersNode) {
            if (!p.isObject()) {
                throw invalid("an entry of 'providers' is not an object");
            }
            String id = text(p, "id", "a provider entry");
            if (providers.containsKey(id)) {
                throw invalid("provider '" + id + "' appears twice");
            }
            providers.put(id, provider(p, id));
        }
        Optional<String> defaultProvider = optionalText(root, "defaultProvider", "the document");
        int accountFailures = toInt(whole(root, "accountFailures", "the document"), "accountFailures");
        long factorEpoch = whole(root, "factorEpoch", "the document");
        Optional<FlowState> flow = optional(root, "flow").map(f -> {
            if (!f.isObject()) {
                throw invalid("'flow' is not an object");
            }
            onlyKnown(f, FLOW_FIELDS, "the flow");
            return new FlowState(text(f, "id", "the flow"), toInt(whole(f, "failures", "the flow"), "failures"),
                    Instant.parse(text(f, "started", "the flow")));
        });
        return new UserDocument(providers, defaultProvider, accountFailures, factorEpoch, flow);
    }

    private static ProviderRecord provider(JsonNode p, String id) {
        String where = "provider '" + id + "'";
        onlyKnown(p, PROVIDER_FIELDS, where);
        JsonNode active = required(p, "active", where);
        if (!active.isBoolean()) {
            throw invalid("'active' of " + where + " is not a boolean");
        }
        return new ProviderRecord(active.booleanValue(),
                Instant.parse(text(p, "created", where)),
                Instant.parse(text(p, "updated", where)),
                optionalText(p, "lastUsed", where).map(Instant::parse),
                toInt(whole(p, "failures", where), "failures"),
                optionalText(p, "lockedUntil", where).map(Instant::parse),
                toInt(whole(p, "lockouts", where), "lockouts"),
                values(required(p, "properties", where), "properties of " + where),
                values(required(p, "challenge", where), "challenge of " + where));
    }

    private static Map<String, Object> values(JsonNode node, String where) {
        if (!node.isObject()) {
            throw invalid(where + " is not an object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            values.put(e.getKey(), value(e.getValue(), "'" + e.getKey() + "' in " + where));
        }
        return values;
    }

    private static Object value(JsonNode v, String where) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            if (!v.canConvertToLong()) {
                throw invalid(where + " does not fit a long");
            }
            return v.longValue(); // Jackson reads small numbers as int: properties keep longs
        }
        if (v.isArray()) {
            List<String> list = new ArrayList<>(v.size());
            for (JsonNode item : v) {
                if (!item.isTextual()) {
                    throw invalid(where + " is an array with an element that is not a string");
                }
                list.add(item.textValue());
            }
            return List.copyOf(list);
        }
        throw invalid(where + " is a " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                + ", not a string, whole number, boolean or array of strings");
    }

    private static void onlyKnown(JsonNode node, Set<String> known, String where) {
        Set<String> unknown = new HashSet<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw invalid(where + " has fields this mfa4j does not know " + new java.util.TreeSet<>(unknown)
                    + "; refusing to read it rather than drop them on the next write");
        }
    }

    private static JsonNode required(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw invalid(where + " has no '" + field + "'");
        }
        return v;
    }

    private static Optional<JsonNode> optional(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = required(node, field, where);
        if (!v.isTextual()) {
            throw invalid("'" + field + "' of " + where + " is not a string");
        }
        return v.textValue();
    }

    private static Optional<String> optionalText(JsonNode node, String field, String where) {
        return optional(node, field).map(v -> {
            if (!v.isTextual()) {
                throw invalid("'" + field + "' of " + where + " is not a string");
            }
            return v.textValue();
        });
    }

    private static long whole(JsonNode node, String field, String where) {
        JsonNode v = required(node, field, where);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw invalid("'" + field + "' of " + where + " is not a whole number");
        }
        return v.longValue();
    }

    private static int toInt(long value, String field) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw invalid("'" + field + "' does not fit an int");
        }
        return (int) value;
    }

    private static MfaStoreException invalid(String why) {
        return new MfaStoreException("a stored MFA document cannot be read: " + why);
    }
}
