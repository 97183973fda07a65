package org.mfa4j.provider.email;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How mfa4j reaches the SMTP server that sends its e-mails: immutable, built with {@link #builder()}.
 *
 * <p>The defaults are the secure ones: the connection is upgraded with STARTTLS and the message is not sent if
 * the server does not offer it; the server's certificate is checked against the JVM's trust store and its name
 * against the host name; when a username and password are set, the message is sent only after a successful
 * SMTP AUTH, never unauthenticated because the server did not offer AUTH. Plain text needs an explicit
 * {@link Builder#allowPlainText()}.
 *
 * <p>{@link #toString()} names the host, port, security mode, username and sender, never the password.
 */
public final class SmtpSettings {

    /** How the connection to the server is protected. */
    public enum Security {
        /**
         * Connect in plain text (usually port 587 or 25), then upgrade with STARTTLS before anything else is
         * said. A server that does not offer STARTTLS gets nothing: no password, no message.
         */
        STARTTLS,
        /** TLS from the first byte ("SMTPS", usually port 465). */
        IMPLICIT_TLS,
        /**
         * No TLS at all: the password, the recipient and the code cross the network in clear. Only for a
         * local test server; {@link Builder#build()} refuses it without {@link Builder#allowPlainText()}.
         */
        NONE
    }

    private final String host;
    private final int port;
    private final Security security;
    private final String username;
    private final char[] password;
    private final InternetAddress from;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final KeyStore trustStore;
    private final String ehloName;

    private SmtpSettings(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.security = b.security;
        this.username = b.username;
        this.password = b.password == null ? null : b.password.clone();
        this.from = b.from;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.trustStore = b.trustStore;
        this.ehloName = b.ehloName;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The server's host name; required. */
    public String host() {
        return host;
    }

    /** The server's port; 587 for {@link Security#STARTTLS}, 465 for {@link Security#IMPLICIT_TLS} by default. */
    public int port() {
        return port;
    }

    public Security security() {
        return security;
    }

    /** The SMTP AUTH username, when authentication is configured. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** Whether a username and password are set, and so whether every message must be sent after SMTP AUTH. */
    public boolean authenticates() {
        return username != null;
    }

    /** A fresh copy of the password; only the transport calls this, to log in. */
    String password() {
        return new String(password);
    }

    /** The sender ({@code From} header and envelope sender). */
    public InternetAddress from() {
        return (InternetAddress) from.clone();
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** The trust store the server's certificate is checked against; empty means the JVM's default. */
    public Optional<KeyStore> trustStore() {
        return Optional.ofNullable(trustStore);
    }

    /** The name this client gives in {@code EHLO}; empty means the local host name, as Jakarta Mail finds it. */
    public Optional<String> ehloName() {
        return Optional.ofNullable(ehloName);
    }

    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", security=" + security
                + ", username=" + (username == null ? "(none)" : username) + ", from=" + from.getAddress()
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", trustStore=" + (trustStore == null ? "JVM default" : "explicit") + "]";
    }

    /** Collects the settings; {@link #build()} checks them together. */
    public static final class Builder {

        private String host;
        private Integer explicitPort;
        private int port;
        private Security security = Security.STARTTLS;
        private boolean plainTextAllowed;
        private String username;
        private char[] password;
        private InternetAddress from;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(10);
        private KeyStore trustStore;
        private String ehloName;

        private Builder() {
        }

        /** The SMTP server's host name. Required; there is no default. */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank() || !host.strip().equals(host) || host.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("SMTP host must be a host name without spaces or controls");
            }
            this.host = host;
            return this;
        }

        /**
         * The server's port, 1 to 65535. The default follows the security mode: 587 (submission) for STARTTLS
         * and plain text, 465 for implicit TLS.
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("SMTP port must be between 1 and 65535");
            }
            this.explicitPort = port;
            return this;
        }

        /**
         * How the connection is protected. The default is {@link Security#STARTTLS}, required: a server that
         * does not offer it gets neither the password nor the message.
         */
        public Builder security(Security security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /**
         * Confirms that {@link Security#NONE} is meant: the password, the recipient's address and the code
         * travel in clear. For a test server on the same machine; never for a server across a network. The
         * default is not allowed.
         */
        public Builder allowPlainText() {
            this.plainTextAllowed = true;
            return this;
        }

        /**
         * SMTP AUTH credentials. The default is none: messages are sent without authentication (a relay that
         * trusts this host). With credentials, a message is sent only after a successful login: a server that
         * does not offer AUTH is refused, not used unauthenticated. The password is copied; wipe your array.
         */
        public Builder credentials(String username, char[] password) {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.isEmpty() || username.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("SMTP username must be non-empty and without controls");
            }
            if (password.length == 0) {
                throw new IllegalArgumentException("SMTP password must not be empty");
            }
            this.username = username;
            this.password = password.clone();
            return this;
        }

        /**
         * The sender: an address, optionally with a display name ({@code ACME <no-reply@acme.example>}).
         * Required; there is no default.
         */
        public Builder from(String from) {
            Objects.requireNonNull(from, "from");
            try {
                InternetAddress[] parsed = InternetAddress.parseHeader(from, true);
                if (parsed.length != 1) {
                    throw new IllegalArgumentException("SMTP from must be exactly one address");
                }
                parsed[0].validate();
                this.from = parsed[0];
            } catch (AddressException e) {
                throw new IllegalArgumentException("SMTP from is not a valid address (one addr-spec, optionally"
                        + " with a display name)");
            }
            return this;
        }

        /** How long opening the TCP connection may take. The default is 5 seconds. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long the client waits for each answer of the server (and for each write to go through). The
         * default is 10 seconds.
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /**
         * The certificates to trust for the server instead of the JVM's default trust store (a test server's
         * self-signed certificate, a private CA). The host name is checked either way. The default is the
         * JVM's trust store.
         */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
            return this;
        }

        /**
         * The name given in {@code EHLO}. The default is the local host name as Jakarta Mail finds it (which may
         * cost a DNS lookup on a badly configured machine).
         */
        public Builder ehloName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalArgumentException("EHLO name must be printable ASCII without spaces");
            }
            this.ehloName = name;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalStateException when the host or sender is missing, or plain text was chosen without
         *     {@link #allowPlainText()}
         */
        public SmtpSettings build() {
            if (host == null) {
                throw new IllegalStateException("SMTP host is required: call host(...)");
            }
            if (from == null) {
                throw new IllegalStateException("SMTP from address is required: call from(...)");
            }
            if (security == Security.NONE && !plainTextAllowed) {
                throw new IllegalStateException("SMTP security NONE sends the password and the code in clear;"
                        + " use STARTTLS or IMPLICIT_TLS, or call allowPlainText() for a local test server");
            }
            port = explicitPort != null ? explicitPort : security == Security.IMPLICIT_TLS ? 465 : 587;
            return new SmtpSettings(this);
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
