package org.mfa4j.provider.email;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * An e-mail was not handed to the SMTP server. The message names the masked recipient and the reason, never
 * the address in clear, the password or the server's own words (a server's reply often quotes the address);
 * the exception has no cause for the same reason: Jakarta Mail's exceptions quote addresses.
 */
final class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the message was not sent. */
    enum Reason {
        /** No SMTP session: the TCP connection failed or timed out, or the server closed it. Nothing was sent. */
        CONNECT,
        /**
         * TLS could not be had: STARTTLS required and not offered, a failed handshake, an untrusted certificate
         * or a certificate for another host name. Nothing was sent, not even the password.
         */
        TLS,
        /**
         * Authentication: credentials are configured and the server offered no AUTH (refused by mfa4j before
         * the message was sent), the server refused the credentials, or it wants authentication and none is
         * configured.
         */
        AUTH,
        /** The server refused the sender, the recipient or the message (an SMTP 4xx or 5xx reply). */
        REJECTED,
        /**
         * The server stopped answering within the read timeout. If that happened after the message's final
         * dot, the server may have accepted it: a resend can deliver it twice.
         */
        TIMEOUT
    }

    private final Reason reason;
    private final int replyCode;

    DeliveryException(Reason reason, int replyCode, String message) {
        super(message, null, false, true);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.replyCode = replyCode;
    }

    Reason reason() {
        return reason;
    }

    /** The SMTP reply code that refused the message, when the server gave one (530, 535, 550, ...). */
    OptionalInt replyCode() {
        return replyCode > 0 ? OptionalInt.of(replyCode) : OptionalInt.empty();
    }
}
