package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.code.OneTimeCodes;
import org.mfa4j.spi.code.SendBudget;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.MfaStore;
import org.mfa4j.testing.ConflictingStore;
import org.mfa4j.testing.ForwardingProvider;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;
import org.mfa4j.testing.logging.LogCapture;
import org.mfa4j.testproviders.OtcProvider;

/** {@code MfaEvent.CodeSent}: one per code that reached its channel, none for a prompt that sent nothing (issue 15). */
class CodeSentEventTest {

    private static final String P = OtcProvider.ID;
    private final MutableClock clock = MutableClock.startingAt2026();
    private final RecordingListener events = new RecordingListener();
    private OtcProvider otc;
    private Mfa mfa;

    @RegisterExtension
    final LogCapture audit = new LogCapture("org.mfa4j.audit");

    private void build(MfaStore store, Consumer<OneTimeCodes.Builder> settings) {
        otc = new OtcProvider(settings);
        mfa = Mfa.builder().store(store).keys(SecretKeys.ephemeral(new SecureRandom())).clock(clock).listener(events)
                .provider(otc).build();
    }

    private void build(Consumer<OneTimeCodes.Builder> settings) {
        build(new ConflictingStore(new InMemoryMfaStore()), settings);
    }

    private MfaUser enrol(String id, String to) {
        return otc.enrol(mfa, id, to);
    }

    private int sent() {
        return events.events(MfaEvent.CodeSent.class).size();
    }

    @Test
    void oneEventPerRealSendNamingTheProviderAsChannelByDefault() {
        build(b -> b.cooldown(Duration.ZERO));
        MfaUser u = enrol("alice", "alice@example.test");
        mfa.prompt(u, P, MfaSession.of("a"));
        mfa.prompt(u, P, MfaSession.of("b"));
        assertThat(otc.outbox).hasSize(3);
        assertThat(events.events(MfaEvent.CodeSent.class)).as("the setup and two prompts").hasSize(3)
                .allSatisfy(e -> {
                    assertThat(e.userId()).isEqualTo("alice");
                    assertThat(e.providerId()).isEqualTo(P);
                    assertThat(e.channel()).isEqualTo(P);
                    assertThat(e.name()).isEqualTo("code-sent");
                    assertThat(e.toString()).doesNotContain("alice@example.test");
                });
        for (int i = 0; i < otc.outbox.size(); i++) {
            String code = otc.outbox.get(i).code();
            assertThat(events.events()).allSatisfy(e -> assertThat(e.toString()).doesNotContain(code));
        }
        assertThat(audit.messages()).contains("mfa4j event=code-sent user=alice provider=otc channel=otc")
                .noneMatch(line -> line.contains("alice@example.test"));
    }

    @Test
    void theChannelIdTheProviderNamesIsTheEventsChannel() {
        build(b -> b.channelId("sms"));
        enrol("alice", "+15550001");
        assertThat(events.events(MfaEvent.CodeSent.class)).singleElement()
                .satisfies(e -> assertThat(e.channel()).isEqualTo("sms"));
    }

    @Test
    void aChannelIdThatIsNoShortIdIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> OneTimeCodes.builder(m -> { }, new SecureRandom()).channelId("+15550001"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("+15550001");
        assertThatThrownBy(() -> Challenge.Dispatch.charged(() -> { }, List.of(),
                Optional.of("E-Mail"))).isInstanceOf(IllegalArgumentException.class);
    }

    /** OtcProvider's challenges, their dispatch claiming {@code channel} (a value or a failure). */
    private static MfaProviderFactory claiming(OtcProvider otc, Supplier<Optional<String>> channel) {
        return new DelegatingFactory(otc) {
            @Override
            public MfaProvider create(ProviderContext context) {
                return new ForwardingProvider(otc.create(context)) {
                    @Override
                    public Optional<Challenge> challenge(PropertyManager properties) {
                        Challenge c = super.challenge(properties).orElseThrow();
                        Challenge.Dispatch sends = c.dispatch().orElseThrow();
                        return Optional.of(Challenge.sent(c.view(), c.expiresAt().orElseThrow(),
                                new Challenge.Dispatch() {
                                    @Override
                                    public void send() {
                                        sends.send();
                                    }

                                    @Override
                                    public Optional<String> channel() {
                                        return channel.get();
                                    }
                                }));
                    }
                };
            }
        };
    }

