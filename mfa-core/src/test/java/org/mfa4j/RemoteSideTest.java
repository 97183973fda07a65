package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.ProviderUnavailableException;
import org.mfa4j.spi.RemoteCheck;
import org.mfa4j.spi.RemoteResult;
import org.mfa4j.spi.Settings;
import org.mfa4j.spi.Setup;

/**
 * What the core does for a provider with a remote side (Duo): an activation's remote check runs once
 * whatever the conflicts, a verification's sees only this session's flow, a remote side that is down
 * refuses a prompt with {@link Status#UNAVAILABLE} and a verification with {@link FailureReason#UNAVAILABLE},
 * and a factory's settings can shape the descriptor it registers.
 */
class RemoteSideTest {

    /** Answers "ok" pass once redeemed by the remote side; the flow's challenge holds "pending". */
    static class Remote implements MfaProviderFactory, MfaProvider {
        final AtomicInteger activationChecks = new AtomicInteger();
        final List<Boolean> sawPending = new ArrayList<>();
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public ProviderDescriptor descriptor() {
            return ProviderDescriptor.builder("remote").remoteCheck(true).build();
        }

        @Override
        public ProviderDescriptor descriptor(Settings settings) {
            return ProviderDescriptor.builder("remote").remoteCheck(true)
                    .soleFactor(settings.getBoolean("sole", false)).build();
        }

        @Override
        public MfaProvider create(ProviderContext context) {
            return this;
        }

        @Override
        public Setup setup(PropertyManager properties) {
            properties.putString("pending", "yes");
            return Setup.of(View.empty());
        }

        @Override
        public Optional<RemoteCheck> activationCheck(MfaInput input, PropertyManager properties) {
            return Optional.of(() -> {
                activationChecks.incrementAndGet();
                return RemoteResult.of(Map.of("verdict", input.code().orElse("")));
            });
        }

        @Override
        public Outcome activate(MfaInput input, PropertyManager properties) {
            throw new AssertionError("an activation with a remote check is decided with its result");
        }

        @Override
        public Outcome activate(MfaInput input, RemoteResult remote, PropertyManager properties) {
            return remote.get("verdict").filter("ok"::equals).isPresent() ? Outcome.accept()
                    : Outcome.reject(FailureReason.DENIED);
        }

        @Override
        public Optional<Challenge> challenge(PropertyManager properties) {
            if (down.get()) {
                throw new ProviderUnavailableException("the remote side is down");
            }
            properties.challenge().putString("pending", "yes");
            return Optional.of(Challenge.of(View.builder().put("url", "https://remote.example/").build()));
        }

        @Override
        public Optional<RemoteCheck> remoteCheck(MfaInput input, PropertyManager properties) {
            synchronized (sawPending) {
                sawPending.add(properties.challenge().contains("pending"));
            }
            return Optional.of(() -> RemoteResult.of(Map.of("verdict", input.code().orElse(""))));
        }

        @Override
        public Outcome verify(MfaInput input, PropertyManager properties) {
            throw new AssertionError("a verification with a remote check is decided with its result");
        }

        @Override
        public Outcome verify(MfaInput input, RemoteResult remote, PropertyManager properties) {
            String verdict = remote.get("verdict").orElse("");
            return verdict.equals("ok") ? Outcome.accept()
                    : Outcome.reject(verdict.equals("down") ? FailureReason.UNAVAILABLE : FailureReason.DENIED);
        }
    }

    private final Remote remote = new Remote();
    private final FailClosedTest.BreakableStore store = new FailClosedTest.BreakableStore();
    private final Fixture f = new Fixture(store, b -> b.provider(remote));
    private final MfaSession s = MfaSession.of("s");

    private void enrol() {
        f.mfa.setup(f.alice, "remote", s);
        assertThat(f.mfa.activate(f.alice, "remote", MfaInput.code("ok"), s).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void anActivationsRemoteCheckRunsOnceWhateverTheConflicts() {
        f.mfa.setup(f.alice, "remote", s);
        store.conflictsToInject.set(3);

        Result r = f.mfa.activate(f.alice, "remote", MfaInput.code("ok"), s);

        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        assertThat(remote.activationChecks).as("the call, though the decision ran four times").hasValue(1);
        assertThat(store.conflictsToInject).as("the conflicts really happened").hasValue(0);
    }

    @Test
    void noActivationCheckWhenTheActivationWouldNotBeEvaluated() {
        assertThatThrownBy(() -> f.mfa.activate(f.alice, "remote", MfaInput.code("ok"), s))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no pending setup");
        f.enrol(f.alice, "code");
        f.mfa.setup(f.alice, "remote", f.session(f.alice));

        Result withoutProof = f.mfa.activate(f.alice, "remote", MfaInput.code("ok"), MfaSession.of("other"));

        assertThat(withoutProof.status()).isEqualTo(Status.STEP_UP_REQUIRED);
        assertThat(remote.activationChecks).hasValue(0);
    }

    @Test
    void aVerificationsRemoteCheckSeesOnlyTheFlowOfItsSession() {
        enrol();
        f.mfa.prompt(f.alice, "remote", MfaSession.of("first"));

        f.mfa.verify(f.alice, "remote", MfaInput.code("no"), MfaSession.of("second"));
        f.mfa.prompt(f.alice, "remote", MfaSession.of("first"));
        f.mfa.verify(f.alice, "remote", MfaInput.code("no"), MfaSession.of("first"));

        assertThat(remote.sawPending).containsExactly(false, true);
    }

    @Test
    void aRemoteSideThatIsDownRefusesThePromptAndStoresNothing() {
        enrol();
        f.clock.advance(Duration.ofSeconds(1));
        long version = store.load(f.alice.id()).orElseThrow().version();
        remote.down.set(true);

        Prompt p = f.mfa.prompt(f.alice, "remote", s);

        assertThat(p).isEqualTo(Prompt.refused(Status.UNAVAILABLE, "remote"));
        assertThat(store.load(f.alice.id()).orElseThrow().version()).isEqualTo(version);
    }

    @Test
    void anUnavailableVerdictIsATypedRefusalThatCounts() {
        enrol();

        Result r = f.mfa.verify(f.alice, "remote", MfaInput.code("down"), s);

        assertThat(r.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(r.reason()).contains(FailureReason.UNAVAILABLE);
        assertThat(r.remainingAttempts()).isEqualTo(2);
        assertThat(f.events.events(MfaEvent.Failed.class)).extracting(MfaEvent.Failed::reason)
                .containsExactly(FailureReason.UNAVAILABLE);
    }

    @Test
    void aFactorysSettingsShapeTheDescriptorItRegisters() {
        Fixture sole = new Fixture(b -> b.provider(remote).configure("remote", Map.of("sole", "true")));

        assertThat(f.mfa.providers()).filteredOn(d -> d.id().equals("remote"))
                .extracting(ProviderDescriptor::soleFactor).containsExactly(false);
        assertThat(sole.mfa.providers()).filteredOn(d -> d.id().equals("remote"))
                .extracting(ProviderDescriptor::soleFactor).containsExactly(true);
        assertThat(sole.mfa.explain(f.alice).allowed()).doesNotContain("remote");
    }

    @Test
    void aFactoryThatChangesItsIdWithItsSettingsFailsTheBuild() {
        Remote renamed = new Remote() {
            @Override
            public ProviderDescriptor descriptor(Settings settings) {
                return ProviderDescriptor.builder("other").build();
            }
        };

        assertThatThrownBy(() -> new Fixture(b -> b.provider(renamed))).isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("another id than 'remote'");
    }
}
