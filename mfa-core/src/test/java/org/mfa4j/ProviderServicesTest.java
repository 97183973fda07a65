package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.RemoteCheck;
import org.mfa4j.spi.RemoteResult;
import org.mfa4j.spi.Setup;
import org.mfa4j.testproviders.SentCodeProvider;

/**
 * Issue 10 items 4, 6 and 8: a setup that delivers does so once per committed setup, a remote check runs
 * exactly once per verification whatever the conflicts, and a discovered factory gets the application's
 * services from its context.
 */
class ProviderServicesTest {

    /** The application's service a provider needs (think of a mailer or an HTTP client). */
    interface Exchange {
        /** The remote side's verdict on a one-time code: the username it was issued for. */
        String redeem(String code);
    }

    /** A provider whose answers a remote side redeems (like Duo's code exchange), through {@link Exchange}. */
    static final class RemoteFactory implements MfaProviderFactory {
        final AtomicInteger checks = new AtomicInteger();

        @Override
        public ProviderDescriptor descriptor() {
            return ProviderDescriptor.builder("remote").remoteCheck(true).build();
        }

        @Override
        public MfaProvider create(ProviderContext context) {
            Exchange exchange = context.requireService(Exchange.class);
            return new MfaProvider() {
                @Override
                public Setup setup(PropertyManager properties) {
                    properties.putString("enrolled", "yes");
                    return Setup.of(View.empty());
                }

                @Override
                public Outcome activate(MfaInput input, PropertyManager properties) {
                    return Outcome.accept();
                }

                @Override
                public Outcome verify(MfaInput input, PropertyManager properties) {
                    throw new AssertionError("a provider with a remote check is verified with its result");
                }

                @Override
                public Optional<RemoteCheck> remoteCheck(MfaInput input, PropertyManager properties) {
                    String code = input.code().orElseThrow();
                    return Optional.of(() -> {
                        checks.incrementAndGet();
                        return RemoteResult.of(Map.of("user", exchange.redeem(code)));
                    });
                }

                @Override
                public Outcome verify(MfaInput input, RemoteResult remote, PropertyManager properties) {
                    return remote.get("user").filter(properties.user().id()::equals).isPresent()
                            ? Outcome.accept() : Outcome.reject(FailureReason.DENIED);
                }
            };
        }
    }

    private static Fixture withRemote(FailClosedTest.BreakableStore store, RemoteFactory factory, Exchange exchange) {
        return new Fixture(store, b -> b.provider(factory).service(Exchange.class, exchange));
    }

    @Test
    void aRemoteCheckRunsExactlyOnceWhateverTheConflicts() {
        FailClosedTest.BreakableStore store = new FailClosedTest.BreakableStore();
        RemoteFactory factory = new RemoteFactory();
        AtomicInteger redeemed = new AtomicInteger();
        Fixture f = withRemote(store, factory, code -> {
            redeemed.incrementAndGet();
            return "alice";
        });
        MfaSession s = MfaSession.of("s");
        f.mfa.setup(f.alice, "remote", s);
        f.mfa.activate(f.alice, "remote", MfaInput.code("x"), s);

        store.conflictsToInject.set(3);
        f.clock.advance(Duration.ofSeconds(1));
        Result r = f.mfa.verify(f.alice, "remote", MfaInput.code("one-time"), s);

        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        assertThat(factory.checks.get()).as("the call, though the decision ran four times").isEqualTo(1);
        assertThat(redeemed.get()).isEqualTo(1);
        assertThat(store.conflictsToInject.get()).as("the conflicts really happened").isZero();
    }

    @Test
    void aRemoteVerdictForAnotherUserIsRefusedAndCounted() {
        RemoteFactory factory = new RemoteFactory();
        Fixture f = withRemote(new FailClosedTest.BreakableStore(), factory, code -> "mallory");
        MfaSession s = MfaSession.of("s");
        f.mfa.setup(f.alice, "remote", s);
        f.mfa.activate(f.alice, "remote", MfaInput.code("x"), s);

        Result r = f.mfa.verify(f.alice, "remote", MfaInput.code("one-time"), s);

        assertThat(r.status()).isEqualTo(Status.REJECTED);
        assertThat(r.reason()).contains(FailureReason.DENIED);
        assertThat(r.remainingAttempts()).isEqualTo(2);
    }

