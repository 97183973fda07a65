package org.mfa4j.store;

import java.util.function.UnaryOperator;
import org.mfa4j.Mfa;
import org.mfa4j.testing.jdbc.MfaNodes;

/** Two nodes with their own pools on one shared H2 in-memory database. */
class JdbcMultiNodeH2Test extends JdbcMultiNodeTest {

    @Override
    MfaNodes start(String name, UnaryOperator<Mfa.Builder> configure) {
        return MfaNodes.onH2(name, 2, 4, configure);
    }
}
