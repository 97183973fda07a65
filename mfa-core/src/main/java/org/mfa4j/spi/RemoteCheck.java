package org.mfa4j.spi;

import org.mfa4j.MfaInput;
/**
 * A call to a provider's remote side that must happen exactly once per verification: Duo's code exchange, a
 * remote verification API (Twilio Verify's check). The core runs it before its transaction, outside the
 * compare-and-set retry loop, and hands the result to
 * {@link MfaProvider#verify(MfaInput, RemoteResult, PropertyManager)} inside it, so a conflict with another
 * writer re-runs the decision, never the call.
 */
@FunctionalInterface
public interface RemoteCheck {

    /**
     * Makes the call. Throw {@link org.mfa4j.MfaProviderException} when the remote side could not be asked
     * (network, timeout): the verification fails closed and nothing is written.
     */
    RemoteResult call();
}
