package org.mfa4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Instants#parse} is {@link Instant#parse}: the same instant for every text it accepts, the same refusal. */
class InstantsTest {

    @Test
    void everyInstantTheCoreWritesReadsBackAsInstantParseReadsIt() {
        SplittableRandom random = new SplittableRandom(12);
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(), max + 1);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            String text = Instant.ofEpochSecond(seconds, nanos).toString();
            assertThat(Instants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void otherShapesMeanWhatInstantParseSaysTheyMean() {
        for (String text : List.of("2026-03-01T10:15:30.5Z", "2026-03-01T10:15:30.1234Z", "2026-03-01t10:15:30z",
                "2026-03-01T10:15:30+01:00", "2016-12-31T23:59:60Z", "2024-02-29T00:00:00Z", "0000-01-01T00:00:00Z",
                "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "1970-01-01T00:00:00.000000001Z",
                "2026-03-01T24:00:00Z", "2026-03-01T10:15:30.Z")) {
            assertThat(Instants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void whatInstantParseRefusesIsRefusedTheSameWay() {
        for (String text : List.of("2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T10:15:30Z",
                "2026-03-01T10:60:00Z", "2026-03-01T10:15:30",
                "2026-03-01T10:15:30.1234567890Z", "2026-03-01 10:15:30Z", "2026-0a-01T10:15:30Z", "",
                "2026-03-01T10:15:3Z", "１９７０-01-01T00:00:00Z")) {
            assertThatThrownBy(() -> Instant.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> Instants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
