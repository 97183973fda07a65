package org.mfa4j.provider.totp;

import java.util.function.UnaryOperator;
import org.mfa4j.Mfa;
import org.mfa4j.testing.jdbc.MfaNodes;

/** Two nodes with their own pools on one shared H2 in-memory database. */
class TotpMultiNodeH2Test extends TotpMultiNodeTest {

    @Override
    MfaNodes start(String name, UnaryOperator<Mfa.Builder> configure) {
        return MfaNodes.onH2(name, 2, THREADS_PER_NODE, configure);
    }
}
