package org.mfa4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.warrenstrange.googleauth.GoogleAuthenticator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.provider.recovery.RecoveryCodesProviderFactory;
import org.mfa4j.provider.totp.TotpProviderFactory;
import org.mfa4j.spi.FailureReason;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Each benchmark's set-up and one call of each measured method, outside JMH, so {@code mvn verify} catches a
 * benchmark that measures the wrong path. No timing is asserted anywhere: performance is reported by
 * {@code run.sh}, never tested.
 */
class BenchmarkSmokeTest {

    private static final Blackhole BLACKHOLE = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void ownCodesMatchTheRfc6238VectorAndGoogleauth() {
        byte[] seed = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        assertThat(OtpCodes.code(OtpCodes.keyedMac("SHA1", seed), 59 / 30, 8)).isEqualTo(94287082);
        GoogleAuthenticator ga = new GoogleAuthenticator();
        String secret = ga.createCredentials().getKey();
        long t = Fixtures.START.toEpochMilli();
        assertThat(OtpCodes.code(OtpCodes.keyedMac("SHA1", OtpCodes.base32(secret)), t / 30_000, 6))
                .isEqualTo(ga.getTotpPassword(secret, t));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA1", "SHA256", "SHA512"})
    void acceptedTotpMovesTheClockAndReallyPassesTheReplayGuard(String algorithm) {
        TotpVerifyBenchmark.Accepted s = new TotpVerifyBenchmark.Accepted();
        s.algorithm = algorithm;
        s.enrol();
        s.prepareCodes();
        TotpVerifyBenchmark b = new TotpVerifyBenchmark();
        for (int i = 0; i < 3; i++) {
            assertThat(b.accepted(s).status()).isEqualTo(Status.ACCEPTED);
        }
        assertThat(s.codes.inlineCount()).isZero();
        // The code just accepted, sent again at the same time, is a replay: the guard was not bypassed.
        String again = s.totp.code(s.totp.step(s.clock));
        Result replay = s.mfa.verify(s.user, TotpProviderFactory.ID, MfaInput.code(again),
                MfaSession.of(Fixtures.SESSION));
        assertThat(replay.status()).isEqualTo(Status.REJECTED);
        assertThat(replay.reason()).contains(FailureReason.REPLAY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA1", "SHA256", "SHA512"})
    void rejectedTotpIsRejectedEveryTimeBecauseTheSnapshotIsRestored(String algorithm) {
        TotpVerifyBenchmark.Rejected s = new TotpVerifyBenchmark.Rejected();
        s.algorithm = algorithm;
        s.enrol();
        TotpVerifyBenchmark b = new TotpVerifyBenchmark();
        for (int i = 0; i < 3; i++) {
            b.rejected(s, BLACKHOLE);
        }
        s.restore();
        s.verifyWrong();
        s.verifyWrong();
        // Without the restore the third failure locks, and the benchmark would stop measuring verification.
        assertThatThrownBy(s::verifyWrong).hasMessageContaining("LOCKED");
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 1})
    void recoveryCodeIsAcceptedOnEveryCall(int codesLeft) {
        RecoveryVerifyBenchmark.Enrolled s = new RecoveryVerifyBenchmark.Enrolled();
        s.codesLeft = codesLeft;
        s.enrol();
        RecoveryVerifyBenchmark b = new RecoveryVerifyBenchmark();
        for (int i = 0; i < 2; i++) {
            Result r = b.verify(s);
            assertThat(r.status()).isEqualTo(Status.ACCEPTED);
            assertThat(r.details()).containsEntry(RecoveryCodesProviderFactory.DETAIL_REMAINING,
                    Integer.toString(codesLeft - 1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TotpProviderFactory.ID, RecoveryCodesProviderFactory.ID})
    void loginEndsAccepted(String provider) {
        LoginBenchmark.Login s = new LoginBenchmark.Login();
        s.provider = provider;
        s.enrol();
        s.prepareCodes();
        LoginBenchmark b = new LoginBenchmark();
        for (int i = 0; i < 2; i++) {
            assertThat(b.login(s).status()).isEqualTo(Status.ACCEPTED);
        }
    }

    @Test
    void discoveryFindsBothProviders(@TempDir Path dir) {
        DiscoveryBenchmark b = new DiscoveryBenchmark();
        b.setUp();
        assertThat(b.discover().providers()).hasSize(2);
        assertThat(b.explicit().providers()).hasSize(2);
        Path keys = StartupProbe.writeKeyFile(dir);
        assertThat(StartupProbe.discover(keys).providers()).hasSize(2);
        assertThat(StartupProbe.explicit(keys).providers()).hasSize(2);
    }

    @Test
    void theWebAuthnBenchmarkVerifiesTheSameAssertionEachWay() throws Exception {
        WebAuthnVerifyBenchmark.Signed s = new WebAuthnVerifyBenchmark.Signed();
        s.sign();
        WebAuthnVerifyBenchmark b = new WebAuthnVerifyBenchmark();
        for (int i = 0; i < 3; i++) {
            assertThat(b.mfaVerify(s).status()).isEqualTo(Status.ACCEPTED);
            assertThat(b.finishAssertion(s).isSuccess()).isTrue();
        }
        assertThat(b.relyingPartyBuild(s)).isNotNull();
        // Without the snapshot put back the request is used up: the benchmark really answers a fresh one.
        Result again = s.mfa.verify(s.user, org.mfa4j.provider.u2f.U2fProviderFactory.ID, s.answer,
                MfaSession.of(Fixtures.SESSION));
        assertThat(again.reason()).contains(FailureReason.NO_CHALLENGE);
    }

    /**
     * Building an {@code Mfa} spins no lambda class of mfa4j's: each costs start-up time (the first one the
     * whole invokedynamic machinery), which the start-up target counts. A new lambda on the build path fails
     * here rather than as a slower figure in the next benchmark run.
     */
    @Test
    void buildingMfaSpinsNoLambdaClasses(@TempDir Path dir) throws Exception {
        Path keys = StartupProbe.writeKeyFile(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xlog:class+load", "-cp", System.getProperty("java.class.path"),
                StartupProbe.class.getName(), "discover", keys.toString()).redirectErrorStream(true).start();
        java.util.List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        assertThat(p.waitFor()).isZero();
        assertThat(lines).contains("2").anyMatch(l -> l.contains("org.mfa4j.Mfa "));
        assertThat(lines).filteredOn(l -> l.contains("org.mfa4j.") && l.contains("$$Lambda")).isEmpty();
    }

    @Test
    void theStartupProbesFirstVerificationIsAccepted(@TempDir Path dir) throws java.io.IOException {
        // verify() throws unless the stored document opens and the fixed code is accepted.
        assertThat(StartupProbe.verify(StartupProbe.writeKeyFile(dir)).providers()).hasSize(2);
        StartupBenchmark b = new StartupBenchmark();
        b.writeKeys();
        assertThat(b.verifyCold()).isNotNull();
        b.removeKeys();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA1", "SHA256", "SHA512"})
    void anchorsRun(String algorithm) throws Exception {
        HmacAnchorBenchmark h = new HmacAnchorBenchmark();
        h.algorithm = algorithm;
        h.setUp();
        int length = h.reusedMac1().length;
        assertThat(length).isEqualTo(switch (algorithm) {
            case "SHA1" -> 20;
            case "SHA256" -> 32;
            default -> 64;
        });
        assertThat(h.getInstancePerCall()).hasSize(length);
        h.reusedMac3(BLACKHOLE);
        GoogleAuthBenchmark g = new GoogleAuthBenchmark();
        g.setUp();
        assertThat(g.authorize()).isTrue();
        assertThat(g.authorizeWrong()).isFalse();
    }

    @Test
    void jdbcOnH2CountsOneRoundTripPerWarmVerificationAndOneForTheBareUpdate() throws Exception {
        jdbcSmoke("h2");
    }

    @Test
    void jdbcOnPostgresqlWhenAServerIsGiven() throws Exception {
        assumeTrue(System.getenv("MFA4J_TEST_PG_URL") != null, "MFA4J_TEST_PG_URL not set: no PostgreSQL");
        jdbcSmoke("postgresql");
    }

    private static void jdbcSmoke(String db) throws Exception {
        JdbcBenchmark.Database database = new JdbcBenchmark.Database();
        database.db = db;
        database.open();
        try {
            JdbcBenchmark.User user = new JdbcBenchmark.User();
            user.enrol(database);
            user.prepareCodes();
            JdbcBenchmark.Counters counters = new JdbcBenchmark.Counters();
            counters.reset();
            JdbcBenchmark b = new JdbcBenchmark();
            for (int i = 0; i < 3; i++) {
                assertThat(b.verify(database, user, counters).status()).isEqualTo(Status.ACCEPTED);
            }
            // The node enrolled the user, so it remembers the document: the conditional UPDATE only.
            assertThat(counters.roundTrips).isEqualTo(counters.calls).isEqualTo(3);
            counters.reset();
            for (int i = 0; i < 3; i++) {
                assertThat(b.bareUpdate(database, user, counters)).isTrue();
            }
            assertThat(counters.roundTrips).isEqualTo(counters.calls).isEqualTo(3);
        } finally {
            database.close();
        }
    }
}
