package org.mfa4j.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mfa4j.spi.UserDocument;
import org.mfa4j.testing.MfaStoreContractTest;

/** The store contract plus what every built-in dialect of {@link JdbcMfaStore} must do. */
abstract class JdbcStoreTest extends MfaStoreContractTest {

    /** The dialect the database's metadata should select. */
    abstract JdbcDialect expectedDialect();

    /** The shipped script of that dialect, in {@code org/mfa4j/store}. */
    abstract String scriptName();

    @Test
    void detectsTheDialectAndRunsTheShippedScript() {
        JdbcMfaStore s = (JdbcMfaStore) store;
        assertThat(s.dialect()).isSameAs(expectedDialect());
        assertThat(s.schemaScript()).isEqualTo(JdbcDialect.resource(scriptName()))
                .contains("CREATE TABLE IF NOT EXISTS mfa4j_user");
    }

    @Test
    void createSchemaIsIdempotentAndKeepsRows() {
        JdbcMfaStore s = (JdbcMfaStore) store;
        String u = user("kept");
        s.compareAndSet(u, 0, UserDocument.empty().withFactorEpoch(4));
        s.createSchema();
        s.createSchema();
        assertThat(s.load(u).orElseThrow().document().factorEpoch()).isEqualTo(4);
    }
}
