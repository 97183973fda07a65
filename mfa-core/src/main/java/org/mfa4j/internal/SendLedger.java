package org.mfa4j.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.SecretCipher;
import org.mfa4j.spi.code.SendBudget;
import org.mfa4j.spi.code.SendCharge;
import org.mfa4j.store.MfaStore;

/**
 * The counts of send budgets, shared by every thread and node: one document per budget and key in the
 * user's store, under an engine id ({@link MfaStore#ENGINE_ID_PREFIX}) that names the provider, the budget
 * and a keyed hash of the key (never a phone number or address in clear). Each holds the times of the sends
 * within the window (a sliding log, at most the budget's limit) and is charged by compare-and-set.
 *
 * <p>Budgets are charged one after another: when a later one refuses, the earlier ones keep the charge (a
 * refused send may count, a sent one is always counted), which errs on the side of sending less.
 */
final class SendLedger {

    private static final String ENTRY = "budget";
    private static final String SENT = "sent";

    private final Transaction tx;
    private final SecretCipher cipher;

    SendLedger(Transaction tx, SecretCipher cipher) {
        this.tx = tx;
        this.cipher = cipher;
    }

    /** Charges every budget, in order; the name of the first that refused, or empty when all allowed. */
    Optional<String> charge(String providerId, List<SendCharge> charges, Instant now) {
        for (SendCharge c : charges) {
            if (!charge(providerId, c, now)) {
                return Optional.of(c.budget().name());
            }
        }
        return Optional.empty();
    }

    private boolean charge(String providerId, SendCharge c, Instant now) {
        SendBudget budget = c.budget();
        String key = cipher.hash(SecretBytes.copyOf(c.key().getBytes(StandardCharsets.UTF_8)), "send-budget",
                providerId, budget.name());
        String id = MfaStore.ENGINE_ID_PREFIX + "budget/" + providerId + "/" + budget.name() + "/" + key;
        Instant since = now.minus(budget.window());
        return tx.run(id, doc -> {
            ProviderRecord rec = doc.provider(ENTRY).orElseGet(() -> ProviderRecord.created(now));
            List<String> kept = new ArrayList<>();
            for (Object t : sent(rec)) {
                if (Instant.ofEpochMilli(Long.parseLong((String) t)).isAfter(since)) {
                    kept.add((String) t);
                }
            }
            if (kept.size() >= budget.limit()) {
                return Step.none(Boolean.FALSE);
            }
            kept.add(Long.toString(now.toEpochMilli()));
            return Step.write(doc.withProvider(ENTRY, rec.withProperties(Map.of(SENT, List.copyOf(kept)))
                    .withUpdated(now)), Boolean.TRUE);
        });
    }

    private static List<?> sent(ProviderRecord rec) {
        Object v = rec.properties().get(SENT);
        return v instanceof List<?> l ? l : List.of();
    }
}
