package org.mfa4j.provider.duo;

import java.util.Objects;

/**
 * The outcome of one code exchange: only {@link Status#ALLOW} is a success. {@code reason} is mfa4j's own
 * words (with an exception's class, or Duo's {@code auth_result.status} value for a denial), never a code,
 * a state, a token, the client secret or the text of Duo's answer.
 */
record ExchangeResult(Status status, String reason) {

    enum Status {
        /** The token verified and {@code auth_result} said {@code allow}. */
        ALLOW,
        /** The token verified and Duo did not approve: {@code auth_result} said {@code deny} or another refusal. */
        DENY,
        /** The token verified except that it names another user than the one who started the prompt. */
        USERNAME_MISMATCH,
        /** A bad signature, another algorithm, issued in the future, wrong issuer or audience, no result. */
        INVALID_TOKEN,
        /** A token that verified but expired more than Duo's minute of leeway ago. */
        EXPIRED_TOKEN,
        /** Duo answered the token request with an error status: an unknown, expired or used code, or bad credentials. */
        DUO_ERROR,
        /** No answer: a timeout, no connection, a TLS or pin failure. */
        NETWORK,
        /** An answer that could not be read: not JSON, no {@code id_token}, or an unexpected error inside the SDK. */
        PROTOCOL_ERROR,
        /** The callback's code was empty, too long or had characters Duo never sends; Duo was not asked. */
        MALFORMED_CODE
    }

    ExchangeResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    boolean allowed() {
        return status == Status.ALLOW;
    }
}
