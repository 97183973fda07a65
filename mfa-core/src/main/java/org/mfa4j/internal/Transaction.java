package org.mfa4j.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaStoreException;
import org.mfa4j.MfaUser;
import org.mfa4j.store.Document;
import org.mfa4j.store.MfaStore;
import org.mfa4j.store.VersionedDocument;

/**
 * The transaction every operation runs in: read the user's document, decide, compare-and-set, re-run on a
 * conflicting write, and only then publish events and run deliveries. Nothing is half-written: a failure
 * before the write leaves the document as it was, and a store failure is an {@link MfaStoreException}.
 */
public final class Transaction {

    /** How many runs one operation may take before it gives up. */
    static final int MAX_ATTEMPTS = 64;

    private final MfaStore store;
    private final SecureRandom random;
    private final EventDispatcher events;
    private final Clock clock;

    Transaction(MfaStore store, SecureRandom random, EventDispatcher events, Clock clock) {
        this.store = store;
        this.random = random;
        this.events = events;
        this.clock = clock;
    }

    /** The user's current document (a real read), or the empty one. */
    UserDocument document(String userId) {
        Optional<VersionedDocument> read = read(userId, false);
        return read.isEmpty() ? UserDocument.empty() : decoded(read.get());
    }

    /** The engine's form of a stored document, decoded once per {@link Document} object. */
    private static UserDocument decoded(VersionedDocument stored) {
        return UserDocument.of(stored.document());
    }

