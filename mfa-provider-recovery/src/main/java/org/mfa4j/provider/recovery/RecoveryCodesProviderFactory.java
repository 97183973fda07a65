package org.mfa4j.provider.recovery;

import org.mfa4j.spi.FactorKind;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.Settings;

/**
 * One-time recovery codes: the fallback when the main factor (an authenticator app, a security key) is
 * lost. Provider id {@value #ID}; found by {@code ServiceLoader}.
 *
 * <h2>Companion only</h2>
 * The descriptor says {@code requiresOtherActive}: the core refuses to set up or activate recovery codes
 * unless another provider (one that does not itself require a companion) is active. When the user's last
 * such provider is deactivated or reset, the core removes the recovery codes too, with their hashes, and
 * publishes {@code Deactivated} with cause {@code COMPANION_REMOVED}: codes that could only ever unlock
 * "the other factor" must not become the only factor. Never the default provider; kind
 * {@link FactorKind#KNOWLEDGE} (a code written down).
 *
 * <h2>Codes</h2>
 * A set of {@value #CODES} codes from the context's {@code SecureRandom}, each 15 characters of the
 * alphabet {@code 23456789ABCDEFGHJKMNPQRSTVWXYZ} (no 0/O, 1/I/L, nor U): about 73.6 bits each (NIST SP
 * 800-63B asks at least 64 for saved recovery codes), shown as {@code XXXXX-XXXXX-XXXXX}. They appear once,
 * in the view of {@code Mfa.setup} (and of {@code Mfa.update}, which regenerates the whole set and voids
 * the old one, used or not) under {@value #VIEW_CODES}, one per line; nothing can show them again.
 *
 * <h2>At rest</h2>
 * PBKDF2-HMAC-SHA256 (JDK) with one random 128-bit salt per set; the iteration count is stored with the set.
 * One verification costs one KDF evaluation whatever the number of codes left: the typed code is hashed
 * once with the set's salt and compared in constant time with every stored hash. The hash lists are also
 * sealed by the core's secret cipher.
 *
 * <h2>Activation and verification</h2>
 * Activation input: one of the codes just shown, typed back, to prove they were saved; it is not used up.
 * Input is normalised (case folded, spaces and dashes dropped) and checked for length and alphabet before
 * hashing; anything else is {@code MALFORMED_INPUT} (a megabyte of text costs nothing). Each code works
 * once: its hash moves to the used list in the same compare-and-set as the success, so two threads or
 * nodes sending the same code get one success; a used code is refused as {@code REPLAY}. Every refusal
 * counts toward lockout like any provider's. A success reports {@value #DETAIL_REMAINING}; when at most
 * the {@code low-threshold} remain after a use, a {@value #NOTICE_LOW_CODES} notice goes to the event
 * listeners with attribute {@value #DETAIL_REMAINING}. The overview shows {@value #DETAIL_REMAINING},
 * {@code total} and {@code low}.
 *
 * <h2>Settings</h2>
 * <ul>
 *   <li>{@code low-threshold}: a notice is published when a use leaves at most this many codes, 0 to 9.
 *       The default is 2.</li>
 *   <li>{@code kdf-iterations}: PBKDF2 iterations for new sets, 10,000 to 10,000,000. The default is
 *       100,000. A set keeps the count it was created with.</li>
 * </ul>
 */
public final class RecoveryCodesProviderFactory implements MfaProviderFactory {

    /** The provider id. */
    public static final String ID = "recovery";
    /** How many codes a set has. */
    public static final int CODES = 10;
    /** Setup and update view: the codes, one per line. */
    public static final String VIEW_CODES = "codes";
    /** Setup and update view: how many codes were generated. */
    public static final String VIEW_COUNT = "count";
    /** Result detail, notice attribute and overview fact: the number of unused codes. */
    public static final String DETAIL_REMAINING = "remaining";
    /** The notice kind published when few codes remain. */
    public static final String NOTICE_LOW_CODES = "low-codes";

    static final int MAX_ITERATIONS = 10_000_000;

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID)
            .title("Recovery codes")
            .description("One-time codes to sign in when your other factor is not at hand.")
            .setupInstructions("Save these codes somewhere safe: each works once, and they are shown only now. "
                    + "Type one of them to confirm.")
            .iconKey("mfa-recovery")
            .kind(FactorKind.KNOWLEDGE)
            .mayBeDefault(false)
            .requiresOtherActive(true)
            .build();

    private final CodeHasher.Kdf kdf;

    /** The factory {@code ServiceLoader} uses. */
    public RecoveryCodesProviderFactory() {
        this(CodeHasher.PBKDF2);
    }

    /** For tests that count KDF evaluations. Not public API. */
    RecoveryCodesProviderFactory(CodeHasher.Kdf kdf) {
        this.kdf = kdf;
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        Settings settings = context.settings();
        int lowThreshold = settings.getInt("low-threshold", 2, 0, CODES - 1);
        int iterations = settings.getInt("kdf-iterations", 100_000, 10_000, MAX_ITERATIONS);
        return new RecoveryCodesProvider(context.random(), context.events(), iterations, lowThreshold, kdf);
    }

    @Override
    public String toString() {
        return "RecoveryCodesProviderFactory[id=" + ID + "]";
    }
}
