package org.mfa4j.provider.duo;

import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.duosecurity.DuoIdTokenValidator;
import com.duosecurity.TokenValidator;
import com.duosecurity.exception.DuoException;
import org.mfa4j.provider.duo.ExchangeResult.Status;

/**
 * The ID-token check of one exchange: the SDK's {@link DuoIdTokenValidator} (HS512 under the client
 * secret, issuer {@code https://<api-host>/oauth/v1/token}, audience the client id,
 * {@code preferred_username} the expected user, {@code exp}/{@code iat}/{@code nbf} with Duo's 60-second
 * leeway), then two checks it leaves out: {@code exp} and {@code iat} must be present (the JWT library
 * skips absent ones). A refusal is a {@link Refused} carrying the typed status, so the gateway can tell a
 * username mismatch from a forged or stale token without reading exception messages.
 *
 * <p>No nonce is checked: the SDK's {@code createAuthUrl} (1.3.1) sends none, so there is nothing to
 * compare. What binds the callback to the flow is the state, which the caller must check first.
 */
final class IdTokenCheck implements TokenValidator {

    private static final String USERNAME_CLAIM = "preferred_username";

    private final TokenValidator sdk;

    IdTokenCheck(String clientSecret, String username, String clientId, String apiHost) {
        this.sdk = new DuoIdTokenValidator(clientSecret, username, clientId, apiHost);
    }

    @Override
    public DecodedJWT validateAndDecode(String idToken) throws DuoException {
        if (idToken == null) {
            throw new Refused(Status.PROTOCOL_ERROR, "Duo's token answer has no id_token");
        }
        DecodedJWT jwt;
        try {
            jwt = sdk.validateAndDecode(idToken);
        } catch (DuoException e) {
            throw refusal(e.getCause());
        }
        if (jwt.getExpiresAt() == null || jwt.getIssuedAt() == null) {
            throw new Refused(Status.INVALID_TOKEN, "the ID token lacks exp or iat");
        }
        return jwt;
    }

    private static Refused refusal(Throwable cause) {
        if (cause instanceof IncorrectClaimException e && USERNAME_CLAIM.equals(e.getClaimName())) {
            return new Refused(Status.USERNAME_MISMATCH, "the ID token names another user");
        }
        if (cause instanceof TokenExpiredException) {
            return new Refused(Status.EXPIRED_TOKEN, "the ID token has expired");
        }
        if (cause instanceof SignatureVerificationException) {
            return new Refused(Status.INVALID_TOKEN, "the ID token's signature does not verify with the client secret");
        }
        if (cause instanceof AlgorithmMismatchException) {
            return new Refused(Status.INVALID_TOKEN, "the ID token is not signed with HS512");
        }
        if (cause instanceof IncorrectClaimException e) {
            return new Refused(Status.INVALID_TOKEN, "the ID token's claim '" + e.getClaimName() + "' is not the expected one");
        }
        if (cause instanceof MissingClaimException e) {
            return new Refused(Status.INVALID_TOKEN, "the ID token lacks the claim '" + e.getClaimName() + "'");
        }
        if (cause instanceof JWTDecodeException) {
            return new Refused(Status.INVALID_TOKEN, "the ID token is not a JWT");
        }
        return new Refused(Status.INVALID_TOKEN, "the ID token was refused ("
                + (cause == null ? "no cause" : cause.getClass().getSimpleName()) + ")");
    }

    /** A refused ID token; the SDK passes it through unchanged to the caller of the exchange. */
    static final class Refused extends DuoException {

        private static final long serialVersionUID = 1L;

        private final Status status;

        Refused(Status status, String reason) {
            super(reason);
            this.status = status;
        }

        ExchangeResult result() {
            return new ExchangeResult(status, getMessage());
        }
    }
}
