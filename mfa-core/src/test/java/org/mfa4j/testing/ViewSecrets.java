package org.mfa4j.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mfa4j.View;

/**
 * The secret values a setup view shows, and the spellings of them the contract kit looks for: in stored
 * properties, results, events and {@code toString}. Each value of the view counts, and so does each element
 * of a value that holds several (one recovery code of a newline-separated list, the secret of an
 * {@code otpauth://} URI's query). An element is looked for as it is, without spaces and dashes, in upper
 * and lower case, and as the Base64, Base32 or hex of its bytes; an element that is itself Base32, Base64
 * or hex (a TOTP seed) is also looked for as the other encodings of the bytes it stands for. Elements
 * shorter than {@link #MIN_LENGTH} characters are left out (digits, periods, algorithm names), and so are
 * encodings shorter than 8.
 */
final class ViewSecrets {

    /** The shortest element the kit looks for. */
    static final int MIN_LENGTH = 6;
    /** The shortest encoding of an element the kit looks for. */
    private static final int MIN_ENCODED_LENGTH = 8;

    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;]+");
    private static final Pattern TYPED_SEPARATORS = Pattern.compile("[\\s-]");
    private static final Pattern BASE32 = Pattern.compile("[A-Z2-7]+=*");
    private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]+=*");
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Encoder B64_BARE = Base64.getEncoder().withoutPadding();
    private static final Base64.Encoder B64_URL = Base64.getUrlEncoder().withoutPadding();

    /** Each secret element, with every spelling of it looked for, lower case. */
    private final Map<String, Set<String>> spellings;

    private ViewSecrets(Map<String, Set<String>> spellings) {
        this.spellings = spellings;
    }

    /**
     * The secrets of {@code view}: every value but those under {@code publicKeys}, and every binary value,
     * less the elements in {@code publicValues} (the user's id and label, which results and events name).
     * {@code more} are further secrets of the same kind (the answers the test gave).
     */
    static ViewSecrets of(View view, Set<String> publicKeys, Set<String> publicValues, List<String> more) {
        Map<String, Set<String>> spellings = new LinkedHashMap<>();
        List<String> values = new ArrayList<>(more);
        for (String key : view.keys()) {
            if (!publicKeys.contains(key)) {
                values.add(view.require(key));
            }
        }
        for (String value : values) {
            for (String e : elements(value)) {
                if (!publicValues.contains(e)) {
                    spellings.put(e, spellingsOf(e));
                }
            }
        }
        for (String key : view.binaryKeys()) {
            if (!publicKeys.contains(key)) {
                byte[] b = view.binary(key).orElseThrow();
                if (b.length >= MIN_LENGTH) {
                    spellings.put("binary '" + key + "'", lower(encodings(b)));
                }
            }
        }
        return new ViewSecrets(spellings);
    }

    /** The value, its lines and words, and the query parameter values of a URI; each at least 6 characters. */
    static Set<String> elements(String value) {
        Set<String> out = new LinkedHashSet<>();
        out.add(value.strip());
        out.addAll(List.of(SEPARATORS.split(value)));
        int query = value.indexOf('?');
        if (query >= 0 && value.indexOf(':') > 0 && value.indexOf(':') < query) {
            for (String pair : value.substring(query + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq >= 0) {
                    out.add(pair.substring(eq + 1));
                    try {
                        out.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException notEncoded) {
                        // the raw value is already in
                    }
                }
            }
        }
        out.removeIf(e -> e.length() < MIN_LENGTH);
        return out;
    }

    private static Set<String> spellingsOf(String element) {
        Set<String> plain = new LinkedHashSet<>();
        plain.add(element);
        plain.add(TYPED_SEPARATORS.matcher(element).replaceAll(""));
        plain.removeIf(s -> s.length() < MIN_LENGTH);
        Set<String> encoded = new LinkedHashSet<>();
        for (String s : plain) {
            encoded.addAll(encodings(s.getBytes(StandardCharsets.UTF_8)));
            decoded(s).forEach(bytes -> encoded.addAll(encodings(bytes)));
        }
        // Short encodings would turn up by chance in sealed values, which are Base64 themselves.
        encoded.removeIf(s -> s.length() < MIN_ENCODED_LENGTH);
        plain.addAll(encoded);
        return lower(plain);
    }

    /** The bytes {@code s} stands for if it is Base32, hex or Base64 (several readings may fit). */
    private static List<byte[]> decoded(String s) {
        List<byte[]> out = new ArrayList<>();
        String upper = s.toUpperCase(Locale.ROOT);
        if (BASE32.matcher(upper).matches()) {
            out.add(base32Decode(upper.replace("=", "")));
        }
        if (HEX.matcher(s).matches()) {
            out.add(HexFormat.of().parseHex(s));
        }
        if (BASE64.matcher(s).matches()) {
            String std = s.replace('-', '+').replace('_', '/').replace("=", "");
            if (std.length() % 4 != 1) {
                try {
                    out.add(Base64.getDecoder().decode(std + "==".substring(0, (4 - std.length() % 4) % 4)));
                } catch (IllegalArgumentException notBase64) {
                    // not a reading of s
                }
            }
        }
        out.removeIf(b -> b.length < 4);
        return out;
    }

    private static List<String> encodings(byte[] b) {
        String hex = HexFormat.of().formatHex(b);
        return List.of(B64.encodeToString(b), B64_BARE.encodeToString(b), B64_URL.encodeToString(b), hex,
                base32(b));
    }

    private static Set<String> lower(Collection<String> spellings) {
        Set<String> out = new LinkedHashSet<>();
        spellings.forEach(s -> out.add(s.toLowerCase(Locale.ROOT)));
        return out;
    }

    /**
     * The secret element that {@code text} spells out in any of the ways looked for, compared without
     * regard to case; empty when none.
     */
    Optional<String> foundIn(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Set<String>> e : spellings.entrySet()) {
            for (String s : e.getValue()) {
                if (t.contains(s)) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /** The secret element that the number {@code n} is (a code kept as a number), if any. */
    Optional<String> isNumber(long n) {
        String digits = Long.toString(Math.abs(n));
        if (digits.length() < MIN_LENGTH) {
            return Optional.empty();
        }
        for (Map.Entry<String, Set<String>> e : spellings.entrySet()) {
            for (String s : e.getValue()) {
                if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)
                        && s.replaceFirst("^0+(?=.)", "").equals(digits)) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /** How many secret elements there are (a check with none checks nothing). */
    int size() {
        return spellings.size();
    }

    /**
     * Every string inside {@code value}: itself if it is one, the keys and values of maps, the elements of
     * collections and optionals, the components of records (a {@link View} is skipped: it is what the page
     * shows), and the {@code toString} of anything else. With the record's own {@code toString}.
     */
    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Record) {
            out.add(value.toString());
        }
        collect(value, out);
        return out;
    }

    private static void collect(Object o, List<String> out) {
        if (o == null || o instanceof View) {
            return;
        }
        if (o instanceof String s) {
            out.add(s);
        } else if (o instanceof Optional<?> opt) {
            opt.ifPresent(v -> collect(v, out));
        } else if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                collect(k, out);
                collect(v, out);
            });
        } else if (o instanceof Collection<?> c) {
            c.forEach(v -> collect(v, out));
        } else if (o instanceof Record r) {
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                try {
                    collect(rc.getAccessor().invoke(r), out);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + rc + " of " + r.getClass().getName(), e);
                }
            }
        } else {
            out.add(String.valueOf(o));
        }
    }

    private static final char[] BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private static String base32(byte[] data) {
        StringBuilder sb = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = buffer << 8 | b & 0xff;
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32_ALPHABET[buffer >>> bits - 5 & 0x1f]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(BASE32_ALPHABET[buffer << 5 - bits & 0x1f]);
        }
        return sb.toString();
    }

    private static byte[] base32Decode(String s) {
        byte[] out = new byte[s.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            int v = s.charAt(i) <= 'Z' && s.charAt(i) >= 'A' ? s.charAt(i) - 'A' : s.charAt(i) - '2' + 26;
            buffer = buffer << 5 | v;
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> bits - 8);
                bits -= 8;
            }
        }
        return out;
    }
}
