package org.mfa4j.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.Writer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
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
 *
 * <p>Both directions use Jackson's streaming parser and generator from one shared factory: no tree, no
 * data binding. This codec runs on every verification (read, then compare-and-set), so it builds the
 * records straight from the tokens. Keys may come in any order ({@code jsonb} sorts them), so a refusal is
 * decided only once the whole document is read, checking in a fixed order: text that is not well-formed
 * JSON (or holds a duplicate key) first, then a top level that is not an object, then {@code format}, then
 * the document's fields in the order of the example above, each provider entry's fields likewise.
 */
public final class DocumentJson {

    /** The format this code writes and the highest it reads. */
    public static final int FORMAT = 1;

    private static final long SECONDS_PER_DAY = 86_400;
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: instants whose text is plain digits. */
    private static final long FIRST_FAST_SECOND = -62_167_219_200L;
    private static final long LAST_FAST_SECOND = 253_402_300_799L;
    /** The longest instant {@link #writeInstant} writes: 2026-03-04T05:06:07.123456789Z. */
    private static final int INSTANT_CHARS = 30;

    /**
     * Reads and writes every document. Duplicate keys are caught by this class on the way (cheaper than the
     * parser's own detection, which keeps a set per object); {@link #STRICT} only explains a refusal.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    /** Re-reads a refused document to find the first place where it is not well-formed JSON, if any. */
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private static final SerializableString FORMAT_NAME = new SerializedString("format");
    private static final SerializableString PROVIDERS = new SerializedString("providers");
    private static final SerializableString DEFAULT_PROVIDER = new SerializedString("defaultProvider");
    private static final SerializableString ACCOUNT_FAILURES = new SerializedString("accountFailures");
    private static final SerializableString FACTOR_EPOCH = new SerializedString("factorEpoch");
    private static final SerializableString FLOW = new SerializedString("flow");
    private static final SerializableString ID = new SerializedString("id");
    private static final SerializableString ACTIVE = new SerializedString("active");
    private static final SerializableString CREATED = new SerializedString("created");
    private static final SerializableString UPDATED = new SerializedString("updated");
    private static final SerializableString LAST_USED = new SerializedString("lastUsed");
    private static final SerializableString FAILURES = new SerializedString("failures");
    private static final SerializableString LOCKED_UNTIL = new SerializedString("lockedUntil");
    private static final SerializableString LOCKOUTS = new SerializedString("lockouts");
    private static final SerializableString PROPERTIES = new SerializedString("properties");
    private static final SerializableString CHALLENGE = new SerializedString("challenge");
    private static final SerializableString STARTED = new SerializedString("started");

    private DocumentJson() {
    }

    // ---------------------------------------------------------------------------------------------- writing

    /**
     * The JSON text of {@code doc}.
     *
     * @throws IllegalArgumentException when a property value has a type JSON cannot keep exactly
     */
    public static String encode(UserDocument doc) {
        TextSink out = new TextSink();
        char[] scratch = new char[INSTANT_CHARS];
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName(FORMAT_NAME);
            g.writeNumber(FORMAT);
            g.writeFieldName(PROVIDERS);
            g.writeStartArray();
            for (Map.Entry<String, ProviderRecord> e : doc.providers().entrySet()) {
                writeProvider(g, e.getKey(), e.getValue(), scratch);
            }
            g.writeEndArray();
            if (doc.defaultProvider().isPresent()) {
                g.writeFieldName(DEFAULT_PROVIDER);
                g.writeString(doc.defaultProvider().get());
            }
            g.writeFieldName(ACCOUNT_FAILURES);
            g.writeNumber(doc.accountFailures());
            g.writeFieldName(FACTOR_EPOCH);
            g.writeNumber(doc.factorEpoch());
            if (doc.flow().isPresent()) {
                FlowState f = doc.flow().get();
                g.writeFieldName(FLOW);
                g.writeStartObject();
                g.writeFieldName(ID);
                g.writeString(f.flowId());
                g.writeFieldName(FAILURES);
                g.writeNumber(f.failures());
                g.writeFieldName(STARTED);
                writeInstant(g, f.started(), scratch);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            // Writing to memory does not fail; keep the message free of content anyway.
            throw new IllegalStateException("cannot write an MFA document as JSON (" + e.getClass().getSimpleName()
                    + ")");
        }
        return out.toString();
    }

