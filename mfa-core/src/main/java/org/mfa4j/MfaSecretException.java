package org.mfa4j;

/**
 * A sealed secret could not be opened: it was altered, copied to another user or provider, or sealed
 * under a key that is no longer configured.
 */
public final class MfaSecretException extends MfaException {

    private static final long serialVersionUID = 1L;

    public MfaSecretException(String message) {
        super(message);
    }

    public MfaSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
