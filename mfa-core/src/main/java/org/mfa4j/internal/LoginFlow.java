package org.mfa4j.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The login flow (Spryker): one sign-in attempt of one session, with its failure budget. Values a provider
 * prepared for an answer (a sent code, request options, a Duo state) belong to the session's flow: a reset
 * after too many failures and a success void them all; a flow started in another session leaves them.
 */
final class LoginFlow {

    private LoginFlow() {
    }

    /**
     * Flow-bound values of all sessions of a provider beyond which a new flow voids them all: a bound on the
     * entry's size (each session's values are kept under its {@linkplain #tag tag}).
     */
    static final int MAX_PENDING_VALUES = 32;

    /**
     * The flow of {@code flowId}: the current one, or a new one with a fresh failure budget. What other
     * sessions' flows prepared (a code sent to one browser) stays valid for them, unless a provider holds more
     * than {@link #MAX_PENDING_VALUES} such values, which are then all voided.
     */
    static UserDocument enter(UserDocument doc, String flowId, Instant now) {
        if (doc.flow().filter(f -> f.flowId().equals(flowId)).isPresent()) {
            return doc;
        }
        UserDocument next = doc;
        for (Map.Entry<String, ProviderRecord> e : doc.providers().entrySet()) {
            if (e.getValue().challenge().size() > MAX_PENDING_VALUES) {
                next = next.withProvider(e.getKey(), e.getValue().withChallenge(Map.of()));
            }
        }
        return next.withFlow(Optional.of(new FlowState(flowId, 0, now)));
    }

    /** The document without what {@code providerId} prepared in the flow {@code flowId}. */
    static UserDocument voidFlow(UserDocument doc, String providerId, String flowId) {
        ProviderRecord rec = doc.provider(providerId).orElse(null);
        if (rec == null) {
            return doc;
        }
        String prefix = tag(flowId) + "/";
        SmallMap<Object> kept = new SmallMap<>(rec.challenge().size());
        for (Map.Entry<String, Object> e : rec.challenge().entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                kept.put(e.getKey(), e.getValue());
            }
        }
        return kept.size() == rec.challenge().size() ? doc : doc.withProvider(providerId, rec.withChallenge(kept.freeze()));
    }

    /** The short tag a flow's values are stored under in a challenge map. */
    static String tag(String flowId) {
        return flowId.length() <= 8 ? flowId : flowId.substring(0, 8);
    }

    /** Every provider's flow-bound values voided. */
    static UserDocument voidChallenges(UserDocument doc) {
        UserDocument next = doc;
        for (Map.Entry<String, ProviderRecord> e : doc.providers().entrySet()) {
            if (!e.getValue().challenge().isEmpty()) {
                next = next.withProvider(e.getKey(), e.getValue().withChallenge(Map.of()));
            }
        }
        return next;
    }
}
