package org.mfa4j.internal;

import static org.mfa4j.internal.DocumentJson.MAX_LIST_STRINGS;
import static org.mfa4j.internal.DocumentJson.MAX_PROPERTIES;
import static org.mfa4j.internal.DocumentJson.MAX_PROVIDERS;
import static org.mfa4j.internal.DocumentJson.name;
import static org.mfa4j.internal.DocumentJson.stringProblem;
import static org.mfa4j.internal.DocumentJson.tooMany;
import static org.mfa4j.internal.DocumentJson.unreadable;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.mfa4j.MfaStoreException;
import org.mfa4j.internal.DocumentShape.Field;
import org.mfa4j.internal.DocumentShape.Kind;

/**
 * One reading of a stored document, driven by the {@link DocumentShape} tables. Each object is read whole
 * into one slot per field, then checked field by field in table order: its first field, then unknown
 * fields, then the rest. What is wrong inside a field (a value of another type, a broken entry, a cap) is
 * kept in its slot as a {@link Deferred} refusal until that field's turn, so which refusal a document gets
 * does not depend on the order of its keys. Not thread-safe: one reader per parser.
 */
final class DocumentReader {

    /** A field that is there and {@code null}: it reads as absent. */
    private static final Object NULL = new Object();
    /** At most this many unknown field names are listed in a refusal. */
    private static final int LISTED_NAMES = 8;

    /** A refusal found while reading, thrown when its field is checked; given the field's subject. */
    @FunctionalInterface
    private interface Deferred {
        MfaStoreException refusal(String subject);
    }

    /** What is wrong with a property value, said after its subject. */
    private record Why(String text) {
    }

    private final JsonParser p;

    DocumentReader(JsonParser p) {
        this.p = p;
    }

