package org.mfa4j.spi.code;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.mfa4j.MfaInput;
import org.mfa4j.View;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.Credential;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.PropertyMap;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.Settings;
import org.mfa4j.spi.Setup;

/**
 * Codes sent to a destination (an e-mail address, a phone number), for a provider to delegate to: enrolment
 * verifies a destination and adds it as a credential; sign-in sends a code to the user's destination and
 * checks the answer. Immutable and thread-safe; build one per provider with {@link #builder}.
 *
 * <ul>
 *   <li>Codes have {@linkplain Builder#digits 6 to 8 digits} from the core's {@code SecureRandom}; only a keyed
 *       hash is stored ({@link PropertyMap#putHashed}), with the time it stops being accepted.</li>
 *   <li>A code is accepted once and only before its {@linkplain Builder#lifetime lifetime} (default 5 minutes,
 *       at most 10) is over; an expired one is refused with {@link FailureReason#EXPIRED}.</li>
 *   <li>A new code is sent at most once per {@linkplain Builder#cooldown cooldown} (default 60 s) per session:
 *       a prompt within it sends nothing and the code already sent stays valid. A new code replaces the one
 *       before; wrong answers are counted by the core, and a resend does not reset that count.</li>
 *   <li>Every send names its {@linkplain Builder#budget budgets}; the core charges them across threads and
 *       nodes before the channel runs, and refuses the send when one is used up.</li>
 *   <li>Sign-in codes are bound to the session's login flow: a flow started in another session leaves them
 *       valid; a reset after too many failures, or a success, voids them.</li>
 *   <li>Each code the channel took raises a {@code CodeSent} event naming the {@linkplain Builder#channelId
 *       channel}; a prompt within the cooldown raises none.</li>
 * </ul>
 */
public final class OneTimeCodes {

    /** The longest lifetime NIST SP 800-63B-4 allows an out-of-band code. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

    private static final String PENDING_HASH = "otc.pending.hash";
    private static final String PENDING_UNTIL = "otc.pending.until";
    private static final String PENDING_DESTINATION = "otc.pending.to";
    private static final String PENDING_LABEL = "otc.pending.label";
    private static final String CODE_HASH = "otc.hash";
    private static final String CODE_UNTIL = "otc.until";
    private static final String CODE_SENT = "otc.sent";
    private static final String CODE_CREDENTIAL = "otc.credential";
    /** A credential's destination, sealed. */
    public static final String DESTINATION = "destination";

    private final CodeChannel channel;
    private final SecureRandom random;
    private final int digits;
    private final Duration lifetime;
    private final Duration cooldown;
    private final List<SendBudget> budgets;
    private final UnaryOperator<String> mask;
    private final String noun;
    private final Optional<String> channelId;

    private OneTimeCodes(Builder b) {
        this.channel = b.channel;
        this.random = b.random;
        this.digits = b.digits;
        this.lifetime = b.lifetime;
        this.cooldown = b.cooldown;
        this.budgets = List.copyOf(b.budgets);
        this.mask = b.mask;
        this.noun = b.noun;
        this.channelId = b.channelId;
    }

    /**
     * @param channel delivers the messages
     * @param random  the core's random source ({@code ProviderContext.random()})
     */
    public static Builder builder(CodeChannel channel, SecureRandom random) {
        return new Builder(channel, random);
    }

    public Duration lifetime() {
        return lifetime;
    }

    public Duration cooldown() {
        return cooldown;
    }

    /** {@code destination} as shown to the user: {@code j***@example.com}, {@code +49 *** *** 78}. */
    public String masked(String destination) {
        return mask.apply(destination);
    }

    // ---------------------------------------------------------------------------------------------- enrolment

    /**
     * Setup of a new destination (validated by the caller): stores a pending code for it and returns the
     * setup page's view ({@code sentTo}, {@code expiresAt}) with the delivery the core runs after commit.
     */
    public Setup enrol(PropertyManager pm, String destination, String label, Locale locale) {
        Objects.requireNonNull(destination, "destination");
        String code = newCode();
        Instant until = pm.now().plus(lifetime);
        pm.putHashed(PENDING_HASH, ascii(code));
        pm.putInstant(PENDING_UNTIL, until);
        pm.putSecret(PENDING_DESTINATION, utf8(destination));
        pm.putString(PENDING_LABEL, label);
        View view = View.builder().put("sentTo", masked(destination)).put("expiresAt", until.toString()).build();
        return Setup.delivered(view, dispatch(CodeMessage.Purpose.ENROLMENT, pm.user().id(), destination, code,
                locale));
    }

