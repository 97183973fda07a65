package org.mfa4j.spi.code;

/**
 * Delivers one message with a code: an SMTP transport, an SMS API. Called once per committed send, after the
 * core stored the code's hash and charged the send budgets, never inside a retried run.
 */
@FunctionalInterface
public interface CodeChannel {

    /**
     * Sends {@code message}. Throw {@link org.mfa4j.MfaProviderException} when it could not be delivered: the
     * core voids the code and reports a typed failure; the message must not quote the destination or code.
     */
    void send(CodeMessage message);
}
