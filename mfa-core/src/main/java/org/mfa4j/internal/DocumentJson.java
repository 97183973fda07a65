/*
 * Over 400 lines on purpose: the writer, the caps every document keeps (each with its documented constant)
 * and the messages that name a breach without quoting content. The fields themselves are tables in
 * DocumentShape; reading lives in DocumentReader.
 */
package org.mfa4j.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.mfa4j.MfaStoreException;
import org.mfa4j.internal.DocumentShape.Field;

/**
 * The JSON form of a {@link UserDocument}, as the JDBC store keeps it (one document per user, TYPO3's
 * {@code mfa} column). Round trips are exact: {@code decode(encode(d)).equals(d)} for every document.
 *
 * <pre>{@code
 * {"format":1,
 *  "providers":[{"id":"totp","active":true,"created":"2026-03-04T05:06:07Z","updated":"...","lastUsed":"...",
 *                "failures":0,"lockedUntil":"...","lockouts":0,"properties":{...},"challenge":{...}}],
 *  "defaultProvider":"totp","accountFailures":0,"factorEpoch":3,
 *  "flow":{"id":"...","failures":1,"started":"..."},
 *  "devices":[{"id":"...","label":"...","created":"...","lastSeen":"...","expires":"...","factorEpoch":3,
 *              "hash":"..."}],
 *  "breakGlass":{"id":"...","issuedBy":"...","issued":"...","expires":"...","hash":"..."},
 *  "history":[{"id":"...","provider":"u2f","credential":"...","label":"...","added":"...","lastUsed":"...",
 *              "removed":"...","removedBy":"USER"}],
 *  "enrolment":{"set":"...","requiredFrom":"...","skipsLeft":2}}
 * }</pre>
 *
 * <ul>
 *   <li>Providers are an array of entries, each naming its id, so their order survives stores that
 *       reorder object keys (PostgreSQL {@code jsonb} does). Property and challenge maps are objects: they
 *       are read by key, and their order is not kept by every store.</li>
 *   <li>Property values are strings, whole numbers (read back as {@code Long}, whatever their size),
 *       booleans and arrays of strings. Instants are ISO-8601 strings ({@link java.time.Instant#toString()},
 *       read with {@link java.time.Instant#parse}).</li>
 *   <li>Empty optionals are left out; {@code null} reads as absent.</li>
 *   <li>Unknown fields, a higher {@code format}, duplicate keys or provider ids, and values of another type
 *       are refused: a node that does not understand a field must not rewrite the document without it (it
 *       could drop a lock or a replay guard written by a newer mfa4j). The format number rises with every
 *       change an older reader would misread.</li>
 *   <li>Sizes have caps, the same on both ways (see the constants): a document that breaks one is refused
 *       when it is written and when it is read. They bound what one crafted row can cost a node: its text
 *       is measured before anything is parsed, and a map or array stops being collected at its cap.</li>
 * </ul>
 *
 * <p>The fields are listed once, in {@link DocumentShape}; one writer and one reader walk that table.
 * Both use Jackson's streaming generator and parser: no tree, no data binding. Keys may come in any order
 * ({@code jsonb} sorts them), so a refusal is decided only once the whole text is read, in a fixed order:
 * text that is not well-formed JSON (or holds a duplicate key, or text after the document) first, then a
 * top level that is not an object, then {@code format}, then unknown fields, then the fields in the order
 * of the example above; each provider entry and the flow likewise (its first field, unknown fields, the
 * rest).
 *
 * <p>Error messages name fields, keys and positions, never values: documents hold sealed secrets.
 */
public final class DocumentJson {

    /** The format this code writes and the highest it reads. */
    public static final int FORMAT = 1;