    /**
     * Activation: the code sent by {@link #enrol}. On success the destination becomes a credential (sealed)
     * with the label given at setup, and the pending values go.
     */
    public Outcome confirm(MfaInput input, PropertyManager pm) {
        Optional<Instant> until = pm.getInstant(PENDING_UNTIL);
        if (until.isEmpty()) {
            return Outcome.reject(FailureReason.NO_CHALLENGE);
        }
        Outcome checked = check(input, pm, PENDING_HASH, until.get());
        if (!checked.accepted()) {
            return checked;
        }
        Credential c = pm.addCredential(pm.getString(PENDING_LABEL).orElse(noun));
        c.putSecret(DESTINATION, pm.getSecret(PENDING_DESTINATION).orElseThrow());
        for (String key : List.of(PENDING_HASH, PENDING_UNTIL, PENDING_DESTINATION, PENDING_LABEL)) {
            pm.remove(key);
        }
        return checked;
    }

    // ------------------------------------------------------------------------------------------------ sign-in

    /**
     * The sign-in prompt: sends a new code to the user's first credential's destination, or, within the
     * cooldown of the last send in this session, sends nothing and keeps that code. The view says where it
     * went ({@code sentTo}), until when it is valid ({@code expiresAt}) and when a new one may be asked for
     * ({@code resendAt}).
     */
    public Optional<Challenge> challenge(PropertyManager pm, Locale locale) {
        Credential to = pm.credentials().stream().findFirst().orElse(null);
        if (to == null) {
            return Optional.empty();
        }
        String destination = destination(to);
        PropertyMap flow = pm.challenge();
        Instant now = pm.now();
        Optional<Instant> sent = flow.getInstant(CODE_SENT);
        if (sent.isPresent() && now.isBefore(sent.get().plus(cooldown)) && flow.contains(CODE_HASH)) {
            Instant until = flow.getInstant(CODE_UNTIL).orElseThrow();
            return Optional.of(new Challenge(view(destination, until, sent.get()), Optional.of(until), Optional.empty()));
        }
        String code = newCode();
        Instant until = now.plus(lifetime);
        flow.putHashed(CODE_HASH, ascii(code));
        flow.putInstant(CODE_UNTIL, until);
        flow.putInstant(CODE_SENT, now);
        flow.putString(CODE_CREDENTIAL, to.id());
        return Optional.of(Challenge.sent(view(destination, until, now), until,
                dispatch(CodeMessage.Purpose.SIGN_IN, pm.user().id(), destination, code, locale)));
    }

    /** The answer page's sentence: where the code went and how long it is valid. */
    public Optional<String> instructions(PropertyManager pm) {
        return pm.credentials().stream().findFirst().map(c -> "Enter the code sent to " + masked(destination(c))
                + ". It is valid for " + (lifetime.toSeconds() + 59) / 60 + " minutes.");
    }

    /** Verification: the code of this session's last send, once, before it expires. */
    public Outcome verify(MfaInput input, PropertyManager pm) {
        PropertyMap flow = pm.challenge();
        Optional<Instant> until = flow.getInstant(CODE_UNTIL);
        if (until.isEmpty()) {
            return Outcome.reject(FailureReason.NO_CHALLENGE);
        }
        Outcome checked = check(input, flow, CODE_HASH, until.get(), pm.now());
        if (checked.accepted()) {
            flow.getString(CODE_CREDENTIAL).flatMap(pm::credential).ifPresent(Credential::markUsed);
            for (String key : List.of(CODE_HASH, CODE_UNTIL, CODE_CREDENTIAL)) {
                flow.remove(key);
            }
        }
        return checked;
    }

    // ---------------------------------------------------------------------------------------------- internals

    /** The destination a credential holds, opened. */
    private static String destination(Credential c) {
        return c.getSecret(DESTINATION).orElseThrow().read(b -> new String(b, StandardCharsets.UTF_8));
    }

    private Outcome check(MfaInput input, PropertyManager pm, String hashKey, Instant until) {
        return check(input, pm, hashKey, until, pm.now());
    }

    private Outcome check(MfaInput input, PropertyMap map, String hashKey, Instant until, Instant now) {
        String typed = normalised(input.code().orElse(""));
        if (typed.length() != digits) {
            return Outcome.reject(FailureReason.MALFORMED_INPUT);
        }
        // The hash is checked first, so an expired code is told apart from a wrong one.
        if (!map.matchesHashed(hashKey, ascii(typed))) {
            return Outcome.reject(FailureReason.WRONG_CODE);
        }
        if (!now.isBefore(until)) {
            map.remove(hashKey);
            return Outcome.reject(FailureReason.EXPIRED);
        }
        return Outcome.accept();
    }

