package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.internal.DocumentJson;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.testing.logging.LogCapture;

/** An administrator's single-use, time-limited bypass, where one would otherwise delete a user's MFA row. */
class BreakGlassTest {

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    private final Fixture f = new Fixture();
    private final MfaUser alice = MfaUser.of("alice");

    private Result use(String code, String sessionId) {
        return f.mfa.verifyBreakGlass(alice, MfaInput.code(code), MfaSession.of(sessionId));
    }

    @Test
    void aCodeSignsTheUserInOnceAndLetsHerReplaceALostFactor() {
        f.enrol(alice, "code");
        BreakGlassCode issued = f.mfa.admin().issueBreakGlass("alice", "root-admin");
        assertThat(issued.code()).matches("[A-Z2-9]{5}(-[A-Z2-9]{5}){3}");
        assertThat(issued.expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofHours(1)));

        Result r = use(issued.code().toLowerCase(Locale.ROOT).replace("-", " "), "lost-phone");

        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        MfaSession session = MfaSession.of("lost-phone").withProof(r.proof().orElseThrow());
        assertThat(f.mfa.state(alice, session).status()).isEqualTo(MfaState.Step.SATISFIED);
        assertThat(f.mfa.setup(alice, "card", session).status()).as("a new factor, on the administrator's word")
                .isEqualTo(ChangeStatus.DONE);
        assertThat(use(issued.code(), "again").status()).as("single use").isEqualTo(Status.REJECTED);
        assertThat(UserDocument.of(f.store.load("alice").orElseThrow().document()).breakGlass()).isEmpty();
    }

    @Test
    void ofTwoConcurrentUsesExactlyOneSucceeds() throws Exception {
        f.enrol(alice, "code");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String code = f.mfa.admin().issueBreakGlass("alice", "root-admin").code();
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Result>> results = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    String sessionId = "thread-" + t;
                    results.add(pool.submit(() -> {
                        start.await();
                        return use(code, sessionId);
                    }));
                }
                int accepted = 0;
                int rejected = 0;
                for (Future<Result> result : results) {
                    Status s = result.get().status();
                    accepted += s == Status.ACCEPTED ? 1 : 0;
                    rejected += s == Status.REJECTED ? 1 : 0;
                }
                assertThat(accepted).as("round %d", round).isEqualTo(1);
                assertThat(rejected).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.events.events(MfaEvent.BreakGlassUsed.class)).hasSize(20);
    }

    @Test
    void aCodeExpires() {
        String code = f.mfa.admin().issueBreakGlass("alice", "root-admin").code();
        f.clock.advance(Duration.ofHours(1));
        Result late = use(code, "s");
        assertThat(late.status()).isEqualTo(Status.EXPIRED);
        assertThat(late.reason()).contains(FailureReason.EXPIRED);

        String shortCode = f.mfa.admin().issueBreakGlass("alice", "root-admin", Duration.ofMinutes(10)).code();
        f.clock.advance(Duration.ofMinutes(9));
        assertThat(use(shortCode, "s").status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aNewCodeReplacesTheOutstandingOneAndAnAdministratorMayWithdrawIt() {
        String first = f.mfa.admin().issueBreakGlass("alice", "root-admin").code();
        String second = f.mfa.admin().issueBreakGlass("alice", "other-admin").code();
        assertThat(use(first, "s").status()).isEqualTo(Status.REJECTED);
        assertThat(f.mfa.admin().revokeBreakGlass("alice", "root-admin")).isTrue();
        assertThat(f.mfa.admin().revokeBreakGlass("alice", "root-admin")).isFalse();
        assertThat(use(second, "s").status()).isEqualTo(Status.REJECTED);
        assertThat(use("not a code", "s").reason()).contains(FailureReason.MALFORMED_INPUT);
        assertThat(f.events.events(MfaEvent.BreakGlassIssued.class)).extracting(MfaEvent.BreakGlassIssued::replaced)
                .containsExactly(false, true);
        assertThat(f.events.events(MfaEvent.BreakGlassRefused.class)).hasSize(3);
        assertThat(f.events.events(MfaEvent.BreakGlassRevoked.class)).singleElement()
                .satisfies(e -> assertThat(e.revokedBy()).isEqualTo("root-admin"));
    }

    @Test
    void issueAndUseAreAuditedWithWhoIssuedItAndWhen() {
        Instant issuedAt = f.clock.instant();
        BreakGlassCode issued = f.mfa.admin().issueBreakGlass("alice", "root-admin", Duration.ofMinutes(30));
        f.clock.advance(Duration.ofMinutes(5));
        use(issued.code(), "s");

        MfaEvent.BreakGlassIssued issue = f.events.events(MfaEvent.BreakGlassIssued.class).get(0);
        assertThat(issue.userId()).isEqualTo("alice");
        assertThat(issue.codeId()).isEqualTo(issued.id());
        assertThat(issue.issuedBy()).isEqualTo("root-admin");
        assertThat(issue.at()).isEqualTo(issuedAt);
        assertThat(issue.expires()).isEqualTo(issuedAt.plus(Duration.ofMinutes(30)));
        MfaEvent.BreakGlassUsed used = f.events.events(MfaEvent.BreakGlassUsed.class).get(0);
        assertThat(used.userId()).isEqualTo("alice");
        assertThat(used.codeId()).isEqualTo(issued.id());
        assertThat(used.issuedBy()).isEqualTo("root-admin");
        assertThat(used.issuedAt()).isEqualTo(issuedAt);
        assertThat(used.at()).isEqualTo(issuedAt.plus(Duration.ofMinutes(5)));
        assertThat(logs.messages()).anyMatch(m -> m.contains("event=break-glass-issued user=alice code=" + issued.id()
                + " by=root-admin")).anyMatch(m -> m.contains("event=break-glass-used user=alice code=" + issued.id()
                + " issued-by=root-admin issued=" + issuedAt));
    }

    @Test
    void theCodeIsNeverStoredOrShownInClear() {
        BreakGlassCode issued = f.mfa.admin().issueBreakGlass("alice", "root-admin");
        String plain = issued.code().replace("-", "");
        UserDocument stored = UserDocument.of(f.store.load("alice").orElseThrow().document());
        String json = stored.toJson();
        assertThat(stored.breakGlass()).hasValueSatisfying(b -> assertThat(b.hash()).startsWith("h1."));
        assertThat(DocumentJson.decode(json)).as("the codec keeps it exactly").isEqualTo(stored);
        Result used = use(issued.code(), "s");
        use(issued.code(), "s");

        List<String> texts = new ArrayList<>(logs.texts());
        texts.add(json);
        texts.add(stored.toString());
        texts.add(issued.toString());
        texts.add(used.toString());
        f.events.events().forEach(e -> texts.add(e.toString()));
        for (String text : texts) {
            assertThat(text).doesNotContain(plain).doesNotContain(issued.code())
                    .doesNotContain(plain.substring(0, 5) + "-" + plain.substring(5, 10));
        }
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> f.mfa.admin().issueBreakGlass("alice", "root", Duration.ofHours(25)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at most");
        assertThatThrownBy(() -> f.mfa.admin().issueBreakGlass("alice", "root", Duration.ZERO))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> f.mfa.admin().issueBreakGlass("alice", " ")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> f.mfa.admin().issueBreakGlass("", "root")).isInstanceOf(InvalidRequestException.class);
        assertThat(f.store.load("alice")).isEmpty();
    }
}
