package org.mfa4j.provider.sms;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Accounts, credentials and numbers the sender tests share; all made up. */
final class Fixtures {

    static final String ACCOUNT_SID = "AC" + "0123456789abcdef".repeat(2);
    static final String AUTH_TOKEN = "tok3n-d0-not-log-" + "f".repeat(15);
    static final String API_KEY = "SK" + "fedcba9876543210".repeat(2);
    static final String API_SECRET = "api-s3cret-d0-not-log-" + "e".repeat(10);
    static final String MESSAGING_SERVICE = "MG" + "00112233445566778899aabbccddeeff";
    static final String VERIFY_SERVICE = "VA" + "ffeeddccbbaa99887766554433221100";
    static final String FROM = "+12015550100";

    /** A US mobile number (libphonenumber's example), the recipient of every test. */
    static final String TO = "+12015550123";
    static final String TO_MASKED = "+1 *** *** 0123";
    static final String CODE = "864209";

    static final PhoneNumbers NUMBERS = PhoneNumbers.allowing(Set.of(1, 44, 49));

    private Fixtures() {
    }

    static PhoneNumber to() {
        return NUMBERS.check(TO).number().orElseThrow();
    }

    /** What must appear in no log line, result or message. The national digits count too. */
    static List<String> secrets() {
        return List.of(AUTH_TOKEN, API_SECRET, CODE, TO, TO.substring(2), "2015550123");
    }

    static TwilioSettings.Builder base() {
        return TwilioSettings.builder()
                .accountSid(ACCOUNT_SID)
                .authToken(AUTH_TOKEN.toCharArray())
                .connectTimeout(Duration.ofMillis(500))
                .readTimeout(Duration.ofMillis(400));
    }

    static TwilioSettings messaging() {
        return base().messagingFrom(FROM).build();
    }

    static TwilioSettings verify() {
        return base().verifyService(VERIFY_SERVICE).build();
    }
}
