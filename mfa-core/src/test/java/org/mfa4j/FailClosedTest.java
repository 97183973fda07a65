package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.store.Document;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.MfaStore;
import org.mfa4j.store.VersionedDocument;

class FailClosedTest {

    /**
     * A real in-memory store whose reads or writes can be made to throw, as a broken database would, and
     * that can be made to remember a stale document.
     */
    static final class BreakableStore implements MfaStore {
        final InMemoryMfaStore delegate = new InMemoryMfaStore();
        final AtomicBoolean failWrites = new AtomicBoolean();
        final AtomicBoolean failReads = new AtomicBoolean();
        final AtomicInteger conflictsToInject = new AtomicInteger();
        /** What the store claims to remember (a node that has not seen another's write); null: nothing. */
        volatile VersionedDocument stale;

        @Override
        public Optional<VersionedDocument> remembered(String userId) {
            return Optional.ofNullable(stale);
        }

        @Override
        public Optional<VersionedDocument> load(String userId) {
            if (failReads.get()) {
                throw new IllegalStateException("connection reset");
            }
            return delegate.load(userId);
        }

        @Override
        public boolean compareAndSet(String userId, long expectedVersion, Document next) {
            if (failWrites.get()) {
                throw new IllegalStateException("connection reset");
            }
            if (conflictsToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return false;
            }
            return delegate.compareAndSet(userId, expectedVersion, next);
        }

        @Override
        public boolean delete(String userId, long expectedVersion, Instant at) {
            return delegate.delete(userId, expectedVersion, at);
        }
    }

    @Test
    void aStoreWhoseWriteThrowsDeniesAndWritesNothing() {
        BreakableStore store = new BreakableStore();
        Fixture f = new Fixture(store, b -> { });
        String code = f.enrol(f.alice, "code");
        f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        VersionedDocument before = store.delegate.load("alice").orElseThrow();
        f.events.clear();

        store.failWrites.set(true);
        assertThatThrownBy(() -> f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")))
                .isInstanceOf(MfaStoreException.class).hasMessageContaining("nothing was changed");
        assertThatThrownBy(() -> f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s")))
                .isInstanceOf(MfaStoreException.class);
        assertThat(store.delegate.load("alice")).contains(before);
        assertThat(f.events.events()).as("no event for what was not committed").isEmpty();

        store.failWrites.set(false);
        Result next = f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        assertThat(next.remainingAttempts()).as("the earlier failure was not lost").isEqualTo(1);
    }

    @Test
    void aStoreWhoseReadThrowsDenies() {
        BreakableStore store = new BreakableStore();
        Fixture f = new Fixture(store, b -> { });
        String code = f.enrol(f.alice, "code");
        String proof = f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).proof().orElseThrow().token();
        store.failReads.set(true);
        assertThatThrownBy(() -> f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")))
                .isInstanceOf(MfaStoreException.class).hasMessageContaining("could not be read");
        assertThatThrownBy(() -> f.mfa.state(f.alice, MfaSession.of("s"))).isInstanceOf(MfaStoreException.class);
        assertThatThrownBy(() -> f.mfa.checkProof(f.alice, MfaSession.of("s", proof), java.time.Duration.ofMinutes(1)))
                .isInstanceOf(MfaStoreException.class);
    }

    @Test
    void conflictsAreRetriedOnFreshState() {
        BreakableStore store = new BreakableStore();
        Fixture f = new Fixture(store, b -> { });
        String code = f.enrol(f.alice, "code");
        store.conflictsToInject.set(5);
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).status()).isEqualTo(Status.ACCEPTED);
        assertThat(f.events.events(MfaEvent.Verified.class)).as("published once").hasSize(1);
    }

    /**
     * A right answer in the instant of the last success changes nothing, so nothing is written; from a stale
     * remembered document that must not count (no compare-and-set proved it current), and from a current one
     * the verification is still reported.
     */
    @Test
    void anAnswerThatWritesNothingNeverRestsOnARememberedDocument() {
        BreakableStore store = new BreakableStore();
        Fixture f = new Fixture(store, b -> { });
        String code = f.enrol(f.alice, "code");
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).status())
                .isEqualTo(Status.ACCEPTED);
        store.stale = store.delegate.load("alice").orElseThrow();
        f.events.clear();
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).status())
                .as("the same card in the same instant and session").isEqualTo(Status.ACCEPTED);
        assertThat(store.delegate.load("alice")).as("nothing to write").contains(store.stale);
        assertThat(f.events.events(MfaEvent.Verified.class)).as("but the verification is reported").hasSize(1);

        f.mfa.admin().reset("alice", "code");
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).status())
                .as("the reset card, accepted from the remembered document").isEqualTo(Status.NOT_ACTIVE);
        assertThat(f.events.events(MfaEvent.Verified.class)).hasSize(1);
    }

    @Test
    void endlessConflictsFailClosed() {
        BreakableStore store = new BreakableStore();
        Fixture f = new Fixture(store, b -> { });
        String code = f.enrol(f.alice, "code");
        VersionedDocument before = store.delegate.load("alice").orElseThrow();
        store.conflictsToInject.set(Integer.MAX_VALUE);
        f.clock.advance(java.time.Duration.ofSeconds(1)); // so that a success changes lastUsed
        assertThatThrownBy(() -> f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")))
                .isInstanceOf(MfaStoreException.class).hasMessageContaining("try again");
        assertThat(store.delegate.load("alice")).contains(before);
    }

    @Test
    void aProviderThatThrowsFailsClosed() {
        Fixture f = new Fixture();
        f.enrolSent(f.alice);
        f.mfa.prompt(f.alice, "sent", MfaSession.of("s"));
        VersionedDocument before = f.store.load("alice").orElseThrow();
        // A null input reaching the provider is a bug there; the core must not accept or write anything.
        assertThatThrownBy(() -> f.mfa.verify(f.alice, "nope", MfaInput.code("1"), MfaSession.of("s")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no provider 'nope'");
        assertThat(f.store.load("alice")).contains(before);
    }

    @Test
    void aFailedDeliveryIsReportedAndTheCodeIsNotLeaked() {
        Fixture f = new Fixture();
        f.enrolSent(f.alice);
        f.sent.failDelivery = true;
        int sentBefore = f.sent.outbox.size();
        Prompt p = f.mfa.prompt(f.alice, "sent", MfaSession.of("s"));
        assertThat(p.status()).isEqualTo(Status.NOT_DELIVERED);
        assertThat(p.view().toString()).doesNotContain("gateway");
        assertThat(f.sent.outbox).hasSize(sentBefore);
        assertThat(f.events.events(MfaEvent.DeliveryFailed.class)).singleElement()
                .satisfies(e -> assertThat(e.toString()).doesNotContain("gateway"));
        Result r = f.mfa.verify(f.alice, "sent", MfaInput.code("123456"), MfaSession.of("s"));
        assertThat(r.reason()).as("the unsent code is void").contains(org.mfa4j.spi.FailureReason.NO_CHALLENGE);
    }
}