    /**
     * The longest document text written, in characters: 64 Ki. A document of two or three factors is about
     * 1 Ki; the cap leaves room for many credentials while keeping a row, and the copy each node remembers
     * of it, small.
     */
    public static final int MAX_DOCUMENT_CHARS = 64 * 1024;
    /**
     * The longest stored text read, in characters: twice {@link #MAX_DOCUMENT_CHARS}, because a database may
     * return more than was written (PostgreSQL's {@code jsonb} puts a space after every colon and comma).
     * Longer text is refused before it is parsed.
     */
    public static final int MAX_STORED_CHARS = 2 * MAX_DOCUMENT_CHARS;
    /** The most provider entries in one document: 32, more than the factors an application offers. */
    public static final int MAX_PROVIDERS = 32;
    /** The most entries in one provider's {@code properties}, and again in its {@code challenge}: 64. */
    public static final int MAX_PROPERTIES = 64;
    /** Credentials of one provider entry (security keys, apps, numbers). */
    public static final int MAX_CREDENTIALS = 16;
    /**
     * Remembered devices of one user: 16. Remembering one more forgets the one least recently seen; a user
     * with more browsers than that verifies on some of them.
     */
    public static final int MAX_DEVICES = 16;
    /**
     * Removed factors and credentials kept in a user's history: the 50 most recently removed. Removing one
     * more forgets the one removed longest ago; active factors are not counted here (the history shows them
     * from their entries). An entry holds ids, a label of at most 64 characters and four instants, so the
     * whole history stays under a third of {@link #MAX_DOCUMENT_CHARS}.
     */
    public static final int MAX_HISTORY = 50;
    /**
     * The longest string anywhere in a document (an id, a key, a value, an element of a list), in
     * characters: 8 Ki, room for a sealed public key or a few hashed codes in one value.
     */
    public static final int MAX_STRING_CHARS = 8 * 1024;
    /** The most strings in one list value: 256 (recovery codes are ten or so). */
    public static final int MAX_LIST_STRINGS = 256;
    /**
     * How deep the parser follows nested arrays and objects: 16. Documents need 5 (a list in a property of
     * an entry in the providers of the document); deeper text is refused as soon as it is met.
     */
    public static final int MAX_DEPTH = 16;

