package org.mfa4j.internal;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.mfa4j.MfaStoreException;

/**
 * One kind of JSON object in a stored document: its fields in the order they are written and checked,
 * how to read each from the value and how to build the value from what was read. {@link DocumentJson}'s
 * writer and {@link DocumentReader} walk these tables; a new field is one line here (and a new
 * {@link DocumentJson#FORMAT} if an older reader would misread it).
 *
 * @param where  what messages call an object of this kind before its first field is known
 * @param namer  checks the first field's value and returns what messages call the object from then on
 * @param fields the fields; the first is required and names the object
 * @param build  the value from the fields' values (in field order; null for an absent optional field)
 * @param <T>    the value
 */
record DocumentShape<T>(String where, Function<Object, String> namer, List<Field<T>> fields,
                        Function<Object[], T> build) {

    /** What a field holds, and what a message says it should be when it holds something else. */
    enum Kind {
        STRING("a string"), INSTANT("a string"), WHOLE("a whole number"), INT("a whole number"),
        BOOLEAN("a boolean"), VALUES("an object"), PROVIDERS("an array"), FLOW("an object"),
        CREDENTIALS("an array");

        final String expected;

        Kind(String expected) {
            this.expected = expected;
        }
    }

    /**
     * One field: an optional one is left out when its value is an empty {@code Optional} and reads as
     * absent when missing or {@code null}; a required one must be there and not {@code null}.
     */
    record Field<T>(String name, Kind kind, boolean required, Function<T, ?> getter, SerializableString jsonName) {

        Object get(T value) {
            return getter.apply(value);
        }
    }

    static final DocumentShape<FlowState> FLOW = new DocumentShape<>("the flow", id -> "the flow", List.of(
            required("id", Kind.STRING, FlowState::flowId),
            required("failures", Kind.INT, FlowState::failures),
            required("started", Kind.INSTANT, FlowState::started)),
            v -> new FlowState((String) v[0], (Integer) v[1], (Instant) v[2]));

    /** An entry of a provider's {@code credentials}. */
    static final DocumentShape<CredentialRecord> CREDENTIAL = new DocumentShape<>("a credential",
            id -> "credential '" + DocumentJson.name((String) id) + "'", List.of(
            required("id", Kind.STRING, CredentialRecord::id),
            required("label", Kind.STRING, CredentialRecord::label),
            required("created", Kind.INSTANT, CredentialRecord::created),
            optional("lastUsed", Kind.INSTANT, CredentialRecord::lastUsed),
            required("properties", Kind.VALUES, CredentialRecord::properties)),
            v -> new CredentialRecord((String) v[0], (String) v[1], (Instant) v[2], Optional.ofNullable((Instant) v[3]),
                    map(v[4])));

    /** An entry of {@code providers}: the provider id (the document's map key) and its record. */
    static final DocumentShape<Map.Entry<String, ProviderRecord>> PROVIDER = new DocumentShape<>("a provider entry",
            id -> "provider '" + DocumentJson.name((String) id) + "'", List.of(
            required("id", Kind.STRING, Map.Entry::getKey),
            required("active", Kind.BOOLEAN, e -> e.getValue().active()),
            required("created", Kind.INSTANT, e -> e.getValue().created()),
            required("updated", Kind.INSTANT, e -> e.getValue().updated()),
            optional("lastUsed", Kind.INSTANT, e -> e.getValue().lastUsed()),
            required("failures", Kind.INT, e -> e.getValue().failures()),
            optional("lockedUntil", Kind.INSTANT, e -> e.getValue().lockedUntil()),
            required("lockouts", Kind.INT, e -> e.getValue().lockouts()),
            required("properties", Kind.VALUES, e -> e.getValue().properties()),
            required("challenge", Kind.VALUES, e -> e.getValue().challenge()),
            // Left out when empty, so entries without credentials keep the bytes format 1 always had.
            optional("credentials", Kind.CREDENTIALS, e -> Optional.of(e.getValue().credentials())
                    .filter(c -> !c.isEmpty()))),
            v -> Map.entry((String) v[0], new ProviderRecord((Boolean) v[1], (Instant) v[2], (Instant) v[3],
                    Optional.ofNullable((Instant) v[4]), (Integer) v[5], Optional.ofNullable((Instant) v[6]),
                    (Integer) v[7], map(v[8]), map(v[9]), v[10] == null ? List.of() : list(v[10]))));

    static final DocumentShape<UserDocument> DOCUMENT = new DocumentShape<>("the document", DocumentShape::format,
            List.of(
            required("format", Kind.WHOLE, d -> (long) DocumentJson.FORMAT),
            required("providers", Kind.PROVIDERS, UserDocument::providers),
            optional("defaultProvider", Kind.STRING, UserDocument::defaultProvider),
            required("accountFailures", Kind.INT, UserDocument::accountFailures),
            required("factorEpoch", Kind.WHOLE, UserDocument::factorEpoch),
            optional("flow", Kind.FLOW, UserDocument::flow)),
            v -> new UserDocument(map(v[1]), Optional.ofNullable((String) v[2]), (Integer) v[3], (Long) v[4],
                    Optional.ofNullable((FlowState) v[5])));

    /** The index of the field called {@code name}, or -1. */
    int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** What messages call the object whose first field holds {@code first}; refuses a first field that is wrong. */
    String named(Object first) {
        return namer.apply(first);
    }

    /** The document's name, once its format is one this code reads. */
    private static String format(Object format) {
        long f = (Long) format;
        if (f < 1) {
            throw DocumentJson.unreadable("format " + f + " is not valid");
        }
        if (f > DocumentJson.FORMAT) {
            throw new MfaStoreException("a stored MFA document has format " + f + ", written by a newer mfa4j (this"
                    + " one reads up to " + DocumentJson.FORMAT + "): upgrade every node before it may change this user");
        }
        return "the document";
    }

    private static <T> Field<T> required(String name, Kind kind, Function<T, ?> getter) {
        return new Field<>(name, kind, true, getter, new SerializedString(name));
    }

    private static <T> Field<T> optional(String name, Kind kind, Function<T, Optional<?>> getter) {
        return new Field<>(name, kind, false, getter, new SerializedString(name));
    }

    @SuppressWarnings("unchecked")
    private static <V> List<V> list(Object list) {
        return (List<V>) list;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> map(Object map) {
        return (Map<String, V>) map;
    }
}
