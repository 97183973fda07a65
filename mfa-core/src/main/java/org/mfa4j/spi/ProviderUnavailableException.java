package org.mfa4j.spi;

import org.mfa4j.MfaException;

/**
 * Thrown by {@link MfaProvider#challenge} when the provider's remote side cannot serve a prompt now (Duo's
 * health check failed and its fail mode is closed). The core answers the prompt with
 * {@link org.mfa4j.Status#UNAVAILABLE} and stores nothing; the application never sees this exception from
 * a prompt. Thrown from any other provider method it passes through as the {@link MfaException} it is. The
 * message follows the rule of every mfa4j message: no code, secret or contact data.
 */
public final class ProviderUnavailableException extends MfaException {

    private static final long serialVersionUID = 1L;

    public ProviderUnavailableException(String message) {
        super(message);
    }
}
