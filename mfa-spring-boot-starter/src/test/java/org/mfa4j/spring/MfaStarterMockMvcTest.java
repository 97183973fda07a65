package org.mfa4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.warrenstrange.googleauth.GoogleAuthenticator;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.testing.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The starter in a Spring Boot application, through MockMvc and Spring Security's own filters: a user mfa4j
 * requires MFA of is sent to the MFA page by the missing-factor entry point; a first enrolment adds
 * FACTOR_TOTP beside FACTOR_PASSWORD; with only a password in a new session, adding a factor is refused by
 * mfa4j's step-up; a TOTP verification lets the user in. The proof stays in the HTTP session.
 */
@SpringBootTest(classes = {StarterTestApp.class, MfaStarterMockMvcTest.Clocks.class}, properties = {"mfa4j.keys.ephemeral=true",
        "mfa4j.policy.require=ALL", "mfa4j.totp.issuer=Starter Test", "mfa4j.store.create-schema=true",
        "spring.datasource.url=jdbc:h2:mem:starter-mockmvc;DB_CLOSE_DELAY=-1"})
@AutoConfigureMockMvc
class MfaStarterMockMvcTest {

    static final MutableClock CLOCK = MutableClock.startingAt2026();

    @TestConfiguration
    static class Clocks {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    Mfa mfa;

    @Test
    void passwordThenTotpThroughSpringSecuritysFactorModel() throws Exception {
        assertThat(mfa.providers()).extracting(d -> d.id()).containsExactly("totp", "recovery");
        MockHttpSession session = signIn();
        mvc.perform(get("/secret").session(session)).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/mfa?factor.type=totp&factor.type=recovery&factor.reason=missing&factor.reason=missing"));

        String setup = mvc.perform(post("/mfa/setup").session(session).with(csrf()))
                .andReturn().getResponse().getContentAsString();
        assertThat(setup).startsWith("DONE ");
        String secret = setup.substring("DONE ".length());
        mvc.perform(post("/mfa/activate").session(session).with(csrf()).param("code", code(secret)))
                .andExpect(content().string("ACCEPTED"));
        MockHttpSession enrolled = (MockHttpSession) mvc.perform(get("/secret").session(session))
                .andExpect(status().isOk()).andReturn().getRequest().getSession();
        mvc.perform(get("/mfa/authorities").session(enrolled))
                .andExpect(content().string("[FACTOR_PASSWORD, FACTOR_TOTP, ROLE_USER]"));
        assertThat(enrolled.getAttribute(MfaWeb.ATTRIBUTE)).hasToString("MfaSessionState[user=carol, with proof]");

        MockHttpSession passwordOnly = signIn();
        mvc.perform(get("/secret").session(passwordOnly)).andExpect(status().is3xxRedirection());
        mvc.perform(post("/mfa/setup").session(passwordOnly).with(csrf()))
                .andExpect(content().string("STEP_UP_REQUIRED "));
        CLOCK.advance(Duration.ofSeconds(31));
        mvc.perform(post("/mfa/verify").session(passwordOnly).with(csrf()).param("code", code(secret)))
                .andExpect(content().string("ACCEPTED"));
        mvc.perform(get("/secret").session(passwordOnly)).andExpect(content().string("secret page"));
    }

    private MockHttpSession signIn() throws Exception {
        return (MockHttpSession) mvc.perform(formLogin().user("carol").password("carol-password"))
                .andExpect(status().is3xxRedirection()).andReturn().getRequest().getSession();
    }

    private static String code(String secret) {
        return String.format("%06d", new GoogleAuthenticator().getTotpPassword(secret, CLOCK.millis()));
    }
}
