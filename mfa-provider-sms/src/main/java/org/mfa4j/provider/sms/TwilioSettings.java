package org.mfa4j.provider.sms;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How mfa4j reaches Twilio: the account, its credentials, the product (Programmable Messaging or Verify) and
 * the timeouts. Immutable, built with {@link #builder()}.
 *
 * <p><b>Credentials.</b> The account SID and either the account's auth token or an API key with its secret
 * (recommended: a key can be revoked alone). Each may come from the environment instead of the code, when the
 * builder is given one ({@link Builder#fromEnvironment()}); a value set on the builder wins over the variable:
 * <ul>
 *   <li>{@value #ENV_ACCOUNT_SID}: the account SID ({@code AC} and 32 hex digits)</li>
 *   <li>{@value #ENV_AUTH_TOKEN}: the auth token</li>
 *   <li>{@value #ENV_API_KEY}: an API key SID ({@code SK} and 32 hex digits)</li>
 *   <li>{@value #ENV_API_SECRET}: that key's secret</li>
 * </ul>
 * These are the names the SMS provider's settings ({@code account-sid}, {@code auth-token}, {@code api-key},
 * {@code api-secret}) fall back to.
 *
 * <p><b>Mode.</b> {@link Mode#MESSAGING}: mfa4j makes and checks the code and Twilio delivers the text, from a
 * number ({@link Builder#messagingFrom(String)}) or a Messaging Service ({@link Builder#messagingService(String)}).
 * {@link Mode#VERIFY}: Twilio Verify makes, sends and checks the code ({@link Builder#verifyService(String)}).
 * Exactly one is chosen; there is no default.
 *
 * <p><b>Retries.</b> None, and there is no setting for them: Twilio's Messages and Verify APIs take no
 * idempotency key, so a POST repeated after a 5xx answer, a 429 or a timeout can send the SMS twice (with the SDK's
 * and HTTP client's shipped retries, one 503 became six POSTs: six SMS). A second attempt is a resend, which the
 * user asks for and the core's cooldown and send budgets govern, and which replaces the previous code.
 *
 * <p>{@link #toString()} names the account, the key, the mode and the sender, never the token or the secret.
 */
public final class TwilioSettings {

    /** Environment variable for the account SID. */
    public static final String ENV_ACCOUNT_SID = "MFA4J_SMS_ACCOUNT_SID";
    /** Environment variable for the auth token. */
    public static final String ENV_AUTH_TOKEN = "MFA4J_SMS_AUTH_TOKEN";
    /** Environment variable for the API key SID. */
    public static final String ENV_API_KEY = "MFA4J_SMS_API_KEY";
    /** Environment variable for the API key's secret. */
    public static final String ENV_API_SECRET = "MFA4J_SMS_API_SECRET";

    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-f]{32}");
    private static final Pattern API_KEY = Pattern.compile("SK[0-9a-f]{32}");
    private static final Pattern MESSAGING_SERVICE_SID = Pattern.compile("MG[0-9a-f]{32}");
    private static final Pattern VERIFY_SERVICE_SID = Pattern.compile("VA[0-9a-f]{32}");

    /** Which Twilio product sends the code. */
    public enum Mode {
        /** Programmable Messaging: mfa4j's code, mfa4j's budgets, Twilio delivers the text. */
        MESSAGING,
        /** Twilio Verify: Twilio makes, sends and checks the code (and applies its Fraud Guard). */
        VERIFY
    }

    private final String accountSid;
    private final String apiKey;
    private final char[] secret;
    private final Mode mode;
    private final String from;
    private final String messagingServiceSid;
    private final String verifyServiceSid;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    private TwilioSettings(String accountSid, String apiKey, char[] secret, Builder b) {
        this.accountSid = accountSid;
        this.apiKey = apiKey;
        this.secret = secret;
        this.mode = b.verifyServiceSid != null ? Mode.VERIFY : Mode.MESSAGING;
        this.from = b.from;
        this.messagingServiceSid = b.messagingServiceSid;
        this.verifyServiceSid = b.verifyServiceSid;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String accountSid() {
        return accountSid;
    }

    /** The API key SID, when the credentials are a key and secret rather than the auth token. */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    public Mode mode() {
        return mode;
    }

    /** The sending number ({@code From}), in {@link Mode#MESSAGING} without a Messaging Service. */
    public Optional<String> from() {
        return Optional.ofNullable(from);
    }

    /** The Messaging Service SID ({@code MessagingServiceSid}), in {@link Mode#MESSAGING} with a service. */
    public Optional<String> messagingServiceSid() {
        return Optional.ofNullable(messagingServiceSid);
    }

    /** The Verify service SID, in {@link Mode#VERIFY}. */
    public Optional<String> verifyServiceSid() {
        return Optional.ofNullable(verifyServiceSid);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** The Basic-auth user: the API key, or the account SID with the auth token. */
    String username() {
        return apiKey != null ? apiKey : accountSid;
    }

    /** The Basic-auth password: the key's secret or the auth token; for the Twilio client only. */
    String password() {
        return new String(secret);
    }

    @Override
    public String toString() {
        return "TwilioSettings[account=" + accountSid + ", credentials="
                + (apiKey != null ? "API key " + apiKey : "auth token") + ", mode=" + mode
                + (from != null ? ", from=" + PhoneNumbers.maskSender(from) : "")
                + (messagingServiceSid != null ? ", messagingService=" + messagingServiceSid : "")
                + (verifyServiceSid != null ? ", verifyService=" + verifyServiceSid : "")
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }

    /** Collects the settings; {@link #build()} checks them together. */
    public static final class Builder {

        private String accountSid;
        private char[] authToken;
        private String apiKey;
        private char[] apiSecret;
        private String from;
        private String messagingServiceSid;
        private String verifyServiceSid;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(10);
        private Function<String, String> environment;

        private Builder() {
        }

        /** The account SID ({@code AC} and 32 hex digits). Required, here or from {@value #ENV_ACCOUNT_SID}. */
        public Builder accountSid(String accountSid) {
            this.accountSid = sid(accountSid, ACCOUNT_SID, "accountSid", "AC");
            return this;
        }

        /** The account's auth token; copied, wipe your array. Either this or {@link #apiKey(String, char[])}. */
        public Builder authToken(char[] token) {
            this.authToken = secret(token, "authToken");
            return this;
        }

        /** An API key ({@code SK...}) and its secret; copied, wipe your array. Either this or the auth token. */
        public Builder apiKey(String apiKey, char[] secret) {
            this.apiKey = sid(apiKey, API_KEY, "apiKey", "SK");
            this.apiSecret = secret(secret, "apiSecret");
            return this;
        }

        /**
         * Reads credentials the builder was not given from the process environment: {@value #ENV_ACCOUNT_SID},
         * {@value #ENV_AUTH_TOKEN}, {@value #ENV_API_KEY}, {@value #ENV_API_SECRET}. The default is not to.
         */
        public Builder fromEnvironment() {
            return fromEnvironment(System::getenv);
        }

        /** As {@link #fromEnvironment()}, with another lookup (tests, a secrets manager). */
        public Builder fromEnvironment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** {@link Mode#MESSAGING} from this number, in E.164 ({@code +14155550100}). */
        public Builder messagingFrom(String e164) {
            Objects.requireNonNull(e164, "e164");
            if (!PhoneNumbers.isSenderNumber(e164)) {
                throw new IllegalArgumentException("messagingFrom must be a number in E.164 form (+ and digits)");
            }
            this.from = e164;
            return this;
        }

        /** {@link Mode#MESSAGING} through this Messaging Service ({@code MG} and 32 hex digits). */
        public Builder messagingService(String sid) {
            this.messagingServiceSid = sid(sid, MESSAGING_SERVICE_SID, "messagingService", "MG");
            return this;
        }

        /** {@link Mode#VERIFY} with this Verify service ({@code VA} and 32 hex digits). */
        public Builder verifyService(String sid) {
            this.verifyServiceSid = sid(sid, VERIFY_SERVICE_SID, "verifyService", "VA");
            return this;
        }

        /** How long opening the connection to Twilio may take. The default is 5 seconds. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long to wait for Twilio's answer once the request is sent. The default is 10 seconds. On a
         * timeout the message may have been accepted: the result says so.
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalStateException when the account SID or credentials are missing or ambiguous, or not
         *     exactly one of messagingFrom, messagingService and verifyService was set; the message names the
         *     setting and its environment variable, never a value
         */
        public TwilioSettings build() {
            String sid = accountSid;
            if (sid == null) {
                sid = fromEnv(ENV_ACCOUNT_SID).map(v -> sidFromEnv(v, ACCOUNT_SID, ENV_ACCOUNT_SID, "AC"))
                        .orElseThrow(() -> new IllegalStateException("Twilio account SID is required: call"
                                + " accountSid(...) or set " + ENV_ACCOUNT_SID + " with fromEnvironment()"));
            }
            String key = apiKey;
            char[] secret = apiKey != null ? apiSecret : authToken;
            if (key == null && secret == null) {
                Optional<String> envToken = fromEnv(ENV_AUTH_TOKEN);
                Optional<String> envKey = fromEnv(ENV_API_KEY);
                Optional<String> envSecret = fromEnv(ENV_API_SECRET);
                if (envKey.isPresent() != envSecret.isPresent()) {
                    throw new IllegalStateException("set both " + ENV_API_KEY + " and " + ENV_API_SECRET
                            + ", or neither");
                }
                if (envKey.isPresent() && envToken.isPresent()) {
                    throw new IllegalStateException("set either " + ENV_AUTH_TOKEN + " or " + ENV_API_KEY + " with "
                            + ENV_API_SECRET + ", not both");
                }
                if (envKey.isPresent()) {
                    key = sidFromEnv(envKey.get(), API_KEY, ENV_API_KEY, "SK");
                    secret = envSecret.get().toCharArray();
                } else if (envToken.isPresent()) {
                    secret = envToken.get().toCharArray();
                }
            } else if (apiKey != null && authToken != null) {
                throw new IllegalStateException("set either authToken(...) or apiKey(...), not both");
            }
            if (secret == null) {
                throw new IllegalStateException("Twilio credentials are required: call authToken(...) or"
                        + " apiKey(...), or set " + ENV_AUTH_TOKEN + " (or " + ENV_API_KEY + " and " + ENV_API_SECRET
                        + ") with fromEnvironment()");
            }
            int modes = (from != null ? 1 : 0) + (messagingServiceSid != null ? 1 : 0)
                    + (verifyServiceSid != null ? 1 : 0);
            if (modes != 1) {
                throw new IllegalStateException("choose exactly one of messagingFrom(...), messagingService(...)"
                        + " and verifyService(...)");
            }
            return new TwilioSettings(sid, key, secret.clone(), this);
        }

        private Optional<String> fromEnv(String name) {
            if (environment == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(environment.apply(name)).map(String::strip).filter(v -> !v.isEmpty());
        }

        private static String sidFromEnv(String value, Pattern shape, String variable, String prefix) {
            if (!shape.matcher(value).matches()) {
                throw new IllegalStateException(variable + " must be " + prefix + " and 32 lowercase hex digits");
            }
            return value;
        }

        private static String sid(String value, Pattern shape, String setting, String prefix) {
            Objects.requireNonNull(value, setting);
            if (!shape.matcher(value).matches()) {
                throw new IllegalArgumentException(setting + " must be " + prefix + " and 32 lowercase hex digits");
            }
            return value;
        }

        private static char[] secret(char[] value, String setting) {
            Objects.requireNonNull(value, setting);
            if (value.length == 0) {
                throw new IllegalArgumentException(setting + " must not be empty");
            }
            return value.clone();
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " must be positive and below 24 days");
            }
            return d;
        }
    }
}