    private static void writeProvider(JsonGenerator g, String id, ProviderRecord rec, char[] scratch)
            throws IOException {
        g.writeStartObject();
        g.writeFieldName(ID);
        g.writeString(id);
        g.writeFieldName(ACTIVE);
        g.writeBoolean(rec.active());
        g.writeFieldName(CREATED);
        writeInstant(g, rec.created(), scratch);
        g.writeFieldName(UPDATED);
        writeInstant(g, rec.updated(), scratch);
        if (rec.lastUsed().isPresent()) {
            g.writeFieldName(LAST_USED);
            writeInstant(g, rec.lastUsed().get(), scratch);
        }
        g.writeFieldName(FAILURES);
        g.writeNumber(rec.failures());
        if (rec.lockedUntil().isPresent()) {
            g.writeFieldName(LOCKED_UNTIL);
            writeInstant(g, rec.lockedUntil().get(), scratch);
        }
        g.writeFieldName(LOCKOUTS);
        g.writeNumber(rec.lockouts());
        g.writeFieldName(PROPERTIES);
        writeValues(g, id, "properties", rec.properties());
        g.writeFieldName(CHALLENGE);
        writeValues(g, id, "challenge", rec.challenge());
        g.writeEndObject();
    }

    private static void writeValues(JsonGenerator g, String providerId, String where, Map<String, Object> values)
            throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object value = e.getValue();
            if (value instanceof String s) {
                g.writeFieldName(e.getKey());
                g.writeString(s);
            } else if (value instanceof Long l) {
                g.writeFieldName(e.getKey());
                g.writeNumber(l.longValue());
            } else if (value instanceof Integer i) {
                g.writeFieldName(e.getKey());
                g.writeNumber(i.longValue());
            } else if (value instanceof Boolean b) {
                g.writeFieldName(e.getKey());
                g.writeBoolean(b);
            } else if (value instanceof List<?> list && allStrings(list)) {
                g.writeFieldName(e.getKey());
                g.writeStartArray();
                for (Object s : list) {
                    g.writeString((String) s);
                }
                g.writeEndArray();
            } else {
                throw new IllegalArgumentException(where + " '" + e.getKey() + "' of provider '" + providerId
                        + "' has a type JSON cannot keep (" + (value == null ? "null" : value.getClass().getName())
                        + "): use a string, long, boolean or list of strings");
            }
        }
        g.writeEndObject();
    }

    /**
     * Writes {@code t} as {@link Instant#toString()} does. Years 0000 to 9999 are formatted here, which
     * costs a tenth of the formatter; other years go to {@code toString}.
     */
    private static void writeInstant(JsonGenerator g, Instant t, char[] c) throws IOException {
        long seconds = t.getEpochSecond();
        if (seconds < FIRST_FAST_SECOND || seconds > LAST_FAST_SECOND) {
            g.writeString(t.toString());
            return;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int ofDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        put(c, 0, date.getYear(), 4);
        c[4] = '-';
        put(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, ofDay / 3600, 2);
        c[13] = ':';
        put(c, 14, ofDay / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, ofDay % 60, 2);
        int len = 19;
        int nanos = t.getNano();
        if (nanos != 0) {
            c[len++] = '.';
            // As ISO_INSTANT prints: milliseconds, microseconds or nanoseconds, whichever is exact.
            if (nanos % 1_000_000 == 0) {
                put(c, len, nanos / 1_000_000, 3);
                len += 3;
            } else if (nanos % 1000 == 0) {
                put(c, len, nanos / 1000, 6);
                len += 6;
            } else {
                put(c, len, nanos, 9);
                len += 9;
            }
        }
        c[len++] = 'Z';
        g.writeString(c, 0, len);
    }

    /** Writes {@code value} (not negative) as {@code digits} decimal digits, zero-padded, at {@code at}. */
    private static void put(char[] c, int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static boolean allStrings(List<?> list) {
        for (Object o : list) {
            if (!(o instanceof String)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------- reading

    /**
     * Reads a document written by {@link #encode} (this format or an older one).
     *
     * @throws MfaStoreException when the text is not such a document; the message never quotes it
     */
    public static UserDocument decode(String json) {
        Objects.requireNonNull(json, "json");
        MfaStoreException refusal;
        try (JsonParser p = FACTORY.createParser(json)) {
            return new Reader(p).document();
        } catch (MfaStoreException e) {
            refusal = e;
        } catch (DuplicateKey e) {
            refusal = invalid("a key appears twice");
        } catch (IOException e) {
            refusal = notJson(e);
        }
        // A refusal that is not about the text itself yields to a malformation further on: the JSON first.
        wellFormed(json);
        throw refusal;
    }

    /** Throws the refusal for the first place where {@code json} is not well-formed JSON, if there is one. */
    private static void wellFormed(String json) {
        try (JsonParser p = STRICT.createParser(json)) {
            int depth = 0;
            do {
                JsonToken t = p.nextToken();
                if (t == null) {
                    return;
                }
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    // Materialise what a tree would, so its limits (string length, number length) apply.
                    case VALUE_STRING -> p.getText();
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
                    default -> {
                    }
                }
            } while (depth > 0);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    private static MfaStoreException notJson(IOException e) {
        if (e instanceof JsonParseException pe && pe.getLocation() != null) {
            return invalid("it is not well-formed JSON (line " + pe.getLocation().getLineNr() + ", column "
                    + pe.getLocation().getColumnNr() + ")");
        }
        return invalid("it is not well-formed JSON (" + e.getClass().getSimpleName() + ")");
    }

    /** A key seen twice in one object: {@link #wellFormed} then names its place. Carries no stack trace. */
    private static final class DuplicateKey extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private static final DuplicateKey INSTANCE = new DuplicateKey();

        private DuplicateKey() {
            super(null, null, false, false);
        }
    }

    // What a field held, before it is checked.
    private static final int ABSENT = 0;
    private static final int NULL = 1;
    private static final int STRING = 2;
    private static final int BOOLEAN = 3;
    private static final int WHOLE = 4;
    private static final int OTHER = 5; // a fraction, a whole number beyond long, an object or an array

    /**
     * One decoding. Each object is read whole into locals, then checked in the order of the fields in the
     * class comment; sub-objects are checked as they close and keep their first refusal until their turn.
     */
    private static final class Reader {
        private final JsonParser p;
        /** The string or boolean of the last {@link #scalar()}; its long is {@link #whole}. */
        private String text;
        private boolean bool;
        private long whole;
        /** The first refusal inside the last {@link #values} map: which key, and what is wrong with it. */
        private String valuesKey;
        private String valuesProblem;

        Reader(JsonParser p) {
            this.p = p;
        }

        /** Reads the current value's kind (and its string, boolean or long); skips objects and arrays. */
        private int scalar(JsonToken t) throws IOException {
            switch (t) {
                case VALUE_STRING:
                    text = p.getText();
                    return STRING;
                case VALUE_TRUE:
                    bool = true;
                    return BOOLEAN;
                case VALUE_FALSE:
                    bool = false;
                    return BOOLEAN;
                case VALUE_NULL:
                    return NULL;
                case VALUE_NUMBER_INT:
                    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        return OTHER;
                    }
                    whole = p.getLongValue();
                    return WHOLE;
                default:
                    p.skipChildren();
                    return OTHER;
            }
        }

        UserDocument document() throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("the top level is not an object");
            }
            int seen = 0;
            int formatKind = ABSENT;
            long format = 0;
            int providersKind = ABSENT;
            SmallMap<ProviderRecord> providers = null;
            MfaStoreException providersRefused = null;
            int defaultKind = ABSENT;
            String defaultProvider = null;
            int accountFailuresKind = ABSENT;
            long accountFailures = 0;
            int factorEpochKind = ABSENT;
            long factorEpoch = 0;
            int flowKind = ABSENT;
            FlowState flow = null;
            MfaStoreException flowRefused = null;
            List<String> unknown = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "format" -> {
                        seen = once(seen, 1);
                        formatKind = scalar(t);
                        format = whole;
                    }
                    case "providers" -> {
                        seen = once(seen, 2);
                        if (t == JsonToken.START_ARRAY) {
                            providersKind = OTHER;
                            providers = new SmallMap<>(4);
                            providersRefused = providers(providers);
                        } else {
                            providersKind = scalar(t); // and providers stays null: not an array
                        }
                    }
                    case "defaultProvider" -> {
                        seen = once(seen, 4);
                        defaultKind = scalar(t);
                        defaultProvider = text;
                    }
                    case "accountFailures" -> {
                        seen = once(seen, 8);
                        accountFailuresKind = scalar(t);
                        accountFailures = whole;
                    }
                    case "factorEpoch" -> {
                        seen = once(seen, 16);
                        factorEpochKind = scalar(t);
                        factorEpoch = whole;
                    }
                    case "flow" -> {
                        seen = once(seen, 32);
                        if (t == JsonToken.START_OBJECT) {
                            flowKind = OTHER;
                            try {
                                flow = flow();
                            } catch (MfaStoreException e) {
                                flowRefused = e;
                            }
                        } else {
                            flowKind = scalar(t); // and flow stays null: not an object
                        }
                    }
                    default -> {
                        unknown = unknown(unknown, name);
                        p.skipChildren();
                    }
                }
            }

            String where = "the document";
            long f = whole(formatKind, format, "format", where);
            if (f < 1) {
                throw invalid("format " + f + " is not valid");
            }
            if (f > FORMAT) {
                throw new MfaStoreException("a stored MFA document has format " + f + ", written by a newer mfa4j"
                        + " (this one reads up to " + FORMAT + "): upgrade every node before it may change this"
                        + " user");
            }
            onlyKnown(unknown, where);
            required(providersKind, "providers", where);
            if (providers == null) {
                throw invalid("'providers' is not an array");
            }
            if (providersRefused != null) {
                throw providersRefused;
            }
            Optional<String> defaultId = Optional.ofNullable(optionalText(defaultKind, defaultProvider,
                    "defaultProvider", where));
            int failures = toInt(whole(accountFailuresKind, accountFailures, "accountFailures", where),
                    "accountFailures");
            long epoch = whole(factorEpochKind, factorEpoch, "factorEpoch", where);
            if (flowKind != ABSENT && flowKind != NULL && flow == null && flowRefused == null) {
                throw invalid("'flow' is not an object");
            }
            if (flowRefused != null) {
                throw flowRefused;
            }
            try {
                return new UserDocument(providers.freeze(),
                        defaultId, failures, epoch, Optional.ofNullable(flow));
            } catch (IllegalArgumentException e) {
                throw outOfRange();
            }
        }

        /**
         * Reads the entries of {@code providers} up to the end of the array; returns the first refusal (the
         * rest of the array is then only skipped), or null.
         */
        private MfaStoreException providers(Map<String, ProviderRecord> into) throws IOException {
            MfaStoreException refused = null;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (refused != null) {
                    p.skipChildren();
                } else if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    refused = invalid("an entry of 'providers' is not an object");
                } else {
                    try {
                        provider(into);
                    } catch (MfaStoreException e) {
                        refused = e;
                    }
                }
            }
            return refused;
        }

        /** Reads one provider entry (the parser is on its start) whole, then checks it and adds it. */
        private void provider(Map<String, ProviderRecord> into) throws IOException {
            int seen = 0;
            int idKind = ABSENT;
            String id = null;
            int activeKind = ABSENT;
            boolean active = false;
            int createdKind = ABSENT;
            String created = null;
            int updatedKind = ABSENT;
            String updated = null;
            int lastUsedKind = ABSENT;
            String lastUsed = null;
            int failuresKind = ABSENT;
            long failures = 0;
            int lockedUntilKind = ABSENT;
            String lockedUntil = null;
            int lockoutsKind = ABSENT;
            long lockouts = 0;
            int propertiesKind = ABSENT;
            Map<String, Object> properties = null;
            String propertiesKey = null;
            String propertiesProblem = null;
            int challengeKind = ABSENT;
            Map<String, Object> challenge = null;
            String challengeKey = null;
            String challengeProblem = null;
            List<String> unknown = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "id" -> {
                        seen = once(seen, 1);
                        idKind = scalar(t);
                        id = text;
                    }
                    case "active" -> {
                        seen = once(seen, 2);
                        activeKind = scalar(t);
                        active = bool;
                    }
                    case "created" -> {
                        seen = once(seen, 4);
                        createdKind = scalar(t);
                        created = text;
                    }
                    case "updated" -> {
                        seen = once(seen, 8);
                        updatedKind = scalar(t);
                        updated = text;
                    }
                    case "lastUsed" -> {
                        seen = once(seen, 16);
                        lastUsedKind = scalar(t);
                        lastUsed = text;
                    }
                    case "failures" -> {
                        seen = once(seen, 32);
                        failuresKind = scalar(t);
                        failures = whole;
                    }
                    case "lockedUntil" -> {
                        seen = once(seen, 64);
                        lockedUntilKind = scalar(t);
                        lockedUntil = text;
                    }
                    case "lockouts" -> {
                        seen = once(seen, 128);
                        lockoutsKind = scalar(t);
                        lockouts = whole;
                    }
                    case "properties" -> {
                        seen = once(seen, 256);
                        if (t == JsonToken.START_OBJECT) {
                            propertiesKind = OTHER;
                            properties = values();
                            propertiesKey = valuesKey;
                            propertiesProblem = valuesProblem;
                        } else {
                            propertiesKind = scalar(t); // and properties stays null: not an object
                        }
                    }
                    case "challenge" -> {
                        seen = once(seen, 512);
                        if (t == JsonToken.START_OBJECT) {
                            challengeKind = OTHER;
                            challenge = values();
                            challengeKey = valuesKey;
                            challengeProblem = valuesProblem;
                        } else {
                            challengeKind = scalar(t); // and challenge stays null: not an object
                        }
                    }
                    default -> {
                        unknown = unknown(unknown, name);
                        p.skipChildren();
                    }
                }
            }

            String entry = "a provider entry";
            String providerId = text(idKind, id, "id", entry);
            if (into.containsKey(providerId)) {
                throw invalid("provider '" + providerId + "' appears twice");
            }
            String where = "provider '" + providerId + "'";
            onlyKnown(unknown, where);
            required(activeKind, "active", where);
            if (activeKind != BOOLEAN) {
                throw invalid("'active' of " + where + " is not a boolean");
            }
            try {
                Instant createdAt = parseInstant(text(createdKind, created, "created", where));
                Instant updatedAt = parseInstant(text(updatedKind, updated, "updated", where));
                String lastUsedText = optionalText(lastUsedKind, lastUsed, "lastUsed", where);
                Optional<Instant> lastUsedAt = lastUsedText == null ? Optional.empty()
                        : Optional.of(parseInstant(lastUsedText));
                int failureCount = toInt(whole(failuresKind, failures, "failures", where), "failures");
                String lockedText = optionalText(lockedUntilKind, lockedUntil, "lockedUntil", where);
                Optional<Instant> lockedUntilAt = lockedText == null ? Optional.empty()
                        : Optional.of(parseInstant(lockedText));
                int lockoutCount = toInt(whole(lockoutsKind, lockouts, "lockouts", where), "lockouts");
                Map<String, Object> props = checkedValues(propertiesKind, properties, propertiesKey,
                        propertiesProblem, "properties", where);
                Map<String, Object> chall = checkedValues(challengeKind, challenge, challengeKey,
                        challengeProblem, "challenge", where);
                into.put(providerId, new ProviderRecord(active, createdAt, updatedAt, lastUsedAt, failureCount,
                        lockedUntilAt, lockoutCount, props, chall));
            } catch (DateTimeException | IllegalArgumentException e) {
                // Instant.parse and record validation: their messages may quote the value; do not pass them on.
                throw outOfRange();
            }
        }

        private static Map<String, Object> checkedValues(int kind, Map<String, Object> values, String badKey,
                                                         String problem, String field, String provider) {
            String where = field + " of " + provider;
            required(kind, field, provider);
            if (values == null) {
                throw invalid(where + " is not an object");
            }
            if (problem != null) {
                throw invalid("'" + badKey + "' in " + where + problem);
            }
            return values;
        }

        /**
         * Reads a properties or challenge object (the parser is on its start) up to its end. Returns its map,
         * frozen; a value of another type is left in {@link #valuesKey} and {@link #valuesProblem}.
         */
        private Map<String, Object> values() throws IOException {
            valuesKey = null;
            valuesProblem = null;
            SmallMap<Object> values = null;
            String key;
            while ((key = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (valuesProblem != null) {
                    p.skipChildren();
                    continue;
                }
                Object value;
                switch (t) {
                    case VALUE_STRING -> value = p.getText();
                    case VALUE_TRUE -> value = Boolean.TRUE;
                    case VALUE_FALSE -> value = Boolean.FALSE;
                    case VALUE_NUMBER_INT -> {
                        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            valuesKey = key;
                            valuesProblem = " does not fit a long";
                            continue;
                        }
                        value = p.getLongValue(); // boxed as Long, whatever its size
                    }
                    case START_ARRAY -> {
                        value = strings();
                        if (value == null) {
                            valuesKey = key;
                            valuesProblem = " is an array with an element that is not a string";
                            continue;
                        }
                    }
                    default -> {
                        valuesKey = key;
                        valuesProblem = " is a " + (t == JsonToken.VALUE_NULL ? "null"
                                : t == JsonToken.START_OBJECT ? "object" : "number")
                                + ", not a string, whole number, boolean or array of strings";
                        p.skipChildren();
                        continue;
                    }
                }
                if (values == null) {
                    values = new SmallMap<>(8);
                }
                if (values.put(key, value) != null) {
                    throw DuplicateKey.INSTANCE;
                }
            }
            // The records keep a frozen map as it is, without copying it.
            return values == null ? Map.of() : values.freeze();
        }

        /** Reads an array of strings up to its end; null if an element is not a string. */
        private List<String> strings() throws IOException {
            List<String> list = null;
            boolean ok = true;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == JsonToken.VALUE_STRING) {
                    if (ok) {
                        if (list == null) {
                            list = new ArrayList<>();
                        }
                        list.add(p.getText());
                    }
                } else {
                    ok = false;
                    p.skipChildren();
                }
            }
            if (!ok) {
                return null;
            }
            return list == null ? List.of() : List.copyOf(list);
        }

        /** Reads the flow object (the parser is on its start) whole, then checks it. */
        private FlowState flow() throws IOException {
            int seen = 0;
            int idKind = ABSENT;
            String id = null;
            int failuresKind = ABSENT;
            long failures = 0;
            int startedKind = ABSENT;
            String started = null;
            List<String> unknown = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "id" -> {
                        seen = once(seen, 1);
                        idKind = scalar(t);
                        id = text;
                    }
                    case "failures" -> {
                        seen = once(seen, 2);
                        failuresKind = scalar(t);
                        failures = whole;
                    }
                    case "started" -> {
                        seen = once(seen, 4);
                        startedKind = scalar(t);
                        started = text;
                    }
                    default -> {
                        unknown = unknown(unknown, name);
                        p.skipChildren();
                    }
                }
            }
            String where = "the flow";
            onlyKnown(unknown, where);
            String flowId = text(idKind, id, "id", where);
            int failureCount = toInt(whole(failuresKind, failures, "failures", where), "failures");
            try {
                return new FlowState(flowId, failureCount, parseInstant(text(startedKind, started, "started",
                        where)));
            } catch (DateTimeException | IllegalArgumentException e) {
                throw outOfRange();
            }
        }
    }

    /**
     * {@link Instant#parse}, with a quick path for what {@link #writeInstant} writes: four-digit years, every
     * field in its plain range, 'T' and 'Z' in capitals. Anything else (leap seconds, 24:00, offsets, other
     * years, invalid dates) goes to {@code Instant.parse}, which decides.
     *
     * @throws DateTimeException as {@code Instant.parse} does
     */
    private static Instant parseInstant(String s) {
        int len = s.length();
        if (len == 20 || len >= 22 && len <= INSTANT_CHARS) {
            if (s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                    && s.charAt(16) == ':' && s.charAt(len - 1) == 'Z' && (len == 20 || s.charAt(19) == '.')) {
                int year = digits(s, 0, 4);
                int month = digits(s, 5, 7);
                int day = digits(s, 8, 10);
                int hour = digits(s, 11, 13);
                int minute = digits(s, 14, 16);
                int second = digits(s, 17, 19);
                int fraction = len == 20 ? 0 : digits(s, 20, len - 1);
                if (year >= 0 && month >= 1 && month <= 12 && day >= 1
                        && day <= Month.of(month).length(Year.isLeap(year))
                        && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59
                        && fraction >= 0) {
                    long nanos = fraction;
                    for (int digits = len == 20 ? 9 : len - 21; digits < 9; digits++) {
                        nanos *= 10; // as many digits as nanoseconds have
                    }
                    long epochDay = LocalDate.of(year, month, day).toEpochDay();
                    return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second,
                            nanos);
                }
            }
        }
        return Instant.parse(s);
    }

    /** The decimal number in {@code s} from {@code start} to {@code end}, or -1 if a char is not a digit. */
    private static int digits(String s, int start, int end) {
        int value = 0;
        for (int i = start; i < end; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            value = value * 10 + (ch - '0');
        }
        return value;
    }

    /**
     * Collects the generator's output as one {@code String}: the generator hands over its buffer once for a
     * document that fits it, and that becomes the result without another copy.
     */
    private static final class TextSink extends Writer {
        private String first;
        private StringBuilder more;

        @Override
        public void write(char[] c, int off, int len) {
            if (first == null) {
                first = new String(c, off, len);
            } else {
                more().append(c, off, len);
            }
        }

        @Override
        public void write(String str, int off, int len) {
            if (first == null) {
                first = str.substring(off, off + len);
            } else {
                more().append(str, off, off + len);
            }
        }

        @Override
        public void write(int c) {
            write(String.valueOf((char) c), 0, 1);
        }

        private StringBuilder more() {
            if (more == null) {
                more = new StringBuilder(first.length() * 2).append(first);
            }
            return more;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return more != null ? more.toString() : first != null ? first : "";
        }
    }

    private static int once(int seen, int bit) {
        if ((seen & bit) != 0) {
            throw DuplicateKey.INSTANCE;
        }
        return seen | bit;
    }

    private static List<String> unknown(List<String> unknown, String name) {
        List<String> list = unknown == null ? new ArrayList<>(2) : unknown;
        list.add(name);
        return list;
    }

    private static void onlyKnown(List<String> unknown, String where) {
        if (unknown != null) {
            throw invalid(where + " has fields this mfa4j does not know " + new TreeSet<>(unknown)
                    + "; refusing to read it rather than drop them on the next write");
        }
    }

    private static void required(int kind, String field, String where) {
        if (kind == ABSENT || kind == NULL) {
            throw invalid(where + " has no '" + field + "'");
        }
    }

    private static String text(int kind, String value, String field, String where) {
        required(kind, field, where);
        if (kind != STRING) {
            throw invalid("'" + field + "' of " + where + " is not a string");
        }
        return value;
    }

    /** The string, or null when absent or null. */
    private static String optionalText(int kind, String value, String field, String where) {
        if (kind == ABSENT || kind == NULL) {
            return null;
        }
        if (kind != STRING) {
            throw invalid("'" + field + "' of " + where + " is not a string");
        }
        return value;
    }

    private static long whole(int kind, long value, String field, String where) {
        required(kind, field, where);
        if (kind != WHOLE) {
            throw invalid("'" + field + "' of " + where + " is not a whole number");
        }
        return value;
    }

    private static int toInt(long value, String field) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw invalid("'" + field + "' does not fit an int");
        }
        return (int) value;
    }

    private static MfaStoreException outOfRange() {
        return invalid("a value is out of range or not an instant");
    }

    private static MfaStoreException invalid(String why) {
        return new MfaStoreException("a stored MFA document cannot be read: " + why);
    }
}
