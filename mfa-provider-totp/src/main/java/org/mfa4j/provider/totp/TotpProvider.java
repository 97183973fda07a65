package org.mfa4j.provider.totp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.mfa4j.MfaInput;
import org.mfa4j.View;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.ProviderEvents;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.Setup;
import org.mfa4j.spi.otp.Base32;
import org.mfa4j.spi.otp.Hotp;
import org.mfa4j.spi.otp.OtpAuthUri;
import org.mfa4j.spi.otp.Totp;

/**
 * The TOTP provider. Everything it keeps lives in the user's entry: the sealed secret, the credential's
 * parameters, the last accepted time step (the replay guard) and the step offsets of the last accepted codes
 * ({@link ClockSkew}), all written by the core in the same compare-and-set as the rest of the operation. No
 * other state, so a re-run after a conflict is harmless; a clock-skew notice is published only if the
 * operation that raised it is committed.
 */
final class TotpProvider implements MfaProvider {

    static final String SECRET = "secret";
    static final String LAST_STEP = "lastStep";

    /** The accepted outcome's details for each step offset a window allows, made once. */
    private static final List<Map<String, String>> OFFSET_DETAILS = offsetDetails();

    private static List<Map<String, String>> offsetDetails() {
        List<Map<String, String>> all = new ArrayList<>();
        for (int o = -Totp.MAX_WINDOW; o <= Totp.MAX_WINDOW; o++) {
            all.add(Map.of(TotpProviderFactory.DETAIL_STEP_OFFSET, Integer.toString(o)));
        }
        return List.copyOf(all);
    }

    private final String issuer;
    private final Totp defaults;
    private final int qrScale;
    private final SecureRandom random;
    private final ProviderEvents events;
    private final Function<SecureRandom, byte[]> secrets;

    TotpProvider(String issuer, Totp defaults, int qrScale, SecureRandom random, ProviderEvents events,
                 Function<SecureRandom, byte[]> secrets) {
        this.issuer = issuer;
        this.defaults = defaults;
        this.qrScale = qrScale;
        this.random = random;
        this.events = events;
        this.secrets = secrets;
    }

    @Override
    public Setup setup(PropertyManager properties) {
        byte[] secret = secrets.apply(random);
        try {
            properties.putSecret(SECRET, SecretBytes.copyOf(secret));
            TotpParameters.writeTo(defaults, properties);
            properties.remove(LAST_STEP);
            properties.remove(ClockSkew.OFFSETS);
            String base32 = Base32.encode(secret);
            String uri = OtpAuthUri.totp(issuer, properties.user().accountLabel(), secret, defaults);
            return Setup.of(View.builder()
                    .put(TotpProviderFactory.VIEW_SECRET, base32)
                    .put(TotpProviderFactory.VIEW_URI, uri)
                    .put(TotpProviderFactory.VIEW_ALGORITHM, defaults.algorithm().name())
                    .put(TotpProviderFactory.VIEW_DIGITS, Integer.toString(defaults.digits()))
                    .put(TotpProviderFactory.VIEW_PERIOD, Integer.toString(defaults.periodSeconds()))
                    .putBinary(TotpProviderFactory.VIEW_QR_PNG, QrCodePng.render(uri, qrScale))
                    .build());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** The pending secret is only ever read from the entry: nothing in the input can replace it. */
    @Override
    public Outcome activate(MfaInput input, PropertyManager properties) {
        return check(input, properties);
    }

    @Override
    public Outcome verify(MfaInput input, PropertyManager properties) {
        return check(input, properties);
    }

    @Override
    public Optional<String> instructions(PropertyManager properties) {
        return Optional.of("Enter the " + TotpParameters.readFrom(properties).digits()
                + "-digit code from your authenticator app.");
    }

    @Override
    public Map<String, String> overview(PropertyManager properties) {
        Totp p = TotpParameters.readFrom(properties);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("algorithm", p.algorithm().name());
        facts.put("digits", Integer.toString(p.digits()));
        facts.put("period", Integer.toString(p.periodSeconds()));
        facts.put("window", Integer.toString(p.window()));
        String history = properties.getString(ClockSkew.OFFSETS).orElse("");
        if (ClockSkew.recorded(history) >= ClockSkew.MIN_MATCHES) {
            int skew = ClockSkew.diagnose(history);
            facts.put(TotpProviderFactory.FACT_CLOCK, direction(skew));
            if (skew != 0) {
                facts.put(TotpProviderFactory.FACT_OFFSET_STEPS, Integer.toString(skew));
                facts.put(TotpProviderFactory.FACT_OFFSET_SECONDS, Integer.toString(skew * p.periodSeconds()));
            }
        }
        return facts;
    }

    private static String direction(int skew) {
        return skew < 0 ? TotpProviderFactory.CLOCK_LATE : skew > 0 ? TotpProviderFactory.CLOCK_EARLY
                : TotpProviderFactory.CLOCK_ON_TIME;
    }

    /**
     * Records the offset of an accepted code; when the diagnosis changes to a skew at the edge of the window
     * (one more step of drift and the codes fail), raises a notice, published if this operation commits.
     */
    private void recordOffset(PropertyManager properties, Totp p, int offset) {
        String before = properties.getString(ClockSkew.OFFSETS).orElse("");
        String after = ClockSkew.append(before, offset);
        if (after.equals(before)) {
            return; // on time all along: nothing changes
        }
        properties.putString(ClockSkew.OFFSETS, after);
        int was = ClockSkew.diagnose(before);
        int skew = ClockSkew.diagnose(after);
        if (skew != was && skew != 0 && Math.abs(skew) == p.window()) {
            events.notice(properties.user().id(), TotpProviderFactory.NOTICE_CLOCK_SKEW, Map.of(
                    TotpProviderFactory.NOTICE_DIRECTION, direction(skew),
                    TotpProviderFactory.FACT_OFFSET_STEPS, Integer.toString(skew),
                    TotpProviderFactory.NOTICE_SECONDS, Integer.toString(skew * p.periodSeconds())));
        }
    }

    private Outcome check(MfaInput input, PropertyManager properties) {
        Totp p = TotpParameters.readFrom(properties);
        OptionalInt typed = Hotp.parse(input.code().orElse(""), p.digits());
        if (typed.isEmpty()) {
            return Outcome.reject(FailureReason.MALFORMED_INPUT);
        }
        SecretBytes secret = properties.getSecret(SECRET).orElseThrow(() ->
                new IllegalStateException("TOTP entry has no secret"));
        Totp.Match m = p.match(secret, typed.getAsInt(), properties.now(),
                properties.getLong(LAST_STEP).orElse(Totp.NO_STEP));
        return switch (m.kind()) {
            case ACCEPTED -> {
                properties.putLong(LAST_STEP, m.step());
                recordOffset(properties, p, m.offset());
                yield Outcome.accept(OFFSET_DETAILS.get(m.offset() + Totp.MAX_WINDOW));
            }
            case REPEATED -> Outcome.repeat(Map.of()); // the code accepted last: a double submit, if in its session
            case REPLAYED -> Outcome.reject(FailureReason.REPLAY);
            case NONE -> Outcome.reject(FailureReason.WRONG_CODE);
        };
    }
}
