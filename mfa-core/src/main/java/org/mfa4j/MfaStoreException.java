package org.mfa4j;

/**
 * The store could not be read or written. The operation that met it failed closed: nothing was accepted
 * and nothing was half-written.
 */
public final class MfaStoreException extends MfaException {

    private static final long serialVersionUID = 1L;

    public MfaStoreException(String message) {
        super(message);
    }

    public MfaStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
