package org.mfa4j.cli;

/**
 * What the operator typed (a user id, a provider id, a path), made fit to print: characters that could
 * move the cursor, recolour or reorder the terminal (controls, format characters such as bidi overrides,
 * unpaired surrogates, private-use and unassigned code points) become {@code ?}, and anything past
 * {@value #MAX} characters is cut with {@code ...}. Letters, digits, punctuation and spaces stay as typed.
 */
final class Shown {

    /** The longest text shown. */
    static final int MAX = 80;

    private Shown() {
    }

    static String of(String raw) {
        if (raw == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), MAX + 3));
        int shown = 0;
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (shown == MAX) {
                sb.append("...");
                break;
            }
            sb.appendCodePoint(printable(cp) ? cp : '?');
            shown++;
        }
        return sb.toString();
    }

    private static boolean printable(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
                return false;
            }
            default -> {
                return true;
            }
        }
    }
}
