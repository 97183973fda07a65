package org.mfa4j.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mfa4j.testing.MutableClock;

/** The API's token table: opaque random tokens, their expiry, the bound on live tokens. */
class ApiTokensTest {

    private final MutableClock clock = MutableClock.startingAt2026();
    private final ApiTokens tokens = new ApiTokens(new SecureRandom(), clock, Duration.ofHours(1));

    @Test
    void aTokenIs256RandomBitsInBase64UrlAndNamesItsUserUntilItExpires() {
        ApiTokens.Issued t = tokens.issue("alice");
        assertThat(t.token()).matches("[A-Za-z0-9_-]{43}");
        assertThat(t.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(t.toString()).doesNotContain(t.token());
        assertThat(tokens.user(t.token())).contains("alice");
        clock.advance(Duration.ofMinutes(59));
        assertThat(tokens.user(t.token())).contains("alice");
        clock.advance(Duration.ofMinutes(1));
        assertThat(tokens.user(t.token())).as("expired at its expiry").isEmpty();
        assertThat(tokens.size()).as("an expired token is dropped when seen").isZero();
    }

    @Test
    void everyTokenIsNewAndAChangedOrMalformedOneNamesNobody() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(tokens.issue("alice").token())).isTrue();
        }
        String one = seen.iterator().next();
        String changed = one.substring(0, 42) + (one.charAt(42) == 'A' ? 'B' : 'A');
        assertThat(tokens.user(changed)).isEmpty();
        assertThat(tokens.user(one + "A")).isEmpty();
        assertThat(tokens.user(one.substring(0, 42) + "=")).isEmpty();
        assertThat(tokens.user(null)).isEmpty();
        assertThat(tokens.user("")).isEmpty();
    }

    @Test
    void aFullTableRefusesANewTokenUntilOldOnesExpire() {
        for (int i = 0; i < ApiTokens.MAX_TOKENS; i++) {
            tokens.issue("alice");
        }
        assertThatThrownBy(() -> tokens.issue("bob")).isInstanceOf(ApiTokens.FullException.class);
        assertThat(tokens.size()).isEqualTo(ApiTokens.MAX_TOKENS);
        clock.advance(Duration.ofHours(1));
        ApiTokens.Issued fresh = tokens.issue("bob");
        assertThat(tokens.user(fresh.token())).contains("bob");
        assertThat(tokens.size()).as("the expired ones swept").isEqualTo(1);
    }

    @Test
    void aLifetimeIsMoreThanZeroAndAtMostOneDay() {
        assertThatThrownBy(() -> new ApiTokens(new SecureRandom(), clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApiTokens(new SecureRandom(), clock, Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