    /**
     * Reads and writes every document. It refuses duplicate keys itself (also in values that are only
     * skipped) and stops at {@link #MAX_DEPTH}; a location never quotes the text.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .build())
            .build();

    private DocumentJson() {
    }

    // ---------------------------------------------------------------------------------------------- writing

    /**
     * The JSON text of {@code doc}.
     *
     * @throws MfaStoreException        when the document breaks a cap or holds a string that is not valid
     *                                  Unicode (no store could keep it exactly); the message never quotes it
     * @throws IllegalArgumentException when a property value has a type JSON cannot keep exactly
     */
    public static String encode(UserDocument doc) {
        Objects.requireNonNull(doc, "doc");
        CappedText out = new CappedText();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, DocumentShape.DOCUMENT, doc);
        } catch (CappedText.Full e) {
            throw unstorable("it is longer than the cap of " + MAX_DOCUMENT_CHARS + " characters");
        } catch (IOException e) {
            // Writing to memory does not fail; keep the message free of content anyway.
            throw new IllegalStateException("cannot write an MFA document as JSON (" + e.getClass().getSimpleName()
                    + ")");
        }
        return out.toString();
    }

    /** Writes {@code value} as an object of {@code shape}. */
    private static <T> void write(JsonGenerator g, DocumentShape<T> shape, T value) throws IOException {
        List<Field<T>> fields = shape.fields();
        String where = shape.where();
        g.writeStartObject();
        for (int i = 0; i < fields.size(); i++) {
            Field<T> f = fields.get(i);
            Object v = f.get(value);
            if (v instanceof Optional<?> o) {
                if (o.isEmpty()) {
                    continue;
                }
                v = o.get();
            }
            g.writeFieldName(f.jsonName());
            switch (f.kind()) {
                case STRING -> writeString(g, (String) v, f.name(), null, where);
                case INSTANT -> g.writeString(v.toString());
                case WHOLE -> g.writeNumber((Long) v);
                case INT -> g.writeNumber((Integer) v);
                case BOOLEAN -> g.writeBoolean((Boolean) v);
                case VALUES -> writeValues(g, (Map<?, ?>) v, f.name(), where);
                case OBJECT -> writeAny(g, f.element(), v);
                case PROVIDERS -> writeProviders(g, (Map<?, ?>) v);
                case LIST -> writeList(g, f, (List<?>) v, where);
            }
            if (i == 0) {
                where = shape.named(v); // as the reader names it: the first field first
            }
        }
        g.writeEndObject();
    }

    @SuppressWarnings("unchecked")
    private static void writeProviders(JsonGenerator g, Map<?, ?> providers) throws IOException {
        if (providers.size() > MAX_PROVIDERS) {
            throw unstorable("'providers' of the document" + tooMany(MAX_PROVIDERS, "entries"));
        }
        g.writeStartArray();
        for (Map.Entry<?, ?> e : providers.entrySet()) {
            write(g, DocumentShape.PROVIDER, (Map.Entry<String, ProviderRecord>) e);
        }
        g.writeEndArray();
    }

    /** Writes the objects of a {@link DocumentShape.Kind#LIST} field, at most its cap. */
    private static void writeList(JsonGenerator g, Field<?> f, List<?> items, String where) throws IOException {
        if (items.size() > f.cap()) {
            throw unstorable("'" + f.name() + "' of " + where + tooMany(f.cap(), "entries"));
        }
        g.writeStartArray();
        for (Object item : items) {
            writeAny(g, f.element(), item);
        }
        g.writeEndArray();
    }

    /** {@link #write} of a value the field's table says is of {@code shape}'s type. */
    @SuppressWarnings("unchecked")
    private static <T> void writeAny(JsonGenerator g, DocumentShape<T> shape, Object value) throws IOException {
        write(g, shape, (T) value);
    }

    /** Writes a properties or challenge map, field {@code field} of the object {@code where} names. */
    private static void writeValues(JsonGenerator g, Map<?, ?> values, String field, String where)
            throws IOException {
        if (values.size() > MAX_PROPERTIES) {
            throw unstorable("'" + field + "' of " + where + tooMany(MAX_PROPERTIES, "entries"));
        }
        g.writeStartObject();
        for (Map.Entry<?, ?> e : values.entrySet()) {
            String key = (String) e.getKey();
            String keyProblem = stringProblem(key);
            if (keyProblem != null) {
                throw unstorable("a key in '" + field + "' of " + where + " is " + keyProblem);
            }
            g.writeFieldName(key);
            Object value = e.getValue();
            if (value instanceof String s) {
                writeString(g, s, field, key, where);
            } else if (value instanceof Long || value instanceof Integer) {
                g.writeNumber(((Number) value).longValue());
            } else if (value instanceof Boolean b) {
                g.writeBoolean(b);
            } else if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
                if (list.size() > MAX_LIST_STRINGS) {
                    throw unstorable(subject(field, key, where) + tooMany(MAX_LIST_STRINGS, "strings"));
                }
                g.writeStartArray();
                for (Object element : list) {
                    String problem = stringProblem((String) element);
                    if (problem != null) {
                        throw unstorable(subject(field, key, where) + " has an element that is " + problem);
                    }
                    g.writeString((String) element);
                }
                g.writeEndArray();
            } else {
                throw new IllegalArgumentException(subject(field, key, where) + " has a type JSON cannot keep ("
                        + (value == null ? "null" : value.getClass().getName())
                        + "): use a string, long, boolean or list of strings");
            }
        }
        g.writeEndObject();
    }

    /** Writes {@code s} if it keeps the string rules: field {@code field}, or {@code key} in it, of {@code where}. */
    private static void writeString(JsonGenerator g, String s, String field, String key, String where)
            throws IOException {
        String problem = stringProblem(s);
        if (problem != null) {
            throw unstorable(subject(field, key, where) + " is " + problem);
        }
        g.writeString(s);
    }

    /** {@code 'field' of where}, or for a property {@code 'key' in 'field' of where}: never a value. */
    private static String subject(String field, String key, String where) {
        String of = "'" + field + "' of " + where;
        return key == null ? of : "'" + name(key) + "' in " + of;
    }

    // ---------------------------------------------------------------------------------------------- reading

    /**
     * Reads a document written by {@link #encode} (this format or an older one).
     *
     * @throws MfaStoreException when the text is not such a document or breaks a cap; the message never
     *                           quotes it
     */
    /** {@link #decode} as a function, for {@link org.mfa4j.store.Document#content}. */
    static final Function<String, UserDocument> DECODER = new Decoder();

    private static final class Decoder implements Function<String, UserDocument> {
        @Override
        public UserDocument apply(String json) {
            return decode(json);
        }
    }

    public static UserDocument decode(String json) {
        Objects.requireNonNull(json, "json");
        if (json.length() > MAX_STORED_CHARS) {
            throw unreadable("it is longer than the cap of " + MAX_STORED_CHARS + " characters");
        }
        try (JsonParser p = FACTORY.createParser(json)) {
            DocumentReader reader = new DocumentReader(p);
            UserDocument doc = null;
            MfaStoreException refusal = null;
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                refusal = unreadable("the top level is not an object");
            } else {
                try {
                    doc = reader.object(DocumentShape.DOCUMENT);
                } catch (MfaStoreException e) {
                    refusal = e;
                }
            }
            // Text after the document is malformed text: that refusal comes first.
            if (p.currentToken() != null && p.nextToken() != null) {
                throw unreadable("there is text after the document (line " + p.currentTokenLocation().getLineNr()
                        + ", column " + p.currentTokenLocation().getColumnNr() + ")");
            }
            if (refusal != null) {
                throw refusal;
            }
            return doc;
        } catch (StreamConstraintsException e) {
            throw unreadable("it is nested deeper than " + MAX_DEPTH + " levels or has a number too long to read");
        } catch (JsonParseException e) {
            throw unreadable("it is not well-formed JSON" + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw unreadable("it is not well-formed JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The counting caps of a document, checked without encoding it (every store gets them, also one that
     * keeps documents as objects): at most {@link #MAX_PROVIDERS} providers, {@link #MAX_PROPERTIES} entries
     * in each one's properties and challenge, {@link #MAX_CREDENTIALS} credentials each, {@link #MAX_DEVICES} devices.
     * The encoder checks the rest.
     *
     * @throws MfaStoreException naming the cap, never the content
     */
    public static void checkCaps(UserDocument doc) {
        if (doc.providers().size() > MAX_PROVIDERS) {
            throw unstorable("the document" + tooMany(MAX_PROVIDERS, "providers"));
        }
        doc.providers().forEach(DocumentJson::checkCaps);
        if (doc.devices().size() > MAX_DEVICES) {
            throw unstorable("the document" + tooMany(MAX_DEVICES, "devices"));
        }
    }

    /** One provider's part of {@link #checkCaps(UserDocument)}, visited without an entry per provider. */
    private static void checkCaps(String providerId, ProviderRecord r) {
        if (r.properties().size() > MAX_PROPERTIES || r.challenge().size() > MAX_PROPERTIES) {
            throw unstorable("provider '" + name(providerId) + "'" + tooMany(MAX_PROPERTIES, "properties"));
        }
        if (r.credentials().size() > MAX_CREDENTIALS) {
            throw unstorable("provider '" + name(providerId) + "'" + tooMany(MAX_CREDENTIALS, "credentials"));
        }
    }

    // ------------------------------------------------------------------------------------ rules and messages

    /**
     * What is wrong with {@code s} as a string of a document, or null: longer than
     * {@link #MAX_STRING_CHARS}, or not valid Unicode (an unpaired surrogate, which UTF-8 cannot encode: a
     * driver would store a {@code ?} in its place, or refuse the row).
     */
    static String stringProblem(String s) {
        int length = s.length();
        if (length > MAX_STRING_CHARS) {
            return "longer than the cap of " + MAX_STRING_CHARS + " characters";
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return "not valid Unicode (it has an unpaired surrogate)";
                }
            }
        }
        return null;
    }

    static String tooMany(int cap, String what) {
        return " has more than " + cap + " " + what + " (the cap)";
    }

    /**
     * A name from a document (a key, a provider id) as a message may show it: at most 64 characters, with
     * control, format and surrogate characters as {@code \}{@code uXXXX}, so a crafted name cannot make a
     * message long or break a log line.
     */
    static String name(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 64) + 8);
        for (int i = 0; i < s.length(); i++) {
            if (i == 64) {
                return b.append('…').toString();
            }
            char c = s.charAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static MfaStoreException unreadable(String why) {
        return new MfaStoreException("a stored MFA document cannot be read: " + why);
    }

    private static MfaStoreException unstorable(String why) {
        return new MfaStoreException("an MFA document cannot be stored: " + why);
    }

    /** Collects the generator's output, up to {@link #MAX_DOCUMENT_CHARS}; one more character is {@link Full}. */
    private static final class CappedText extends Writer {
        private final StringBuilder text = new StringBuilder(1024);

        @Override
        public void write(char[] c, int off, int len) throws Full {
            if (text.length() + len > MAX_DOCUMENT_CHARS) {
                throw new Full();
            }
            text.append(c, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return text.toString();
        }

        /** The text would pass the cap. */
        static final class Full extends IOException {
            private static final long serialVersionUID = 1L;

            Full() {
                super(null, null);
            }
        }
    }
}
