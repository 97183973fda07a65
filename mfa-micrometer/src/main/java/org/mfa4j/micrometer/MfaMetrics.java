package org.mfa4j.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mfa4j.Mfa;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaEventListener;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.spi.ProviderDescriptor;

/**
 * The core's audit events as Micrometer counters: register the listener {@link #bindTo} returns with
 * {@code Mfa.builder().listener(...)}. Counters move after the change they count was committed, on the
 * thread that made it (see {@link MfaEventListener}).
 *
 * <h2>Meters</h2>
 * Counters, from the events:
 * <ul>
 *   <li>{@value #VERIFICATIONS} {@code provider}, {@code outcome} ({@code accepted}, {@code failed}): answers
 *       accepted ({@code Verified}) or refused with a counted failure ({@code Failed}).</li>
 *   <li>{@value #FAILURES} {@code provider}, {@code reason} ({@code wrong-code}, {@code malformed-input},
 *       {@code replay}, {@code expired}, ...: the {@code FailureReason}s).</li>
 *   <li>{@value #LOCKOUTS} {@code provider}, {@code scope} ({@code provider}, {@code account}).</li>
 *   <li>{@value #ACTIVATIONS} {@code provider}.</li>
 *   <li>{@value #SENDS_REFUSED} {@code provider}, {@code budget} (the send budget's name, such as
 *       {@code per-user}): a code not sent because a budget refused it.</li>
 *   <li>{@value #DELIVERIES_FAILED} {@code provider}, {@code cause} (the failure's class name).</li>
 *   <li>{@value #CODES_SENT} {@code provider}, {@code channel} ({@code email}, {@code sms}, ...: the channel id
 *       the provider names, else its id): one-time codes the channel took ({@code CodeSent}). A prompt inside
 *       the resend cooldown sends nothing and is not counted; nor is a send refused or failed.</li>
 *   <li>{@value #RECOVERY_CODES_LOW} {@code provider}: a use left few recovery codes (the
 *       {@code low-codes} notice).</li>
 *   <li>{@value #NOTICES} {@code provider}, {@code kind}: every provider notice ({@code low-codes},
 *       TOTP's {@code clock-skew}, Duo's {@code fail-open}, ...).</li>
 *   <li>{@value #DEVICES_REMEMBERED}; {@value #DEVICE_SIGN_INS} {@code outcome} ({@code accepted},
 *       {@code rejected}, {@code expired}, {@code not-allowed}).</li>
 *   <li>{@value #BREAK_GLASS_USED}; {@value #BREAK_GLASS_REFUSED} {@code status} ({@code rejected},
 *       {@code expired}).</li>
 *   <li>{@value #EVENTS} {@code name}: every event by its short name ({@code verified}, {@code failed},
 *       {@code replay}, {@code locked}, {@code flow-reset}, ...), the ones above included.</li>
 * </ul>
 * Timers: the events carry no duration, so none is made up from them. {@link #verify} and {@link #prompt} are
 * pass-throughs the application calls instead of {@code Mfa.verify} and {@code Mfa.prompt}; they time the
 * call ({@value #VERIFY_DURATION}, {@value #PROMPT_DURATION}, tags {@code provider} and {@code status}, the
 * {@code Status} in lowercase with dashes, {@code error} when the call threw). A prompt's time includes the
 * delivery of its code, which runs in the call.
 *
 * <h2>Tags</h2>
 * Tag values come from closed sets: enum constants, the event names, and the ids of the configured providers,
 * channels and send budgets. Never a user id, session, device id, credential id, destination or a message. A value
 * from an event that is not a short identifier ({@code [A-Za-z0-9._-]}, at most 64 characters) is recorded
 * as {@value #OTHER}; a provider id handed to {@link #verify} or {@link #prompt} that names no registered
 * provider too, so a caller's input cannot grow the number of series.
 *
 * <p>Codes are counted by {@value #CODES_SENT}, not by {@value #PROMPT_DURATION}: a prompt with
 * {@code status=accepted} inside the resend cooldown sent nothing.
 */
public final class MfaMetrics implements MfaEventListener {

    /** Counter: answers accepted or refused. Tags {@code provider}, {@code outcome}. */
    public static final String VERIFICATIONS = "mfa4j.verifications";
    /** Counter: refused answers by reason. Tags {@code provider}, {@code reason}. */
    public static final String FAILURES = "mfa4j.verification.failures";
    /** Counter: lockouts. Tags {@code provider}, {@code scope}. */
    public static final String LOCKOUTS = "mfa4j.lockouts";
    /** Counter: providers activated. Tag {@code provider}. */
    public static final String ACTIVATIONS = "mfa4j.activations";
    /** Counter: sends refused by a budget. Tags {@code provider}, {@code budget}. */
    public static final String SENDS_REFUSED = "mfa4j.sends.refused";
    /** Counter: deliveries that failed. Tags {@code provider}, {@code cause}. */
    public static final String DELIVERIES_FAILED = "mfa4j.deliveries.failed";
    /** Counter: one-time codes sent. Tags {@code provider}, {@code channel}. */
    public static final String CODES_SENT = "mfa4j.codes.sent";
    /** Counter: uses that left few recovery codes. Tag {@code provider}. */
    public static final String RECOVERY_CODES_LOW = "mfa4j.recovery.codes.low";
    /** Counter: provider notices. Tags {@code provider}, {@code kind}. */
    public static final String NOTICES = "mfa4j.notices";
    /** Counter: devices remembered. No tags. */
    public static final String DEVICES_REMEMBERED = "mfa4j.devices.remembered";
    /** Counter: sign-ins with a remembered device. Tag {@code outcome}. */
    public static final String DEVICE_SIGN_INS = "mfa4j.devices.signins";
    /** Counter: break-glass codes used. No tags. */
    public static final String BREAK_GLASS_USED = "mfa4j.breakglass.used";
    /** Counter: break-glass answers refused. Tag {@code status}. */
    public static final String BREAK_GLASS_REFUSED = "mfa4j.breakglass.refused";
    /** Counter: every event. Tag {@code name}. */
    public static final String EVENTS = "mfa4j.events";
    /** Timer: {@link #verify}. Tags {@code provider}, {@code status}. */
    public static final String VERIFY_DURATION = "mfa4j.verify.duration";
    /** Timer: {@link #prompt}. Tags {@code provider}, {@code status}. */
    public static final String PROMPT_DURATION = "mfa4j.prompt.duration";
    /** The tag value that stands for anything outside the closed set. */
    public static final String OTHER = "other";

