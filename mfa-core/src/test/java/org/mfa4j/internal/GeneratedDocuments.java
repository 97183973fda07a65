package org.mfa4j.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Seeded random documents for the codec's tests: every field, every property type, text with quotes,
 * backslashes, control characters, non-ASCII and surrogate pairs, instants of any year and precision.
 * {@code Format1DocumentsTest} pins what the codec wrote for some of them: changing what these methods
 * generate for a seed breaks that test (regenerate its file only from a codec known to be right).
 */
final class GeneratedDocuments {

    private GeneratedDocuments() {
    }

    static UserDocument document(Random random) {
        UserDocument doc = UserDocument.empty();
        for (int n = random.nextInt(4); n > 0; n--) {
            ProviderRecord rec = new ProviderRecord(random.nextBoolean(), instant(random), instant(random),
                    random.nextBoolean() ? Optional.of(instant(random)) : Optional.empty(),
                    random.nextInt(4) == 0 ? Integer.MAX_VALUE : random.nextInt(10),
                    random.nextBoolean() ? Optional.of(instant(random)) : Optional.empty(), random.nextInt(3),
                    values(random), values(random), List.of());
            doc = doc.withProvider(random.nextInt(3) == 0 ? text(random)
                    : List.of("totp", "recovery", "email", "u2f").get(random.nextInt(4)), rec);
        }
        if (random.nextBoolean()) {
            doc = doc.withDefaultProvider(Optional.of(text(random)));
        }
        doc = doc.withAccountFailures(random.nextInt(3) == 0 ? Integer.MAX_VALUE : random.nextInt(100))
                .withFactorEpoch(random.nextInt(3) == 0 ? Long.MAX_VALUE : random.nextInt(100));
        if (random.nextBoolean()) {
            doc = doc.withFlow(Optional.of(new FlowState(text(random), random.nextInt(5), instant(random))));
        }
        return doc;
    }

    static Map<String, Object> values(Random random) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int n = random.nextInt(6); n > 0; n--) {
            Object value = switch (random.nextInt(5)) {
                case 0 -> text(random);
                case 1 -> random.nextLong() >> random.nextInt(64);
                case 2 -> random.nextBoolean();
                case 3 -> {
                    List<String> list = new ArrayList<>();
                    for (int k = random.nextInt(4); k > 0; k--) {
                        list.add(text(random));
                    }
                    yield List.copyOf(list);
                }
                default -> "v1.k1." + Base64.getEncoder().encodeToString(new byte[random.nextInt(48)]);
            };
            values.put(text(random), value);
        }
        return values;
    }

    /** Text with quotes, backslashes, control characters, non-ASCII and surrogate pairs. */
    static String text(Random random) {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            switch (random.nextInt(12)) {
                case 0 -> s.append((char) random.nextInt(0x20));
                case 1 -> s.append('"');
                case 2 -> s.append('\\');
                case 3 -> s.append((char) (0x80 + random.nextInt(0x3000)));
                case 4 -> s.appendCodePoint(0x1F600 + random.nextInt(50));
                default -> s.append((char) ('a' + random.nextInt(26)));
            }
        }
        return s.toString();
    }

    /** Mostly recent, some in any year Instant.parse reads (it reads no year beyond 999,999,999), any precision. */
    static Instant instant(Random random) {
        long limit = 31_556_889_832_403_199L; // +999999999-12-31T23:59:59Z
        long seconds = switch (random.nextInt(4)) {
            case 0 -> (long) ((random.nextDouble() * 2 - 1) * limit);
            case 1 -> -62_167_219_200L + (long) (random.nextDouble() * 315_569_520_000L); // years 0000 to 9999
            default -> 1_700_000_000L + random.nextInt(200_000_000);
        };
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
