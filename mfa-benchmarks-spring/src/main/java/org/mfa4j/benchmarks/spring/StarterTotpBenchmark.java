package org.mfa4j.benchmarks.spring;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The TOTP step through mfa-spring-boot-starter, as a browser meets it: one HTTP/1.1 request over loopback to
 * {@link BenchmarkApp} in this JVM (Tomcat, the session cookie, Spring Security's filter chain with CSRF,
 * Spring MVC, {@code MfaWeb.verify}, the security context saved and the session id changed), beside the same
 * session's GET of a page that needs only the password. Their ratio is what the MFA step adds on the server
 * over an ordinary signed-in request; both include the same client and loopback cost. Each {@code totpStep}
 * moves mfa4j's clock one period and posts the code of the new step (a step is accepted once); the code is
 * computed in the call (googleauth, about 2 µs, under 1 % of the request). Every answer is checked: a refusal
 * ends the run with an exception instead of being measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StarterTotpBenchmark {

    /** The application and its signed-in client with TOTP enrolled. */
    @State(Scope.Thread)
    public static class Session {
        StarterClient client;

        @Setup(Level.Trial)
        public void start() {
            client = StarterClient.start();
        }

        @TearDown(Level.Trial)
        public void stop() {
            client.close();
        }
    }

    /** (a) POST of a fresh valid TOTP code to the MFA step. */
    @Benchmark
    public String totpStep(Session s) {
        return s.client.verifyNext();
    }

    /** (b) GET of a page that needs only the password, same session. */
    @Benchmark
    public String passwordPage(Session s) {
        return s.client.passwordPage();
    }
}