    /**
     * A real read, or with {@code remembered} only the document the store remembers (empty if none, no
     * I/O): that one may be stale, so only a run that ends in a successful compare-and-set may rest on it.
     */
    private Optional<VersionedDocument> read(String userId, boolean remembered) {
        try {
            return remembered ? store.remembered(userId) : store.load(userId);
        } catch (MfaStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MfaStoreException("the MFA store could not be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * One operation: read, compute the next document, compare-and-set; re-run on a conflicting write.
     *
     * <p>The first run may start from the document the store remembers instead of a read (one round trip on
     * a warm node). Its outcome counts only if its compare-and-set succeeds, which proves the document was
     * current, since versions never repeat. A run on a remembered document that ends without a write (an
     * answer such as {@code LOCKED} or {@code NOT_ACTIVE}, a change that changes nothing, or an exception)
     * is discarded with its events, and the operation runs again on a real read: no decision that does not
     * write rests on a remembered document. {@code userId} was checked where it came in (an {@code MfaUser},
     * or the administration's check).
     */
    <T> T run(String userId, Function<UserDocument, Step<T>> operation) {
        Optional<VersionedDocument> loaded = read(userId, true);
        boolean fresh = loaded.isEmpty();
        if (fresh) {
            loaded = read(userId, false);
        }
        for (int attempt = 1; ; attempt++) {
            VersionedDocument current = loaded.orElse(null);
            UserDocument doc = current == null ? newDocument() : decoded(current);
            long version = current == null ? 0 : current.version();
            EventDispatcher.Buffer buffer = events.begin();
            Step<T> step = null;
            RuntimeException failure = null;
            List<MfaEvent> notices;
            try {
                step = operation.apply(doc);
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                notices = events.end(buffer);
            }
            boolean unchanged = failure == null && step.next != null && step.next.equals(doc);
            if (!fresh && (failure != null || step.next == null || unchanged)) {
                loaded = read(userId, false);
                fresh = true;
                continue;
            }
            if (failure != null) {
                throw failure;
            }
            if (step.next == null) {
                events.publish(step.events);
                return step.value;
            }
            // Nothing to write when the document already is what the operation leads to (say, a verification
            // in the instant of the last one); what the operation reports happened all the same.
            if (unchanged || write(userId, version, step.next)) {
                events.publish(withNotices(step.events, notices));
                if (step.afterCommit != null) {
                    step.afterCommit.run();
                }
                return step.value;
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw tooBusy();
            }
            if (fresh) {
                backOff(attempt);
            }
            loaded = read(userId, false);
            fresh = true;
        }
    }

    /**
     * Writes {@code doc} under {@code id} if no document is there (a compare-and-set from version 0), without
     * events: for an engine document that must exist before another operation's write, from inside its run.
     *
     * @return false if there is a document under {@code id}
     */
    boolean createIfAbsent(String id, UserDocument doc) {
        return write(id, 0, doc);
    }

    /**
     * Deletes the document under {@code id} if {@code which} holds for it, by a delete on the version read (a
     * tombstone in stores that remember documents), re-reading on a conflicting write; no events. The first
     * try may rest on the document the store remembers: it counts only if its delete succeeds, which proves
     * the document was current; any other outcome is decided again on a real read.
     *
     * @return the document deleted, or empty when there was none or {@code which} did not hold for it
     */
    Optional<UserDocument> deleteIf(String id, Predicate<UserDocument> which) {
        Optional<VersionedDocument> current = read(id, true);
        boolean fresh = current.isEmpty();
        if (fresh) {
            current = read(id, false);
        }
        for (int attempt = 1; ; attempt++) {
            if (current.isEmpty()) {
                return Optional.empty();
            }
            UserDocument doc = decoded(current.get());
            long version = current.get().version();
            boolean wanted = which.test(doc);
            if (wanted && written(() -> store.delete(id, version, clock.instant()))) {
                return Optional.of(doc);
            }
            if (fresh && !wanted) {
                return Optional.empty();
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw tooBusy();
            }
            if (fresh) {
                backOff(attempt);
            }
            current = read(id, false);
            fresh = true;
        }
    }

    private boolean write(String userId, long version, UserDocument next) {
        DocumentJson.checkCaps(next);
        Document document = next.toDocument(clock.instant());
        return written(() -> store.compareAndSet(userId, version, document));
    }

    /** A store write: its own failures pass, anything else unchecked is a store failure; nothing changed. */
    private static boolean written(BooleanSupplier write) {
        try {
            return write.getAsBoolean();
        } catch (MfaStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MfaStoreException("the MFA store could not be written (" + e.getClass().getSimpleName()
                    + "); nothing was changed", e);
        }
    }

    /** Erases the user's document (a tombstone in stores that remember documents); false if there was none. */
    boolean erase(String userId) {
        MfaUser.requireId(userId);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<VersionedDocument> current = read(userId, false);
            if (current.isEmpty()) {
                return false;
            }
            long version = current.get().version();
            if (written(() -> store.delete(userId, version, clock.instant()))) {
                events.publish(List.of(new MfaEvent.Erased(clock.instant(), userId)));
                return true;
            }
            backOff(attempt);
        }
        throw tooBusy();
    }

    private static MfaStoreException tooBusy() {
        return new MfaStoreException("the MFA state of a user changed " + MAX_ATTEMPTS
                + " times during one operation; nothing was changed, try again");
    }

    /**
     * A real conflict: let the other writer finish. Exponential with full jitter, from 1 µs up to 1 ms, so
     * a user whose document another node keeps changing still gets a turn within {@link #MAX_ATTEMPTS}.
     */
    private static void backOff(int attempt) {
        long ceiling = 1_000L << Math.min(attempt - 1, 10);
        LockSupport.parkNanos(1 + ThreadLocalRandom.current().nextLong(ceiling));
    }

    /**
     * The document of a user who has none yet. Its factor epoch starts at a random value, so a proof issued
     * before a user's state was erased never matches the state of a new user with the same id.
     */
    private UserDocument newDocument() {
        return UserDocument.empty().withFactorEpoch(1 + (random.nextInt() & 0x3FFF_FFFF));
    }

    /** The step's events, then the providers' notices of the same attempt. */
    private static List<MfaEvent> withNotices(List<MfaEvent> events, List<MfaEvent> notices) {
        if (notices.isEmpty()) {
            return events;
        }
        List<MfaEvent> all = new ArrayList<>(events.size() + notices.size());
        all.addAll(events);
        all.addAll(notices);
        return all;
    }
}
