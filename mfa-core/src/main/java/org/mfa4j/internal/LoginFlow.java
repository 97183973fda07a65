package org.mfa4j.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The login flow (Spryker): one sign-in attempt of one session, with its failure budget. Values a provider
 * prepared for an answer (a sent code, request options, a Duo state) belong to the flow: a new flow, a
 * reset after too many failures and a success void them all.
 */
final class LoginFlow {

    private LoginFlow() {
    }

    /** The flow of {@code flowId}: the current one, or a new one that voids the codes of any other flow. */
    static UserDocument enter(UserDocument doc, String flowId, Instant now) {
        if (doc.flow().filter(f -> f.flowId().equals(flowId)).isPresent()) {
            return doc;
        }
        return voidChallenges(doc).withFlow(Optional.of(new FlowState(flowId, 0, now)));
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
