package org.mfa4j;

/**
 * Base of every exception mfa4j throws on purpose. Subtypes say what failed; no message ever carries a
 * code, a secret, a phone number or an e-mail address.
 */
public abstract class MfaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected MfaException(String message) {
        super(message);
    }

    protected MfaException(String message, Throwable cause) {
        super(message, cause);
    }
}
