package org.mfa4j;

/** mfa4j was configured in a way that cannot work; the message says what to change. */
public final class MfaConfigurationException extends MfaException {

    private static final long serialVersionUID = 1L;

    public MfaConfigurationException(String message) {
        super(message);
    }

    public MfaConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
