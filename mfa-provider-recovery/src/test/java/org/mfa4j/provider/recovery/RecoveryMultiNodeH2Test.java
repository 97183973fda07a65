package org.mfa4j.provider.recovery;

import java.util.function.UnaryOperator;
import org.mfa4j.Mfa;
import org.mfa4j.testing.jdbc.MfaNodes;

/** Two nodes with their own pools on one shared H2 in-memory database. */
class RecoveryMultiNodeH2Test extends RecoveryMultiNodeTest {

    @Override
    MfaNodes start(String name, UnaryOperator<Mfa.Builder> configure) {
        return MfaNodes.onH2(name, 2, THREADS_PER_NODE, configure);
    }
}
