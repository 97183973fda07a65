package org.mfa4j.benchmarks;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.mfa4j.ChangeStatus;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.provider.email.EmailProviderFactory;
import org.mfa4j.provider.sms.SmsProviderFactory;
import org.mfa4j.spi.FactorKind;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.code.OneTimeCodeProvider;
import org.mfa4j.spi.code.OneTimeCodes;
import org.mfa4j.store.InMemoryMfaStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A sent code, from {@link Mfa#prompt} until the message is accepted by the peer ({@code prompt} returns after
 * the delivery ran): {@code email} to GreenMail over SMTP on the loopback interface (no TLS; {@link GreenMailStandIn}),
 * {@code sms} through the real Twilio SDK to a local stand-in of the Messages API ({@link TwilioStandIn}), and {@code none}, the same
 * prompt on the core's one-time-code block with a channel that does nothing: the core's own share (a code, its
 * keyed hash, the transaction, the delivery after commit). Every prompt is in a new session, so each one sends;
 * cooldown 0 and send budgets off (a budget's charge is a store write the figures would include). E-mail is
 * allowed alone (setting {@code allow-use-alone}) so the user needs no other factor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DeliveryBenchmark {

    /** One enrolled user and the peer of the provider measured. */
    @State(Scope.Thread)
    public static class Peer {
        @Param({"none", EmailProviderFactory.ID, SmsProviderFactory.ID})
        public String provider;

        private static final Pattern CODE = Pattern.compile("(?<![0-9])[0-9]{6}(?![0-9])");

        GreenMail greenMail;
        TwilioStandIn twilio;
        Mfa mfa;
        MfaUser user;
        long sessions;

        @Setup(Level.Trial)
        public void start() {
            Map<String, String> off = Map.of("resend-cooldown", "0", "budget.per-user", "off",
                    "budget.per-destination", "off");
            Mfa.Builder b = Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()));
            Map<String, String> settings = new HashMap<>(off);
            switch (provider) {
                case EmailProviderFactory.ID -> {
                    greenMail = new GreenMailStandIn();
                    greenMail.start();
                    settings.putAll(Map.of("smtp-host", "127.0.0.1",
                            "smtp-port", Integer.toString(greenMail.getSmtp().getPort()), "smtp-security", "none",
                            "smtp-allow-plain-text", "true", "from", "no-reply@acme.example", "smtp-ehlo-name", "bench.local"));
                    settings.put(EmailProviderFactory.SETTING_ALLOW_USE_ALONE, "true");
                    b.provider(new EmailProviderFactory());
                }
                case SmsProviderFactory.ID -> {
                    twilio = new TwilioStandIn();
                    settings.putAll(Map.of("account-sid", "AC" + "0123456789abcdef".repeat(2),
                            "auth-token", "t".repeat(32), "from", "+12015550100", "countries", "1",
                            "budget.per-prefix", "off", "budget.per-country", "off"));
                    b.provider(new SmsProviderFactory()).service(HttpRoutePlanner.class, twilio.routes());
                }
                default -> b.provider(new Silent());
            }
            mfa = b.configure(provider, settings).build();
            user = MfaUser.builder("erin").email("erin@example.test").phoneNumber("+12015550123").build();
            MfaSession enrol = MfaSession.of("enrol");
            ChangeStatus setup = mfa.setup(user, provider, MfaInput.empty(), enrol).status();
            if (setup != ChangeStatus.DONE) {
                throw new IllegalStateException("setup: " + setup);
            }
            // Activation needs the code sent; the factor is activated from what the peer received.
            Fixtures.require(mfa.activate(user, provider, MfaInput.code(lastCode()), enrol), Status.ACCEPTED,
                    "activation");
        }

        /** The code of the enrolment message, as the peer received it. */
        private String lastCode() {
            String received = switch (provider) {
                case EmailProviderFactory.ID -> GreenMailUtil.getBody(greenMail.getReceivedMessages()[0]);
                case SmsProviderFactory.ID -> twilio.lastForm();
                default -> SilentCodes.last();
            };
            Matcher m = CODE.matcher(received);
            if (!m.find()) {
                throw new IllegalStateException("no code in what the " + provider + " peer received");
            }
            return m.group();
        }

        @TearDown(Level.Iteration)
        public void purge() throws Exception {
            if (greenMail != null) {
                greenMail.purgeEmailFromAllMailboxes();
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            if (greenMail != null) {
                greenMail.stop();
            }
            if (twilio != null) {
                twilio.close();
            }
        }

        Prompt prompt() {
            Prompt p = mfa.prompt(user, provider, MfaSession.of("login-" + sessions++));
            if (p.status() != Status.ACCEPTED) {
                throw new IllegalStateException("prompt refused: " + p);
            }
            return p;
        }
    }

    @Benchmark
    public Prompt prompt(Peer p) {
        return p.prompt();
    }

    /** The code of the last message of the silent channel, for the enrolment. */
    static final class SilentCodes {
        private static volatile String last;

        static String last() {
            return last;
        }
    }

    /** A sent-code factor on the core's block whose channel does nothing but remember the code. */
    static final class Silent implements MfaProviderFactory {
        @Override
        public ProviderDescriptor descriptor() {
            return ProviderDescriptor.builder("none").title("Nothing sent").kind(FactorKind.POSSESSION).build();
        }

        @Override
        public MfaProvider create(ProviderContext context) {
            OneTimeCodes codes = OneTimeCodes.builder(m -> SilentCodes.last = m.code(), context.random())
                    .settings(context.settings()).build();
            return new OneTimeCodeProvider(codes, Locale.ENGLISH, "nothing") {
                @Override
                protected String destination(MfaInput input, PropertyManager properties) {
                    return "nowhere";
                }
            };
        }
    }
}
