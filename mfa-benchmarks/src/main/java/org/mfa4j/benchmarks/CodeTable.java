package org.mfa4j.benchmarks;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;

/**
 * The codes an authenticator app would show for the next steps, computed before a measurement iteration
 * so that the measured call pays only for the verification, not for producing the user's answer.
 *
 * <p>The first three tables hold 2^20 codes each (more than a 2 s iteration of the fastest benchmark
 * uses; the first iterations run cold, so what they use says little); later ones three times the most any
 * iteration used so far, at least 2^16. Should an iteration still run past
 * the end, the missing codes are computed in the measured call and counted: {@link #endIteration} prints a
 * note for that iteration, so a distorted figure is visible in the log.
 */
public final class CodeTable {

    private static final int FIRST_SIZE = 1 << 20;
    private static final int MIN_SIZE = 1 << 16;
    private static final int MAX_SIZE = 1 << 22;

    private final Mac mac;
    private final int digits;
    private byte[] codes = new byte[0];
    private long firstStep;
    private int size;
    private long highestUsed = -1;
    private long mostUsed = -1;
    private int refills;
    private long inline;
    private long inlineThisIteration;

    public CodeTable(Mac mac, int digits) {
        this.mac = mac;
        this.digits = digits;
    }

    /** Computes the codes of the steps after {@code currentStep}. */
    public void refill(long currentStep) {
        mostUsed = Math.max(mostUsed, highestUsed + 1);
        refills++;
        int n = (int) Math.min(MAX_SIZE, Math.max(refills <= 3 ? FIRST_SIZE : MIN_SIZE, 3 * mostUsed));
        if (codes.length < n * digits) {
            codes = new byte[n * digits];
        }
        firstStep = currentStep + 1;
        for (int i = 0; i < n; i++) {
            OtpCodes.write(OtpCodes.code(mac, firstStep + i, digits), digits, codes, i * digits);
        }
        size = n;
        highestUsed = -1;
    }

    /** The code of {@code step}, as a fresh string (an application gets a new one per request too). */
    public String code(long step) {
        long i = step - firstStep;
        if (i >= 0 && i < size) {
            if (i > highestUsed) {
                highestUsed = i;
            }
            return new String(codes, (int) i * digits, digits, StandardCharsets.US_ASCII);
        }
        inline++;
        inlineThisIteration++;
        highestUsed = size;
        return OtpCodes.text(OtpCodes.code(mac, step, digits), digits);
    }

    /** Codes that had to be computed inside measured calls since the start: 0 in a clean run. */
    public long inlineCount() {
        return inline;
    }

    /** Prints a note when codes were computed inside this iteration's measured calls (call at its end). */
    public void endIteration(String benchmark) {
        if (inlineThisIteration > 0) {
            System.err.println("note: " + benchmark + ": " + inlineThisIteration
                    + " codes were computed inside measured calls of this iteration (table too small)");
        }
        inlineThisIteration = 0;
    }
}
