package org.mfa4j.internal;

import java.util.Objects;
import org.mfa4j.AuthenticatorHistoryEntry;
import org.mfa4j.AuthenticatorHistoryEntry.RemovedBy;

/**
 * A removed factor or credential, kept in the user's document for the authenticator history
 * ({@link AuthenticatorHistory}): labels and times, never a property of it. Immutable.
 *
 * @param id    random, names the entry in the document only
 * @param entry what the history shows of it: always a removed one
 */
public record HistoryRecord(String id, AuthenticatorHistoryEntry entry) {

    public HistoryRecord {
        Objects.requireNonNull(id, "id");
        if (entry.active()) {
            throw new IllegalArgumentException("a history record is of a removed factor or credential");
        }
    }

    /** The read side of {@code removedBy}: an unknown name is refused like any value out of range. */
    static RemovedBy removedBy(String name) {
        return RemovedBy.valueOf(name); // IllegalArgumentException: the reader's "out of range"
    }
}