    /** Reads the object the parser is on (its start) up to its end, then checks it and builds its value. */
    <T> T object(DocumentShape<T> shape) throws IOException {
        List<Field<T>> fields = shape.fields();
        Object[] slots = new Object[fields.size()];
        List<String> unknown = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            int i = shape.indexOf(name);
            if (i < 0) {
                unknown = unknown == null ? new ArrayList<>(2) : unknown;
                unknown.add(name);
                p.skipChildren();
            } else {
                slots[i] = value(fields.get(i), t);
            }
        }
        return checked(shape, slots, unknown);
    }

    private <T> T checked(DocumentShape<T> shape, Object[] slots, List<String> unknown) {
        List<Field<T>> fields = shape.fields();
        Object[] values = new Object[slots.length];
        String where = shape.where();
        for (int i = 0; i < slots.length; i++) {
            Field<T> f = fields.get(i);
            Object v = slots[i];
            if (v instanceof Deferred d) {
                throw d.refusal("'" + f.name() + "' of " + where);
            }
            if (v == null || v == NULL) {
                if (f.required()) {
                    throw unreadable(where + " has no '" + f.name() + "'");
                }
            } else {
                values[i] = v;
            }
            if (i == 0) {
                where = shape.named(v);
                if (unknown != null) {
                    throw unreadable(where + " has fields this mfa4j does not know " + listed(unknown)
                            + "; refusing to read it rather than drop them on the next write");
                }
            }
        }
        try {
            return shape.build().apply(values);
        } catch (IllegalArgumentException e) {
            // The records' own checks (negative counts): their messages may quote a value; do not pass them on.
            throw outOfRange();
        }
    }

    /** The value of field {@code f} whose first token is {@code t}, read up to its end. */
    private Object value(Field<?> f, JsonToken t) throws IOException {
        Kind kind = f.kind();
        if (t == JsonToken.VALUE_NULL) {
            return NULL;
        }
        Object value = switch (kind) {
            case STRING, INSTANT -> t == JsonToken.VALUE_STRING ? string(kind) : null;
            case WHOLE, INT -> t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                    ? whole(kind) : null;
            case BOOLEAN -> t.isBoolean() ? (Object) (t == JsonToken.VALUE_TRUE) : null;
            case VALUES -> t == JsonToken.START_OBJECT ? values() : null;
            case PROVIDERS -> t == JsonToken.START_ARRAY ? providers() : null;
            case OBJECT -> t == JsonToken.START_OBJECT ? nested(f.element()) : null;
            case LIST -> t == JsonToken.START_ARRAY ? list(f) : null;
        };
        if (value == null) {
            p.skipChildren();
            return (Deferred) subject -> unreadable(subject + " is not " + kind.expected);
        }
        return value;
    }

    private Object string(Kind kind) throws IOException {
        String s = p.getText();
        String problem = stringProblem(s);
        if (problem != null) {
            return (Deferred) subject -> unreadable(subject + " is " + problem);
        }
        if (kind == Kind.STRING) {
            return s;
        }
        try {
            return Instants.parse(s);
        } catch (DateTimeException e) {
            return (Deferred) subject -> outOfRange();
        }
    }

    private Object whole(Kind kind) throws IOException {
        long v = p.getLongValue();
        if (kind == Kind.WHOLE) {
            return v;
        }
        if (v != (int) v) {
            return (Deferred) subject -> unreadable(subject + " does not fit an int");
        }
        return (int) v;
    }

    /** One object of {@code shape}, or its refusal. */
    private Object nested(DocumentShape<?> shape) throws IOException {
        try {
            return object(shape);
        } catch (MfaStoreException e) {
            return (Deferred) subject -> e;
        }
    }

    /** The entries of {@code providers} up to the end of the array, or the first refusal among them. */
    private Object providers() throws IOException {
        SmallMap<ProviderRecord> providers = new SmallMap<>(4);
        Object refused = array("providers", DocumentShape.PROVIDER, MAX_PROVIDERS, entry -> {
            if (providers.put(entry.getKey(), entry.getValue()) != null) {
                return subject -> unreadable("provider '" + name(entry.getKey()) + "' appears twice");
            }
            return null;
        });
        return refused != null ? refused : providers.freeze();
    }

    /**
     * A {@link Kind#LIST} field up to the end of its array (a provider's credentials, the devices), or the
     * first refusal among its objects; two with the same first field (their id) are refused.
     */
    @SuppressWarnings("unchecked")
    private <T> Object list(Field<?> f) throws IOException {
        DocumentShape<T> shape = (DocumentShape<T>) f.element();
        Field<T> id = shape.fields().get(0);
        List<T> items = new ArrayList<>(2);
        Object refused = array(f.name(), shape, f.cap(), item -> {
            Object itemId = id.get(item);
            for (T other : items) {
                if (id.get(other).equals(itemId)) {
                    return subject -> unreadable(shape.named(itemId) + " appears twice");
                }
            }
            items.add(item);
            return null;
        });
        return refused != null ? refused : List.copyOf(items);
    }

    /**
     * Reads an array of objects of {@code shape} up to its end, handing each to {@code add} (which answers a
     * refusal, or null); at most {@code cap} of them. Null when all were read, else the first refusal.
     */
    private <T> Deferred array(String field, DocumentShape<T> shape, int cap, Function<T, Deferred> add)
            throws IOException {
        Deferred refused = null;
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (refused == null && t != JsonToken.START_OBJECT) {
                refused = subject -> unreadable("an entry of '" + field + "' is not an object");
            } else if (refused == null && n == cap) {
                refused = subject -> unreadable(subject + tooMany(cap, "entries"));
            }
            if (refused != null) {
                p.skipChildren();
                continue;
            }
            n++;
            try {
                refused = add.apply(object(shape));
            } catch (MfaStoreException e) {
                refused = subject -> e;
            }
        }
        return refused;
    }

    /** A properties or challenge object up to its end: its frozen map, or the first refusal in it. */
    private Object values() throws IOException {
        SmallMap<Object> values = new SmallMap<>(8);
        Deferred refused = null;
        String key;
        while ((key = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if (refused == null) {
                String k = key;
                String keyProblem = stringProblem(key);
                if (values.size() == MAX_PROPERTIES) {
                    refused = subject -> unreadable(subject + tooMany(MAX_PROPERTIES, "entries"));
                } else if (keyProblem != null) {
                    refused = subject -> unreadable("a key in " + subject + " is " + keyProblem);
                } else {
                    Object value = property(t);
                    if (value instanceof Why why) {
                        refused = subject -> unreadable("'" + name(k) + "' in " + subject + why.text());
                    } else {
                        values.put(key, value);
                    }
                }
            }
            p.skipChildren();
        }
        return refused != null ? refused : values.isEmpty() ? Map.of() : values.freeze();
    }

    /** One property value up to its end, or {@link Why} it cannot be one. */
    private Object property(JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> {
                String s = p.getText();
                String problem = stringProblem(s);
                yield problem == null ? s : new Why(" is " + problem);
            }
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? new Why(" does not fit a long") : (Object) p.getLongValue(); // boxed as Long, whatever its size
            case START_ARRAY -> strings();
            default -> {
                p.skipChildren();
                yield new Why(" is " + (t == JsonToken.VALUE_NULL ? "a null" : t == JsonToken.START_OBJECT
                        ? "an object" : "a number") + ", not a string, whole number, boolean or array of strings");
            }
        };
    }

    /** An array of strings up to its end, or {@link Why} it cannot be a property value. */
    private Object strings() throws IOException {
        List<String> list = new ArrayList<>();
        Why why = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (why == null && t != JsonToken.VALUE_STRING) {
                why = new Why(" is an array with an element that is not a string");
            } else if (why == null && list.size() == MAX_LIST_STRINGS) {
                why = new Why(tooMany(MAX_LIST_STRINGS, "strings"));
            } else if (why == null) {
                String s = p.getText();
                String problem = stringProblem(s);
                if (problem == null) {
                    list.add(s);
                } else {
                    why = new Why(" has an element that is " + problem);
                }
            }
            p.skipChildren();
        }
        return why != null ? why : List.copyOf(list);
    }

    /** Unknown field names, sorted, as a message shows them: at most {@value #LISTED_NAMES}. */
    private static String listed(List<String> unknown) {
        List<String> names = new ArrayList<>();
        for (String n : new TreeSet<>(unknown)) {
            names.add(name(n));
        }
        int more = names.size() - LISTED_NAMES;
        return more > 0 ? names.subList(0, LISTED_NAMES) + " and " + more + " more" : names.toString();
    }

    private static MfaStoreException outOfRange() {
        return unreadable("a value is out of range or not an instant");
    }
}
