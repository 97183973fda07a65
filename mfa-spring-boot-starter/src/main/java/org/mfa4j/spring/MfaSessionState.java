package org.mfa4j.spring;

import java.io.Serial;
import java.io.Serializable;

/**
 * What the HTTP session keeps for mfa4j, server-side only: the user it belongs to, the per-login id handed
 * to mfa4j as the session id (random, so it survives Spring's session-id changes at login and after MFA),
 * and the proof token, if any. {@code toString} shows neither value.
 */
record MfaSessionState(String userId, String loginId, String proofToken) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    MfaSessionState withProof(String token) {
        return new MfaSessionState(userId, loginId, token);
    }

    @Override
    public String toString() {
        return "MfaSessionState[user=" + userId + (proofToken == null ? ", no proof" : ", with proof") + "]";
    }
}
