package org.mfa4j.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfa4j.MfaUser;
import org.mfa4j.spi.ProviderDescriptor;

class EnforcementPolicyTest {

    private static final List<ProviderDescriptor> REGISTERED = Stream.of("totp", "u2f", "sms", "recovery")
            .map(id -> ProviderDescriptor.builder(id).build()).toList();

    enum Who {
        PLAIN(MfaUser.of("p")),
        ADMIN(MfaUser.builder("a").administrator(true).build()),
        MAINTAINER(MfaUser.builder("m").systemMaintainer(true).build()),
        ADMIN_MAINTAINER(MfaUser.builder("am").administrator(true).systemMaintainer(true).build());

        final MfaUser user;

        Who(MfaUser user) {
            this.user = user;
        }
    }

    /** The five modes (TYPO3 requireMfa 0-4) against every kind of user. */
    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of(Require.NOBODY, Who.PLAIN, false),
                Arguments.of(Require.NOBODY, Who.ADMIN, false),
                Arguments.of(Require.NOBODY, Who.MAINTAINER, false),
                Arguments.of(Require.NOBODY, Who.ADMIN_MAINTAINER, false),
                Arguments.of(Require.ALL, Who.PLAIN, true),
                Arguments.of(Require.ALL, Who.ADMIN, true),
                Arguments.of(Require.ALL, Who.MAINTAINER, true),
                Arguments.of(Require.ALL, Who.ADMIN_MAINTAINER, true),
                Arguments.of(Require.NON_ADMINS, Who.PLAIN, true),
                Arguments.of(Require.NON_ADMINS, Who.ADMIN, false),
                Arguments.of(Require.NON_ADMINS, Who.MAINTAINER, true),
                Arguments.of(Require.NON_ADMINS, Who.ADMIN_MAINTAINER, false),
                Arguments.of(Require.ADMINS, Who.PLAIN, false),
                Arguments.of(Require.ADMINS, Who.ADMIN, true),
                Arguments.of(Require.ADMINS, Who.MAINTAINER, false),
                Arguments.of(Require.ADMINS, Who.ADMIN_MAINTAINER, true),
                Arguments.of(Require.SYSTEM_MAINTAINERS, Who.PLAIN, false),
                Arguments.of(Require.SYSTEM_MAINTAINERS, Who.ADMIN, false),
                Arguments.of(Require.SYSTEM_MAINTAINERS, Who.MAINTAINER, true),
                Arguments.of(Require.SYSTEM_MAINTAINERS, Who.ADMIN_MAINTAINER, true));
    }

    @ParameterizedTest(name = "{0} / {1} -> required={2}")
    @MethodSource("modes")
    void globalModes(Require mode, Who who, boolean required) {
        PolicyDecision d = EnforcementPolicy.builder().require(mode).build().decide(who.user, REGISTERED);
        assertThat(d.required()).isEqualTo(required);
        assertThat(d.allowed()).containsExactly("totp", "u2f", "sms", "recovery");
        assertThat(d.reasons()).singleElement().asString().contains("global mode " + mode);
    }

    /**
     * Overrides: a user rule wins over groups, one requiring group wins over others, groups win over the
     * mode. Columns: mode, user, groups, group rules, user rule, expected required.
     */
    static Stream<Arguments> overrides() {
        return Stream.of(
                // group requires where the mode does not
                Arguments.of(Require.NOBODY, Who.PLAIN, "ops", "ops:req", "", true),
                // group exempts where the mode requires
                Arguments.of(Require.ALL, Who.ADMIN, "ops", "ops:free", "", false),
                // one requiring group is enough
                Arguments.of(Require.NOBODY, Who.PLAIN, "ops,dev", "ops:free;dev:req", "", true),
                // a group the user is not in does not apply
                Arguments.of(Require.NOBODY, Who.PLAIN, "dev", "ops:req", "", false),
                // the user rule wins over groups and the mode
                Arguments.of(Require.ALL, Who.PLAIN, "ops", "ops:req", "free", false),
                Arguments.of(Require.NOBODY, Who.ADMIN, "ops", "ops:free", "req", true),
                Arguments.of(Require.ADMINS, Who.MAINTAINER, "", "", "req", true),
                Arguments.of(Require.SYSTEM_MAINTAINERS, Who.MAINTAINER, "", "", "free", false));
    }

    @ParameterizedTest(name = "{0} {1} groups={2} rules={3} user={4} -> {5}")
    @MethodSource("overrides")
    void overridesPerGroupAndUser(Require mode, Who who, String groups, String groupRules, String userRule,
                                  boolean required) {
        EnforcementPolicy.Builder b = EnforcementPolicy.builder().require(mode);
        if (!groupRules.isEmpty()) {
            for (String rule : groupRules.split(";")) {
                String[] kv = rule.split(":");
                b.group(kv[0], r -> r.required(kv[1].equals("req")));
            }
        }
        if (!userRule.isEmpty()) {
            b.user(who.user.id(), r -> r.required(userRule.equals("req")));
        }
        MfaUser user = groups.isEmpty() ? who.user
                : who.user.toBuilder().groups(groups.split(",")).build();
        assertThat(b.build().decide(user, REGISTERED).required()).isEqualTo(required);
    }

    /** Allowed, disabled, forced and recommended. Columns: groups of the user, expected allowed, forced, recommended. */
    static Stream<Arguments> providerRules() {
        return Stream.of(
                Arguments.of("", "totp,u2f,sms,recovery", "totp", "totp"),
                Arguments.of("staff", "totp,recovery", "totp", "totp"),
                Arguments.of("staff,keys", "totp,u2f,recovery", "totp,u2f", "u2f"),
                Arguments.of("nosms", "totp,u2f,recovery", "totp", "totp"),
                Arguments.of("keys,nototp", "u2f,recovery", "u2f", "u2f"),
                Arguments.of("staff,nototp", "recovery", "", ""));
    }

    @ParameterizedTest(name = "groups={0} -> allowed={1} forced={2} recommended={3}")
    @MethodSource("providerRules")
    void allowedDisabledForcedRecommended(String groups, String allowed, String forced, String recommended) {
        EnforcementPolicy p = EnforcementPolicy.builder()
                .recommended("totp").forced("totp")
                .group("staff", r -> r.allow("totp", "recovery"))
                .group("keys", r -> r.allow("u2f", "recovery").force("u2f").recommend("u2f"))
                .group("nosms", r -> r.disable("sms"))
                .group("nototp", r -> r.disable("totp"))
                .build();
        MfaUser user = groups.isEmpty() ? MfaUser.of("u") : MfaUser.builder("u").groups(groups.split(",")).build();
        PolicyDecision d = p.decide(user, REGISTERED);
        assertThat(d.allowed()).containsExactlyElementsOf(split(allowed));
        for (ProviderDescriptor r : REGISTERED) {
            assertThat(p.isAllowed(user, r.id(), REGISTERED)).as("fast path for %s", r.id()).isEqualTo(d.isAllowed(r.id()));
        }
        assertThat(d.forced()).containsExactlyElementsOf(split(forced));
        assertThat(d.recommended()).isEqualTo(recommended.isEmpty() ? Optional.empty() : Optional.of(recommended));
        assertThat(d.required()).as("forced providers make MFA required").isEqualTo(!forced.isEmpty());
    }

    @Test
    void disabledForTheUserWinsOverAllowedForcedAndRecommended() {
        EnforcementPolicy p = EnforcementPolicy.builder().require(Require.ALL).forced("totp").recommended("totp")
                .group("staff", r -> r.allow("totp", "sms"))
                .user("u", r -> r.disable("totp").recommend("sms"))
                .build();
        PolicyDecision d = p.decide(MfaUser.builder("u").groups("staff").build(), REGISTERED);
        assertThat(d.allowed()).containsExactly("sms");
        assertThat(p.isAllowed(MfaUser.builder("u").groups("staff").build(), "totp", REGISTERED)).isFalse();
        assertThat(p.isAllowed(MfaUser.builder("u").groups("staff").build(), "sms", REGISTERED)).isTrue();
        assertThat(p.isAllowed(MfaUser.builder("u").groups("staff").build(), "u2f", REGISTERED)).isFalse();
        assertThat(d.forced()).isEmpty();
        assertThat(d.recommended()).contains("sms");
        assertThat(d.required()).isTrue();
        assertThat(String.join("\n", d.reasons())).contains("'totp' disabled for this user")
                .contains("not allowed for this user, so not forced").contains("user recommends 'sms'");
    }

    @Test
    void recommendationPrecedenceUserThenGroupThenGlobal() {
        EnforcementPolicy p = EnforcementPolicy.builder().recommended("totp")
                .group("a", r -> r.recommend("sms")).group("b", r -> r.recommend("u2f"))
                .user("special", r -> r.recommend("recovery")).build();
        assertThat(p.decide(MfaUser.of("x"), REGISTERED).recommended()).contains("totp");
        assertThat(p.decide(MfaUser.builder("x").groups("b", "a").build(), REGISTERED).recommended())
                .as("first group by name").contains("sms");
        assertThat(p.decide(MfaUser.builder("special").groups("a").build(), REGISTERED).recommended())
                .contains("recovery");
    }

    @Test
    void aRecommendationThatIsNotAllowedIsDropped() {
        EnforcementPolicy p = EnforcementPolicy.builder().recommended("sms").disabled("sms").build();
        PolicyDecision d = p.decide(MfaUser.of("x"), REGISTERED);
        assertThat(d.recommended()).isEmpty();
        assertThat(d.allowed()).doesNotContain("sms");
        assertThat(d.reasons()).anyMatch(r -> r.contains("recommends 'sms', which is not allowed"));
    }

    @Test
    void aUserAllowListNarrowsTheGroups() {
        EnforcementPolicy p = EnforcementPolicy.builder().group("staff", r -> r.allow("totp", "u2f"))
                .user("x", r -> r.allow("u2f", "sms")).build();
        assertThat(p.decide(MfaUser.builder("x").groups("staff").build(), REGISTERED).allowed())
                .containsExactly("u2f");
        assertThat(p.isAllowed(MfaUser.builder("x").groups("staff").build(), "u2f", REGISTERED)).isTrue();
        assertThat(p.isAllowed(MfaUser.builder("x").groups("staff").build(), "sms", REGISTERED)).isFalse();
        assertThat(p.isAllowed(MfaUser.builder("x").groups("staff").build(), "totp", REGISTERED)).isFalse();
    }

    /** Auth0: Duo only when every other factor is disabled. */
    @Test
    void aSoleFactorIsAllowedOnlyWhenNoOtherProviderIs() {
        List<ProviderDescriptor> registered = List.of(ProviderDescriptor.builder("totp").build(),
                ProviderDescriptor.builder("duo").soleFactor(true).build(),
                ProviderDescriptor.builder("recovery").requiresOtherActive(true).build());
        EnforcementPolicy p = EnforcementPolicy.builder().recommended("duo").forced("duo")
                .group("duo-only", r -> r.allow("duo")).build();
        MfaUser plain = MfaUser.of("u");
        MfaUser duoOnly = MfaUser.builder("d").groups("duo-only").build();

        PolicyDecision both = p.decide(plain, registered);
        assertThat(both.allowed()).containsExactly("totp", "recovery");
        assertThat(both.recommended()).isEmpty();
        assertThat(both.forced()).isEmpty();
        assertThat(both.reasons()).anyMatch(r -> r.contains("'duo' is a sole factor and other providers are allowed"
                + " for this user, so it is not allowed; disable [totp, recovery]"));
        PolicyDecision alone = p.decide(duoOnly, registered);
        assertThat(alone.allowed()).containsExactly("duo");
        assertThat(alone.forced()).containsExactly("duo");
        assertThat(alone.recommended()).contains("duo");
        assertThat(alone.reasons()).noneMatch(r -> r.contains("sole factor"));
        for (MfaUser user : List.of(plain, duoOnly)) {
            PolicyDecision d = p.decide(user, registered);
            for (ProviderDescriptor r : registered) {
                assertThat(p.isAllowed(user, r.id(), registered)).as("fast path for %s, user %s", r.id(), user.id())
                        .isEqualTo(d.isAllowed(r.id()));
            }
        }
    }

    @Test
    void twoSoleFactorsExcludeEachOther() {
        List<ProviderDescriptor> registered = List.of(ProviderDescriptor.builder("duo").soleFactor(true).build(),
                ProviderDescriptor.builder("other").soleFactor(true).build());
        EnforcementPolicy p = EnforcementPolicy.defaults();

        assertThat(p.decide(MfaUser.of("u"), registered).allowed()).isEmpty();
        assertThat(p.isAllowed(MfaUser.of("u"), "duo", registered)).isFalse();
        assertThat(p.isAllowed(MfaUser.of("u"), "other", registered)).isFalse();
    }

    @Test
    void referencedProvidersCoverEveryScope() {
        EnforcementPolicy p = EnforcementPolicy.builder().recommended("totp").forced("u2f").disabled("sms")
                .group("g", r -> r.allow("recovery")).user("x", r -> r.disable("email")).build();
        assertThat(p.referencedProviders()).containsExactlyInAnyOrder("totp", "u2f", "sms", "recovery", "email");
        assertThat(EnforcementPolicy.defaults().referencedProviders()).isEmpty();
        assertThat(EnforcementPolicy.defaults().require()).isEqualTo(Require.NOBODY);
    }

    @Test
    void invalidRulesAreRefused() {
        assertThatThrownBy(() -> EnforcementPolicy.builder().recommended("Not An Id"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnforcementPolicy.builder().group(" ", r -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnforcementPolicy.builder().user("", r -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnforcementPolicy.builder().require(null)).isInstanceOf(NullPointerException.class);
    }

    private static List<String> split(String csv) {
        return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    @Test
    void aPhishingResistantFactorCanBeRequiredForSomeUsers() {
        ProviderDescriptor key = ProviderDescriptor.builder("u2f").phishingResistant(true).build();
        ProviderDescriptor totp = ProviderDescriptor.builder("totp").build();
        EnforcementPolicy p = EnforcementPolicy.builder().group("admins", r -> r.requirePhishingResistant()).build();
        MfaUser admin = MfaUser.builder("a").groups("admins").build();
        MfaUser other = MfaUser.builder("b").build();

        PolicyDecision d = p.decide(admin, List.of(totp, key));
        assertThat(d.required()).as("requiring a phishing-resistant factor requires MFA").isTrue();
        assertThat(d.allowed()).containsExactly("u2f");
        List<ProviderDescriptor> registered = List.of(totp, key);
        assertThat(p.isAllowed(admin, key, registered)).isTrue();
        assertThat(p.isAllowed(admin, totp, registered)).isFalse();
        assertThat(p.isAllowed(admin, "u2f", registered)).isTrue();
        assertThat(p.isAllowed(admin, "u2f", List.of(totp))).as("an id not registered fails closed").isFalse();

        assertThat(p.decide(other, registered).allowed()).containsExactly("totp", "u2f");
        assertThat(p.isAllowed(other, totp, registered)).isTrue();
        assertThat(EnforcementPolicy.builder().requirePhishingResistant().build().isAllowed(other, totp, registered))
                .isFalse();
    }
}
