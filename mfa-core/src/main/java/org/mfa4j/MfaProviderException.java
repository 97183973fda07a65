package org.mfa4j;

/**
 * A provider could not complete an operation for a reason other than a wrong answer: its remote service
 * is unreachable, answered an error, or a message could not be delivered. The operation failed closed.
 */
public final class MfaProviderException extends MfaException {

    private static final long serialVersionUID = 1L;

    public MfaProviderException(String message) {
        super(message);
    }

    public MfaProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