    @Test
    void aChannelThatIsNoShortIdOrFailsIsNamedByTheProviderIdAndTheSendStands() {
        OtcProvider inner = new OtcProvider(b -> b.cooldown(Duration.ZERO));
        Deque<Supplier<Optional<String>>> claims = new ArrayDeque<>(List.of(
                () -> Optional.of("alice@example.test"), () -> null, () -> {
                    throw new IllegalStateException("channel bug");
                }, () -> Optional.of("voice")));
        otc = inner;
        mfa = Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom())).clock(clock)
                .listener(events).provider(claiming(inner, () -> claims.peek().get())).build();
        MfaUser u = enrol("alice", "alice@example.test");
        for (int i = 0; i < 4; i++) {
            assertThat(mfa.prompt(u, P, MfaSession.of("s" + i)).status()).isEqualTo(Status.ACCEPTED);
            claims.poll();
        }
        assertThat(events.events(MfaEvent.CodeSent.class)).extracting(MfaEvent.CodeSent::channel)
                .containsExactly(P, P, P, P, "voice");
    }

    @Test
    void aPromptWithinTheCooldownRaisesNone() {
        build(b -> b.cooldown(Duration.ofSeconds(60)));
        MfaUser u = enrol("alice", "alice@example.test");
        int before = sent();
        mfa.prompt(u, P, MfaSession.of("a"));
        clock.advance(Duration.ofSeconds(59));
        assertThat(mfa.prompt(u, P, MfaSession.of("a")).status()).isEqualTo(Status.ACCEPTED);
        assertThat(sent()).as("the prompt in the cooldown sent nothing").isEqualTo(before + 1);
        clock.advance(Duration.ofSeconds(1));
        mfa.prompt(u, P, MfaSession.of("a"));
        assertThat(sent()).as("after the cooldown").isEqualTo(before + 2);
        assertThat(sent()).isEqualTo(otc.outbox.size());
    }

    @Test
    void aFailedDeliveryRaisesDeliveryFailedInstead() {
        build(b -> { });
        MfaUser u = enrol("alice", "alice@example.test");
        otc.failing = true;
        assertThat(mfa.prompt(u, P, MfaSession.of("a")).status()).isEqualTo(Status.NOT_DELIVERED);
        assertThat(events.events(MfaEvent.DeliveryFailed.class)).hasSize(1);
        assertThat(sent()).as("the setup's code only").isEqualTo(1);
        Change second = mfa.setup(MfaUser.of("bob"), P, MfaInput.of(Map.of("to", "bob@example.test")),
                MfaSession.of("b"));
        assertThat(second.status()).isEqualTo(ChangeStatus.NOT_DELIVERED);
        assertThat(sent()).isEqualTo(1);
    }

    @Test
    void aSendABudgetRefusedRaisesNone() {
        build(b -> b.cooldown(Duration.ZERO).budget(SendBudget.perUser(2, Duration.ofHours(1))));
        MfaUser u = enrol("alice", "alice@example.test");
        mfa.prompt(u, P, MfaSession.of("a"));
        assertThat(mfa.prompt(u, P, MfaSession.of("a")).status()).isEqualTo(Status.THROTTLED);
        assertThat(events.events(MfaEvent.SendRefused.class)).hasSize(1);
        assertThat(sent()).isEqualTo(2);
    }

    @Test
    void aRunThatLostItsCompareAndSetRaisesNoneAndTheCommittedOneRaisesOne() {
        ConflictingStore store = new ConflictingStore(new InMemoryMfaStore());
        build(store, b -> b.cooldown(Duration.ZERO));
        MfaUser u = enrol("alice", "alice@example.test");
        for (int i = 0; i < 5; i++) {
            store.conflictOnNextWrite();
            assertThat(mfa.prompt(u, P, MfaSession.of("s" + i)).status()).isEqualTo(Status.ACCEPTED);
        }
        assertThat(store.conflictsInjected()).isEqualTo(5);
        assertThat(sent()).as("1 setup + 5 prompts, each once").isEqualTo(6).isEqualTo(otc.outbox.size());
    }

    @Test
    void anAttemptWhoseWriteFailedSendsNothingAndRaisesNone() {
        FailClosedTest.BreakableStore store = new FailClosedTest.BreakableStore();
        build(store, b -> b.cooldown(Duration.ZERO));
        MfaUser u = enrol("alice", "alice@example.test");
        store.failWrites.set(true);
        assertThatThrownBy(() -> mfa.prompt(u, P, MfaSession.of("a"))).isInstanceOf(MfaStoreException.class);
        assertThatThrownBy(() -> mfa.setup(MfaUser.of("bob"), P, MfaInput.of(Map.of("to", "bob@example.test")),
                MfaSession.of("b"))).isInstanceOf(MfaStoreException.class);
        assertThat(otc.outbox).hasSize(1);
        assertThat(sent()).as("the first setup's code only").isEqualTo(1);
    }
}
