package org.mfa4j.provider.recovery;

import java.security.SecureRandom;
import org.mfa4j.MfaInput;

/**
 * The form of a recovery code: 15 characters from a 30-letter alphabet without look-alikes (no 0, O, 1,
 * I, L, nor U), about 73.6 bits of entropy, shown in three groups of five ({@code 7KQ2M-XD9FA-H3WZT}).
 * Input is normalised before anything else: case folded, spaces and dashes dropped, then checked for
 * length and alphabet.
 */
final class RecoveryCode {

    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int LENGTH = 15;
    static final int GROUP = 5;

    /** Longer raw input is refused unread: 15 characters with separators and some spacing fit easily. */
    static final int MAX_RAW_LENGTH = 64;

    private RecoveryCode() {
    }

    /** A fresh code in its display form, from {@code random} (uniform: {@code nextInt} rejects bias). */
    static String generate(SecureRandom random) {
        StringBuilder sb = new StringBuilder(LENGTH + LENGTH / GROUP);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % GROUP == 0) {
                sb.append('-');
            }
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /**
     * The canonical 15 characters of a typed code, or null when it is not one (too long, wrong length,
     * a character outside the alphabet). Spaces and dashes are ignored (control characters such as tabs are not); letters may be lower case.
     */
    static char[] normalise(String typed) {
        if (typed == null || typed.length() > MAX_RAW_LENGTH) {
            return null;
        }
        char[] out = new char[LENGTH];
        int n = 0;
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (MfaInput.isCodeSeparator(c)) {
                continue;
            }
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - 'a' + 'A');
            }
            if (c > 'Z' || ALPHABET.indexOf(c) < 0 || n == LENGTH) {
                return null;
            }
            out[n++] = c;
        }
        return n == LENGTH ? out : null;
    }
}
