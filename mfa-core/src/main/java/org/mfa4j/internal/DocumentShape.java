package org.mfa4j.internal;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.mfa4j.AuthenticatorHistoryEntry;
import org.mfa4j.EnrolmentDeadline;
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
        BOOLEAN("a boolean"), VALUES("an object"), PROVIDERS("an array"),
        /** One object of the field's {@link Field#element} shape. */
        OBJECT("an object"),
        /** An array of objects of the field's {@link Field#element} shape, at most {@link Field#cap}, ids unique. */
        LIST("an array");

        final String expected;

        Kind(String expected) {
            this.expected = expected;
        }
    }

    /**
     * One field: an optional one is left out when its value is an empty {@code Optional} and reads as
     * absent when missing or {@code null}; a required one must be there and not {@code null}. An
     * {@link Kind#OBJECT} or {@link Kind#LIST} field names the shape of its objects ({@code element}; null
     * for the other kinds) and a list its cap.
     */
    record Field<T>(String name, Kind kind, boolean required, Function<T, ?> getter, SerializableString jsonName,
                    DocumentShape<?> element, int cap) {

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
            list("credentials", CREDENTIAL, DocumentJson.MAX_CREDENTIALS, e -> Optional.of(e.getValue().credentials())
                    .filter(c -> !c.isEmpty()))),
            v -> Map.entry((String) v[0], new ProviderRecord((Boolean) v[1], (Instant) v[2], (Instant) v[3],
                    Optional.ofNullable((Instant) v[4]), (Integer) v[5], Optional.ofNullable((Instant) v[6]),
                    (Integer) v[7], map(v[8]), map(v[9]), v[10] == null ? List.of() : list(v[10]))));

    /** An entry of the document's {@code devices}: a remembered device. */
    static final DocumentShape<DeviceRecord> DEVICE = new DocumentShape<>("a device",
            id -> "device '" + DocumentJson.name((String) id) + "'", List.of(
            required("id", Kind.STRING, DeviceRecord::id),
            required("label", Kind.STRING, DeviceRecord::label),
            required("created", Kind.INSTANT, DeviceRecord::created),
            optional("lastSeen", Kind.INSTANT, DeviceRecord::lastSeen),
            required("expires", Kind.INSTANT, DeviceRecord::expires),
            required("factorEpoch", Kind.WHOLE, DeviceRecord::factorEpoch),
            required("hash", Kind.STRING, DeviceRecord::hash)),
            v -> new DeviceRecord((String) v[0], (String) v[1], (Instant) v[2], Optional.ofNullable((Instant) v[3]),
                    (Instant) v[4], (Long) v[5], (String) v[6]));

    /** The document's {@code breakGlass}: the user's outstanding break-glass code. */
    static final DocumentShape<BreakGlassRecord> BREAK_GLASS = new DocumentShape<>("the break-glass code",
            id -> "the break-glass code", List.of(
            required("id", Kind.STRING, BreakGlassRecord::id),
            required("issuedBy", Kind.STRING, BreakGlassRecord::issuedBy),
            required("issued", Kind.INSTANT, BreakGlassRecord::issued),
            required("expires", Kind.INSTANT, BreakGlassRecord::expires),
            required("hash", Kind.STRING, BreakGlassRecord::hash)),
            v -> new BreakGlassRecord((String) v[0], (String) v[1], (Instant) v[2], (Instant) v[3], (String) v[4]));

    /** An entry of the document's {@code history}: a removed factor or credential. */
    static final DocumentShape<HistoryRecord> HISTORY = new DocumentShape<>("a history entry",
            id -> "history entry '" + DocumentJson.name((String) id) + "'", List.of(
            required("id", Kind.STRING, HistoryRecord::id),
            required("provider", Kind.STRING, h -> h.entry().providerId()),
            optional("credential", Kind.STRING, h -> h.entry().credentialId()),
            required("label", Kind.STRING, h -> h.entry().label()),
            required("added", Kind.INSTANT, h -> h.entry().added()),
            optional("lastUsed", Kind.INSTANT, h -> h.entry().lastUsed()),
            required("removed", Kind.INSTANT, h -> h.entry().removed().orElseThrow()),
            required("removedBy", Kind.STRING, h -> h.entry().removedBy().orElseThrow().name())),
            v -> new HistoryRecord((String) v[0], new AuthenticatorHistoryEntry((String) v[1],
                    Optional.ofNullable((String) v[2]), (String) v[3], (Instant) v[4],
                    Optional.ofNullable((Instant) v[5]), Optional.of((Instant) v[6]),
                    Optional.of(HistoryRecord.removedBy((String) v[7])))));

    /** The document's {@code enrolment}: how long the user may put a first setup off. */
    static final DocumentShape<EnrolmentDeadline> ENROLMENT = new DocumentShape<>("the enrolment deadline",
            set -> "the enrolment deadline", List.of(
            required("set", Kind.INSTANT, EnrolmentDeadline::setAt),
            optional("requiredFrom", Kind.INSTANT, EnrolmentDeadline::requiredFrom),
            optional("skipsLeft", Kind.INT, EnrolmentDeadline::skipsLeft)),
            v -> new EnrolmentDeadline(Optional.ofNullable((Instant) v[1]), Optional.ofNullable((Integer) v[2]),
                    (Instant) v[0]));

    static final DocumentShape<UserDocument> DOCUMENT = new DocumentShape<>("the document", DocumentShape::format,
            List.of(
            required("format", Kind.WHOLE, d -> (long) DocumentJson.FORMAT),
            required("providers", Kind.PROVIDERS, UserDocument::providers),
            optional("defaultProvider", Kind.STRING, UserDocument::defaultProvider),
            required("accountFailures", Kind.INT, UserDocument::accountFailures),
            required("factorEpoch", Kind.WHOLE, UserDocument::factorEpoch),
            object("flow", FLOW, UserDocument::flow),
            // Both left out when empty, so documents without them keep the bytes they always had.
            list("devices", DEVICE, DocumentJson.MAX_DEVICES, d -> Optional.of(d.devices()).filter(l -> !l.isEmpty())),
            object("breakGlass", BREAK_GLASS, UserDocument::breakGlass),
            // Left out when empty too: documents of users who never removed a factor or had no deadline set
            // keep their bytes.
            list("history", HISTORY, DocumentJson.MAX_HISTORY, d -> Optional.of(d.history()).filter(l -> !l.isEmpty())),
            object("enrolment", ENROLMENT, UserDocument::enrolment)),
            v -> new UserDocument(map(v[1]), Optional.ofNullable((String) v[2]), (Integer) v[3], (Long) v[4],
                    Optional.ofNullable((FlowState) v[5]), v[6] == null ? List.of() : list(v[6]),
                    Optional.ofNullable((BreakGlassRecord) v[7]), v[8] == null ? List.of() : list(v[8]),
                    Optional.ofNullable((EnrolmentDeadline) v[9])));

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
        return new Field<>(name, kind, true, getter, new SerializedString(name), null, 0);
    }

    private static <T> Field<T> optional(String name, Kind kind, Function<T, Optional<?>> getter) {
        return new Field<>(name, kind, false, getter, new SerializedString(name), null, 0);
    }

    /** An optional field holding one object of {@code element}'s shape. */
    private static <T> Field<T> object(String name, DocumentShape<?> element, Function<T, Optional<?>> getter) {
        return new Field<>(name, Kind.OBJECT, false, getter, new SerializedString(name), element, 0);
    }

    /** An optional field holding at most {@code cap} objects of {@code element}'s shape, with unique first fields. */
    private static <T> Field<T> list(String name, DocumentShape<?> element, int cap, Function<T, Optional<?>> getter) {
        return new Field<>(name, Kind.LIST, false, getter, new SerializedString(name), element, cap);
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
