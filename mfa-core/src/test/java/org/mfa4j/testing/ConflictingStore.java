package org.mfa4j.testing;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.mfa4j.store.Document;
import org.mfa4j.store.MfaStore;
import org.mfa4j.store.VersionedDocument;

/**
 * A store that loses one compare-and-set on request, as if another node wrote the user's document just
 * before: {@link #conflictOnNextWrite()} makes the next {@link #compareAndSet} first write the document as
 * it is back under the next version (another writer's change that changed nothing the test looks at), so
 * the write it was asked for finds the version moved on and returns false. The core then reads again and
 * re-runs the operation, provider method included. With no document yet there is nothing to write back: the
 * write just returns false, and the core re-runs the operation on the same (absent) document.
 * Otherwise every call goes to the store it wraps. Thread-safe.
 */
public final class ConflictingStore implements MfaStore {

    private final MfaStore delegate;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicInteger injected = new AtomicInteger();

    public ConflictingStore(MfaStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Makes the next compare-and-set, for any user, lose against a concurrent write. */
    public void conflictOnNextWrite() {
        armed.set(true);
    }

    /** Whether a conflict is still waiting for a write; {@link #disarm} cancels it. */
    public boolean armed() {
        return armed.get();
    }

    /** Cancels a conflict no write has met yet. */
    public void disarm() {
        armed.set(false);
    }

    /** How many conflicts were injected so far. */
    public int conflictsInjected() {
        return injected.get();
    }

    @Override
    public Optional<VersionedDocument> load(String userId) {
        return delegate.load(userId);
    }

    @Override
    public Optional<VersionedDocument> remembered(String userId) {
        return delegate.remembered(userId);
    }

    @Override
    public boolean compareAndSet(String userId, long expectedVersion, Document next) {
        if (armed.compareAndSet(true, false)) {
            injected.incrementAndGet();
            Optional<VersionedDocument> current = delegate.load(userId);
            if (current.isEmpty()) {
                return false;
            }
            if (!delegate.compareAndSet(userId, current.get().version(), current.get().document())) {
                throw new IllegalStateException("the injected concurrent write itself lost a race");
            }
        }
        return delegate.compareAndSet(userId, expectedVersion, next);
    }

    @Override
    public boolean delete(String userId, long expectedVersion, Instant at) {
        return delegate.delete(userId, expectedVersion, at);
    }

    @Override
    public String toString() {
        return "ConflictingStore[" + delegate + "]";
    }
}