    /** The digits typed, without the separators people type ({@link MfaInput#isCodeSeparator}). */
    private static String normalised(String typed) {
        StringBuilder sb = new StringBuilder(typed.length());
        for (int i = 0; i < typed.length() && sb.length() <= 8; i++) {
            char c = typed.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            } else if (!MfaInput.isCodeSeparator(c)) {
                return "";
            }
        }
        return sb.toString();
    }

    private View view(String destination, Instant until, Instant sent) {
        return View.builder().put("sentTo", masked(destination)).put("expiresAt", until.toString())
                .put("resendAt", sent.plus(cooldown).toString()).build();
    }

    private Challenge.Dispatch dispatch(CodeMessage.Purpose purpose, String userId, String destination, String code,
                                        Locale locale) {
        CodeMessage message = new CodeMessage(purpose, destination, code, lifetime, locale);
        return Challenge.Dispatch.charged(() -> channel.send(message),
                budgets.stream().map(b -> b.charge(userId, destination)).toList(), channelId);
    }

    private String newCode() {
        int bound = (int) Math.pow(10, digits);
        return String.format(Locale.ROOT, "%0" + digits + "d", random.nextInt(bound));
    }

    private static SecretBytes ascii(String code) {
        return SecretBytes.copyOf(code.getBytes(StandardCharsets.US_ASCII));
    }

    private static SecretBytes utf8(String s) {
        return SecretBytes.copyOf(s.getBytes(StandardCharsets.UTF_8));
    }

    /** How codes are made, kept and sent. */
    public static final class Builder {
        private final CodeChannel channel;
        private final SecureRandom random;
        private int digits = 6;
        private Duration lifetime = Duration.ofMinutes(5);
        private Duration cooldown = Duration.ofSeconds(60);
        private final List<SendBudget> budgets = new ArrayList<>();
        private UnaryOperator<String> mask = UnaryOperator.identity();
        private String noun = "destination";
        private Optional<String> channelId = Optional.empty();

        private Builder(CodeChannel channel, SecureRandom random) {
            this.channel = Objects.requireNonNull(channel, "channel");
            this.random = Objects.requireNonNull(random, "random");
        }

        /** Digits per code, 6 to 8. The default is 6. */
        public Builder digits(int digits) {
            if (digits < 6 || digits > 8) {
                throw new IllegalArgumentException("codes have 6 to 8 digits");
            }
            this.digits = digits;
            return this;
        }

        /** How long a code is accepted, 30 s to {@link #MAX_LIFETIME}. The default is 5 minutes. */
        public Builder lifetime(Duration lifetime) {
            if (lifetime.compareTo(Duration.ofSeconds(30)) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
                throw new IllegalArgumentException("a code lives 30 seconds to 10 minutes (NIST SP 800-63B-4)");
            }
            this.lifetime = lifetime;
            return this;
        }

        /** The least time between two sends in one session, 0 to 10 minutes. The default is 60 seconds. */
        public Builder cooldown(Duration cooldown) {
            if (cooldown.isNegative() || cooldown.compareTo(MAX_LIFETIME) > 0) {
                throw new IllegalArgumentException("a cooldown is 0 to 10 minutes");
            }
            this.cooldown = cooldown;
            return this;
        }

        /**
         * Reads the provider settings {@code code-digits} ({@link #digits}), {@code code-lifetime}
         * ({@link #lifetime}) and {@code resend-cooldown} ({@link #cooldown}); unset ones keep this builder's
         * values. Malformed or out-of-range values throw {@link org.mfa4j.MfaConfigurationException}.
         */
        public Builder settings(Settings s) {
            digits(s.getInt("code-digits", digits, 6, 8));
            lifetime(s.getDuration("code-lifetime", lifetime, Duration.ofSeconds(30), MAX_LIFETIME));
            return cooldown(s.getDuration("resend-cooldown", cooldown, Duration.ZERO, MAX_LIFETIME));
        }

        /** A send budget every send is charged to (add several). */
        public Builder budget(SendBudget budget) {
            budgets.add(Objects.requireNonNull(budget, "budget"));
            return this;
        }

        /** How destinations are shown; the default shows them unmasked, so set one. */
        public Builder mask(UnaryOperator<String> mask) {
            this.mask = Objects.requireNonNull(mask, "mask");
            return this;
        }

        /** The label of a credential when the setup gave none ("e-mail address", "phone"). */
        public Builder defaultLabel(String noun) {
            this.noun = Objects.requireNonNull(noun, "noun");
            return this;
        }

        /**
         * The short id of the channel ({@code email}, {@code sms}, {@code voice}: {@code [a-z][a-z0-9_-]{0,31}})
         * that the {@code CodeSent} event of each delivered code names, and metrics count by. The default is
         * none: the event names the provider's id.
         *
         * @throws IllegalArgumentException when {@code id} is not such an id
         */
        public Builder channelId(String id) {
            this.channelId = Challenge.Dispatch.requireChannel(Optional.of(Objects.requireNonNull(id, "id")));
            return this;
        }

        public OneTimeCodes build() {
            return new OneTimeCodes(this);
        }
    }
}
