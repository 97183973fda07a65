package org.mfa4j.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mfa4j.EnrolmentDeadline;
import org.mfa4j.store.Document;

/**
 * Everything mfa4j keeps about one user (TYPO3's {@code mfa} column): the entries keyed by provider id and
 * the core's account-wide state. Immutable; stores keep it whole under one version.
 *
 * @param providers       entries by provider id, in insertion order
 * @param defaultProvider the provider the login page offers first
 * @param accountFailures consecutive failures across all providers (the account-wide ceiling)
 * @param factorEpoch     increases on every change of the user's factors; proofs name it
 * @param flow            the current login flow, if one is in progress
 * @param devices         the user's remembered devices, in the order they were remembered
 * @param breakGlass      the break-glass code an administrator issued, until it is used or replaced
 * @param history         the removed factors and credentials, oldest first, at most
 *                        {@link DocumentJson#MAX_HISTORY} ({@link AuthenticatorHistory})
 * @param enrolment       how long the user may put off a first setup, as an administrator set it
 */
public record UserDocument(Map<String, ProviderRecord> providers, Optional<String> defaultProvider,
                           int accountFailures, long factorEpoch, Optional<FlowState> flow,
                           List<DeviceRecord> devices, Optional<BreakGlassRecord> breakGlass,
                           List<HistoryRecord> history, Optional<EnrolmentDeadline> enrolment)
        implements Document.Content {

    private static final UserDocument EMPTY = new UserDocument(Map.of(), Optional.empty(), 0, 0, Optional.empty(),
            List.of(), Optional.empty(), List.of(), Optional.empty());

    public UserDocument {
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(defaultProvider, "defaultProvider");
        Objects.requireNonNull(flow, "flow");
        devices = List.copyOf(devices);
        Objects.requireNonNull(breakGlass, "breakGlass");
        history = List.copyOf(history);
        Objects.requireNonNull(enrolment, "enrolment");
        if (accountFailures < 0 || factorEpoch < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
        providers = SmallMap.frozenCopyOf(providers);
    }

    /** The engine's form of a stored document (decoded once per {@link Document} object). */
    public static UserDocument of(Document stored) {
        return stored.content(UserDocument.class, DocumentJson.DECODER);
    }

    /** This state as a document for the store, written at {@code writtenAt} by the engine's clock. */
    public Document toDocument(Instant writtenAt) {
        return Document.of(this, writtenAt);
    }

    /** The document of a user mfa4j knows nothing about. */
    public static UserDocument empty() {
        return EMPTY;
    }

    public Optional<ProviderRecord> provider(String providerId) {
        return Optional.ofNullable(providers.get(providerId));
    }

    public UserDocument withProvider(String providerId, ProviderRecord record) {
        SmallMap<ProviderRecord> next = new SmallMap<>(providers, 1);
        if (record == null) {
            next.remove(providerId);
        } else {
            next.put(providerId, record);
        }
        return new UserDocument(next.freeze(), defaultProvider, accountFailures, factorEpoch, flow, devices,
                breakGlass, history, enrolment);
    }

    public UserDocument withDefaultProvider(Optional<String> defaultProvider) {
        return new UserDocument(providers, defaultProvider, accountFailures, factorEpoch, flow, devices, breakGlass,
                history, enrolment);
    }

    public UserDocument withAccountFailures(int accountFailures) {
        return new UserDocument(providers, defaultProvider, accountFailures, factorEpoch, flow, devices, breakGlass,
                history, enrolment);
    }

    public UserDocument withFactorEpoch(long factorEpoch) {
        return new UserDocument(providers, defaultProvider, accountFailures, factorEpoch, flow, devices, breakGlass,
                history, enrolment);
    }

    public UserDocument withFlow(Optional<FlowState> flow) {
        return new UserDocument(providers, defaultProvider, accountFailures, factorEpoch, flow, devices, breakGlass,
                history, enrolment);
    }

    public UserDocument withDevices(List<DeviceRecord> devices) {
        return new UserDocument(providers, defaultProvider, accountFailures, factorEpoch, flow, devices, breakGlass,
                history, enrolment);
    }

    public UserDocument withBreakGlass(Optional<BreakGlassRecord> breakGlass) {
        return new UserDocument(providers, defaultProvider, accountFailures, factorEpoch, flow, devices, breakGlass,
                history, enrolment);
    }

    public UserDocument withHistory(List<HistoryRecord> history) {
        return new UserDocument(providers, defaultProvider, accountFailures, factorEpoch, flow, devices, breakGlass,
                history, enrolment);
    }

    public UserDocument withEnrolment(Optional<EnrolmentDeadline> enrolment) {
        return new UserDocument(providers, defaultProvider, accountFailures, factorEpoch, flow, devices, breakGlass,
                history, enrolment);
    }

    @Override
    public String toJson() {
        return DocumentJson.encode(this);
    }

    @Override
    public String toString() {
        return "UserDocument[providers=" + providers + ", defaultProvider=" + defaultProvider.orElse("-")
                + ", accountFailures=" + accountFailures + ", factorEpoch=" + factorEpoch + ", flow="
                + flow.map(f -> "failures=" + f.failures()).orElse("-") + ", devices=" + devices.size() + ", breakGlass="
                + breakGlass.map(BreakGlassRecord::id).orElse("-") + ", history=" + history.size() + ", enrolment="
                + enrolment.map(EnrolmentDeadline::toString).orElse("-") + "]";
    }

    /**
     * The record's equality, with the fields that change on every sign-in (the flow, the counts) compared
     * before the providers' maps: the engine asks it after each operation, to skip a write that changes nothing.
     */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof UserDocument d && accountFailures == d.accountFailures
                && factorEpoch == d.factorEpoch && flow.equals(d.flow) && defaultProvider.equals(d.defaultProvider)
                && breakGlass.equals(d.breakGlass) && enrolment.equals(d.enrolment) && devices.equals(d.devices)
                && history.equals(d.history) && providers.equals(d.providers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(providers, defaultProvider, accountFailures, factorEpoch, flow, devices, breakGlass,
                history, enrolment);
    }
}