    @Test
    void noRemoteCallWhileLockedOrNotActive() {
        RemoteFactory factory = new RemoteFactory();
        Fixture f = withRemote(new FailClosedTest.BreakableStore(), factory, code -> "mallory");
        MfaSession s = MfaSession.of("s");
        assertThat(f.mfa.verify(f.alice, "remote", MfaInput.code("c"), s).status()).isEqualTo(Status.NOT_ACTIVE);
        f.mfa.setup(f.alice, "remote", s);
        f.mfa.activate(f.alice, "remote", MfaInput.code("x"), s);
        for (int i = 0; i < 3; i++) {
            f.mfa.verify(f.alice, "remote", MfaInput.code("c" + i), s);
        }
        int before = factory.checks.get();

        assertThat(f.mfa.verify(f.alice, "remote", MfaInput.code("c"), s).status()).isEqualTo(Status.LOCKED);
        assertThat(factory.checks.get()).isEqualTo(before).isEqualTo(3);
    }

    @Test
    void aFailingRemoteSideFailsClosedAndWritesNothing() {
        FailClosedTest.BreakableStore store = new FailClosedTest.BreakableStore();
        Fixture f = withRemote(store, new RemoteFactory(), code -> {
            throw new IllegalStateException("connection reset");
        });
        MfaSession s = MfaSession.of("s");
        f.mfa.setup(f.alice, "remote", s);
        f.mfa.activate(f.alice, "remote", MfaInput.code("x"), s);
        long version = store.load(f.alice.id()).orElseThrow().version();

        assertThatThrownBy(() -> f.mfa.verify(f.alice, "remote", MfaInput.code("c"), s))
                .isInstanceOf(MfaProviderException.class).hasMessageContaining("'remote'")
                .hasMessageNotContaining("connection reset");
        assertThat(store.load(f.alice.id()).orElseThrow().version()).isEqualTo(version);
    }

    @Test
    void aProviderWithoutItsServiceFailsAtBuildNamingIt() {
        assertThatThrownBy(() -> new Fixture(b -> b.provider(new RemoteFactory())))
                .isInstanceOf(MfaConfigurationException.class).hasMessageContaining(Exchange.class.getName())
                .hasMessageContaining("service(");
        assertThatThrownBy(() -> Mfa.builder().service(Exchange.class, code -> "a").service(Exchange.class, code -> "b"))
                .isInstanceOf(MfaConfigurationException.class);
    }

    @Test
    void aSetupThatDeliversDeliversOncePerCommittedSetup() {
        FailClosedTest.BreakableStore store = new FailClosedTest.BreakableStore();
        Fixture f = new Fixture(store, b -> { });
        MfaSession s = MfaSession.of("s");

        store.conflictsToInject.set(5);
        Change setup = f.mfa.setup(f.alice, SentCodeProvider.ID, s);

        assertThat(setup.status()).isEqualTo(ChangeStatus.DONE);
        assertThat(store.conflictsToInject.get()).isZero();
        assertThat(f.sent.outbox).as("one code, though setup ran six times").hasSize(1);
        assertThat(f.mfa.activate(f.alice, SentCodeProvider.ID, MfaInput.code(f.sent.lastCode()), s).status())
                .isEqualTo(Status.ACCEPTED);

        store.failWrites.set(true);
        assertThatThrownBy(() -> f.mfa.setup(MfaUser.of("bob"), SentCodeProvider.ID, MfaSession.of("b")))
                .isInstanceOf(MfaStoreException.class);
        assertThat(f.sent.outbox).as("nothing for a setup that was not stored").hasSize(1);
    }
}
