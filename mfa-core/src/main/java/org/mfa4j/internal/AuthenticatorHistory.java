package org.mfa4j.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.AuthenticatorHistoryEntry;
import org.mfa4j.AuthenticatorHistoryEntry.RemovedBy;

/**
 * The authenticator history: every factor and credential a user has had. Active ones are read from their
 * entries as they are (added, last used: the times every verification already writes, so the hot path
 * writes nothing more); a removed one is kept as a {@link HistoryRecord} in the user's document, written in
 * the same compare-and-set as the removal, at most {@link DocumentJson#MAX_HISTORY} of them (the one removed
 * longest ago goes first). Erasing the user erases the history with the document.
 *
 * <p>An authenticator is a credential of an active provider entry that keeps credentials (a security key, a
 * phone number), or else the active entry itself (an authenticator app, recovery codes).
 */
final class AuthenticatorHistory {

    private final Engine e;

    AuthenticatorHistory(Engine engine) {
        this.e = engine;
    }

    /**
     * {@code after} with a history entry for every authenticator active in {@code before} and gone from
     * {@code after}, removed at {@code now} by {@code by}.
     */
    UserDocument removals(UserDocument before, UserDocument after, Instant now, RemovedBy by) {
        List<HistoryRecord> added = new ArrayList<>(1);
        for (Map.Entry<String, ProviderRecord> p : before.providers().entrySet()) {
            ProviderRecord was = p.getValue();
            if (!was.active()) {
                continue;
            }
            String id = p.getKey();
            ProviderRecord is = after.provider(id).filter(ProviderRecord::active).orElse(null);
            if (was.credentials().isEmpty()) {
                if (is == null) {
                    added.add(removed(id, Optional.empty(), title(id), was.created(), was.lastUsed(), now, by));
                }
                continue;
            }
            for (CredentialRecord c : was.credentials()) {
                if (is == null || is.credentials().stream().noneMatch(k -> k.id().equals(c.id()))) {
                    added.add(removed(id, Optional.of(c.id()), c.label(), c.created(), c.lastUsed(), now, by));
                }
            }
        }
        if (added.isEmpty()) {
            return after;
        }
        List<HistoryRecord> kept = new ArrayList<>(after.history());
        kept.addAll(added);
        int over = kept.size() - DocumentJson.MAX_HISTORY;
        return after.withHistory(over > 0 ? kept.subList(over, kept.size()) : kept);
    }

    /** The user's history: active authenticators in display order, then removed ones, most recently removed first. */
    List<AuthenticatorHistoryEntry> entries(UserDocument doc) {
        List<AuthenticatorHistoryEntry> out = new ArrayList<>();
        for (Map.Entry<String, ProviderRecord> p : doc.providers().entrySet()) {
            ProviderRecord r = p.getValue();
            if (!r.active()) {
                continue;
            }
            if (r.credentials().isEmpty()) {
                out.add(new AuthenticatorHistoryEntry(p.getKey(), Optional.empty(), title(p.getKey()), r.created(),
                        r.lastUsed(), Optional.empty(), Optional.empty()));
            }
            for (CredentialRecord c : r.credentials()) {
                out.add(new AuthenticatorHistoryEntry(p.getKey(), Optional.of(c.id()), c.label(), c.created(),
                        c.lastUsed(), Optional.empty(), Optional.empty()));
            }
        }
        List<HistoryRecord> removed = doc.history();
        for (int i = removed.size() - 1; i >= 0; i--) {
            out.add(removed.get(i).entry());
        }
        return out;
    }

    private HistoryRecord removed(String providerId, Optional<String> credentialId, String label, Instant added,
                                  Optional<Instant> lastUsed, Instant now, RemovedBy by) {
        return new HistoryRecord(randomId(), new AuthenticatorHistoryEntry(providerId, credentialId, label, added,
                lastUsed, Optional.of(now), Optional.of(by)));
    }

    private String title(String providerId) {
        return e.registry.find(providerId).map(entry -> entry.descriptor().title()).orElse(providerId);
    }

    private String randomId() {
        byte[] b = new byte[9];
        e.random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
