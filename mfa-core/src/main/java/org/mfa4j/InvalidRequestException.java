package org.mfa4j;

/**
 * A call was made with arguments that can never be valid (a blank user id, an unknown provider id, an
 * operation the provider's state does not allow). A programmer error, not a wrong answer: wrong answers
 * come back as a {@link Result}.
 */
public final class InvalidRequestException extends MfaException {

    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
