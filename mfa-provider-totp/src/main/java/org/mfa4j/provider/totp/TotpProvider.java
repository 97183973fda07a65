package org.mfa4j.provider.totp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.mfa4j.MfaInput;
import org.mfa4j.View;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.Setup;

/**
 * The TOTP provider. Everything it keeps lives in the user's entry: the sealed secret, the credential's
 * parameters and the last accepted time step (the replay guard), all written by the core in the same
 * compare-and-set as the rest of the operation. No other state, so a re-run after a conflict is harmless.
 */
final class TotpProvider implements MfaProvider {

    static final String SECRET = "secret";
    static final String LAST_STEP = "lastStep";

    /** Longer raw input is refused before it is read: 8 digits with generous spacing fit easily. */
    private static final int MAX_RAW_LENGTH = 32;

    /** The accepted outcome's details for each step offset a window allows, made once. */
    private static final List<Map<String, String>> OFFSET_DETAILS = offsetDetails();

    private static List<Map<String, String>> offsetDetails() {
        List<Map<String, String>> all = new ArrayList<>();
        for (int o = -TotpParameters.MAX_WINDOW; o <= TotpParameters.MAX_WINDOW; o++) {
            all.add(Map.of(TotpProviderFactory.DETAIL_STEP_OFFSET, Integer.toString(o)));
        }
        return List.copyOf(all);
    }

    private final String issuer;
    private final TotpParameters defaults;
    private final int qrScale;
    private final SecureRandom random;
    private final Function<SecureRandom, byte[]> secrets;

    TotpProvider(String issuer, TotpParameters defaults, int qrScale, SecureRandom random,
                 Function<SecureRandom, byte[]> secrets) {
        this.issuer = issuer;
        this.defaults = defaults;
        this.qrScale = qrScale;
        this.random = random;
        this.secrets = secrets;
    }

    @Override
    public Setup setup(PropertyManager properties) {
        byte[] secret = secrets.apply(random);
        try {
            properties.putSecret(SECRET, SecretBytes.copyOf(secret));
            defaults.writeTo(properties);
            properties.remove(LAST_STEP);
            String base32 = OtpAuthUri.base32(secret);
            String uri = OtpAuthUri.of(issuer, properties.user().accountLabel(), base32, defaults);
            return Setup.of(View.builder()
                    .put(TotpProviderFactory.VIEW_SECRET, base32)
                    .put(TotpProviderFactory.VIEW_URI, uri)
                    .put(TotpProviderFactory.VIEW_ALGORITHM, defaults.algorithm().name())
                    .put(TotpProviderFactory.VIEW_DIGITS, Integer.toString(defaults.digits()))
                    .put(TotpProviderFactory.VIEW_PERIOD, Integer.toString(defaults.period()))
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
        TotpParameters p = TotpParameters.readFrom(properties);
        return Map.of("algorithm", p.algorithm().name(), "digits", Integer.toString(p.digits()),
                "period", Integer.toString(p.period()), "window", Integer.toString(p.window()));
    }

    private Outcome check(MfaInput input, PropertyManager properties) {
        TotpParameters p = TotpParameters.readFrom(properties);
        byte[] typed = digits(input.code(), p.digits());
        if (typed == null) {
            return Outcome.reject(FailureReason.MALFORMED_INPUT);
        }
        SecretBytes secret = properties.getSecret(SECRET).orElseThrow(() ->
                new IllegalStateException("TOTP entry has no secret"));
        Totp.Match m = Totp.match(p.algorithm(), secret, Totp.value(typed), p.digits(),
                Totp.step(properties.now(), p.period()), p.window(),
                properties.getLong(LAST_STEP).orElse(Totp.NO_STEP));
        return switch (m.kind()) {
            case ACCEPTED -> {
                properties.putLong(LAST_STEP, m.step());
                yield Outcome.accept(OFFSET_DETAILS.get((int) m.offset() + TotpParameters.MAX_WINDOW));
            }
            case REPEATED -> Outcome.repeat(Map.of()); // the code accepted last: a double submit, if in its session
            case REPLAYED -> Outcome.reject(FailureReason.REPLAY);
            case NONE -> Outcome.reject(FailureReason.WRONG_CODE);
        };
    }

    /**
     * The typed code as exactly {@code n} ASCII digits, spaces and dashes removed; null when it is anything else. No
     * number parsing: {@code Integer.parseInt} would take {@code +123456} and non-ASCII digits.
     */
    static byte[] digits(Optional<String> raw, int n) {
        if (raw.isEmpty() || raw.get().length() > MAX_RAW_LENGTH) {
            return null;
        }
        String s = raw.get();
        byte[] out = new byte[n];
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (count == n) {
                    return null;
                }
                out[count++] = (byte) c;
            } else if (!MfaInput.isCodeSeparator(c)) {
                return null;
            }
        }
        return count == n ? out : null;
    }
}