    static final String PROVIDER = "provider";
    static final String OUTCOME = "outcome";
    static final String STATUS = "status";
    private static final String LOW_CODES = "low-codes";
    private static final int MAX_TAG = 64;

    private final MeterRegistry registry;

    private MfaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The listener that counts into {@code registry}; register it with {@code Mfa.builder().listener(...)}.
     *
     * @throws NullPointerException when {@code registry} is null
     */
    public static MfaMetrics bindTo(MeterRegistry registry) {
        return new MfaMetrics(Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public void onEvent(MfaEvent event) {
        count(EVENTS, "name", event.name());
        if (event instanceof MfaEvent.Verified v) {
            count(VERIFICATIONS, PROVIDER, v.providerId(), OUTCOME, "accepted");
        } else if (event instanceof MfaEvent.Failed f) {
            count(VERIFICATIONS, PROVIDER, f.providerId(), OUTCOME, "failed");
            count(FAILURES, PROVIDER, f.providerId(), "reason", word(f.reason()));
        } else if (event instanceof MfaEvent.Locked l) {
            count(LOCKOUTS, PROVIDER, l.providerId(), "scope", word(l.scope()));
        } else if (event instanceof MfaEvent.Activated a) {
            count(ACTIVATIONS, PROVIDER, a.providerId());
        } else if (event instanceof MfaEvent.SendRefused s) {
            count(SENDS_REFUSED, PROVIDER, s.providerId(), "budget", s.budget());
        } else if (event instanceof MfaEvent.DeliveryFailed d) {
            count(DELIVERIES_FAILED, PROVIDER, d.providerId(), "cause", d.cause());
        } else if (event instanceof MfaEvent.CodeSent c) {
            count(CODES_SENT, PROVIDER, c.providerId(), "channel", c.channel());
        } else if (event instanceof MfaEvent.Notice n) {
            count(NOTICES, PROVIDER, n.providerId(), "kind", n.kind());
            if (LOW_CODES.equals(n.kind())) {
                count(RECOVERY_CODES_LOW, PROVIDER, n.providerId());
            }
        } else if (event instanceof MfaEvent.DeviceRemembered) {
            count(DEVICES_REMEMBERED);
        } else if (event instanceof MfaEvent.DeviceSignedIn) {
            count(DEVICE_SIGN_INS, OUTCOME, "accepted");
        } else if (event instanceof MfaEvent.DeviceRefused r) {
            count(DEVICE_SIGN_INS, OUTCOME, word(r.status()));
        } else if (event instanceof MfaEvent.BreakGlassUsed) {
            count(BREAK_GLASS_USED);
        } else if (event instanceof MfaEvent.BreakGlassRefused r) {
            count(BREAK_GLASS_REFUSED, STATUS, word(r.status()));
        }
    }

    /**
     * {@code mfa.verify(user, providerId, input, session)}, timed as {@value #VERIFY_DURATION}.
     *
     * @return what {@code Mfa.verify} returned; what it threw is rethrown after the time is recorded
     */
    public Result verify(Mfa mfa, MfaUser user, String providerId, MfaInput input, MfaSession session) {
        return timed(VERIFY_DURATION, mfa, providerId, () -> mfa.verify(user, providerId, input, session),
                Result::status);
    }

    /**
     * {@code mfa.prompt(user, providerId, session)}, timed as {@value #PROMPT_DURATION} (the delivery of a code
     * included).
     *
     * @return what {@code Mfa.prompt} returned; what it threw is rethrown after the time is recorded
     */
    public Prompt prompt(Mfa mfa, MfaUser user, String providerId, MfaSession session) {
        return timed(PROMPT_DURATION, mfa, providerId, () -> mfa.prompt(user, providerId, session), Prompt::status);
    }

    private <T> T timed(String meter, Mfa mfa, String providerId, Supplier<T> call, Function<T, Status> status) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "error";
        try {
            T result = call.get();
            outcome = word(status.apply(result));
            return result;
        } finally {
            sample.stop(registry.timer(meter, PROVIDER, registered(mfa, providerId), STATUS, outcome));
        }
    }

    /** {@code providerId} if it names a provider of {@code mfa}, else {@value #OTHER}. */
    private static String registered(Mfa mfa, String providerId) {
        for (ProviderDescriptor d : mfa.providers()) {
            if (d.id().equals(providerId)) {
                return bounded(providerId);
            }
        }
        return OTHER;
    }

    private void count(String name, String... tags) {
        for (int i = 1; i < tags.length; i += 2) {
            tags[i] = bounded(tags[i]);
        }
        registry.counter(name, tags).increment();
    }

    /** An enum constant as a tag value: {@code WRONG_CODE} is {@code wrong-code}. */
    private static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code value} if it is a short identifier, else {@value #OTHER}: nothing free-form reaches a tag. */
    static String bounded(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_TAG) {
            return OTHER;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            if (!ok) {
                return OTHER;
            }
        }
        return value;
    }
}
