package org.mfa4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the driver gets for each kind of URL, and that the words for messages never hold credentials. */
class DatabaseUrlTest {

    @Test
    void anH2FileUrlOpensOnlyAnExistingDatabaseAndWritesNoTraceFile() {
        DatabaseUrl u = DatabaseUrl.of("jdbc:h2:file:/srv/app/mfa;MODE=PostgreSQL;ifexists=false", false);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:h2:file:/srv/app/mfa;MODE=PostgreSQL;IFEXISTS=TRUE;TRACE_LEVEL_FILE=0");
        assertThat(u.description()).isEqualTo("the H2 database " + Path.of("/srv/app/mfa.mv.db").toAbsolutePath());
        assertThat(u.h2File()).contains(Path.of("/srv/app/mfa.mv.db").toAbsolutePath());
        assertThat(u.note()).isEmpty();
    }

    @Test
    void migrateMayCreateAndTheOperatorsOwnSettingsStay() {
        DatabaseUrl u = DatabaseUrl.of("jdbc:h2:./data/mfa;TRACE_LEVEL_FILE=3;IFEXISTS=TRUE", true);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:h2:./data/mfa;TRACE_LEVEL_FILE=3;IFEXISTS=TRUE");
        assertThat(DatabaseUrl.of("jdbc:h2:./data/mfa", true).jdbcUrl()).isEqualTo("jdbc:h2:./data/mfa;TRACE_LEVEL_FILE=0");
        assertThat(u.description()).isEqualTo("the H2 database " + Path.of("data/mfa.mv.db").toAbsolutePath());
    }

    @Test
    void theMvDbFileIsReadAsTheDatabasesName() {
        DatabaseUrl u = DatabaseUrl.of("jdbc:h2:file:/srv/app/mfa.mv.db;USER=sa;PASSWORD=s3cret", false);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:h2:file:/srv/app/mfa;USER=sa;PASSWORD=s3cret;IFEXISTS=TRUE"
                + ";TRACE_LEVEL_FILE=0");
        assertThat(u.note()).contains("an H2 URL names the database without '.mv.db': using the file "
                + Path.of("/srv/app/mfa.mv.db").toAbsolutePath());
        assertThat(u.description()).doesNotContain("s3cret");
        assertThat(u.toString()).doesNotContain("s3cret");
    }

    @Test
    void serversAndMemoryAreNamedWithoutCredentials() {
        DatabaseUrl tcp = DatabaseUrl.of("jdbc:h2:tcp://db.internal:9092/mfa;PASSWORD=s3cret", false);
        assertThat(tcp.jdbcUrl()).endsWith(";PASSWORD=s3cret;IFEXISTS=TRUE;TRACE_LEVEL_FILE=0");
        assertThat(tcp.h2File()).isEmpty();
        assertThat(tcp.description()).isEqualTo("the H2 database tcp://db.internal:9092/mfa");

        DatabaseUrl mem = DatabaseUrl.of("jdbc:h2:mem:test", false);
        assertThat(mem.jdbcUrl()).isEqualTo("jdbc:h2:mem:test");
        assertThat(mem.description()).isEqualTo("the in-memory H2 database");

        String pgUrl = "jdbc:postgresql://admin:s3cret@db.internal:5432/app?password=s3cret&ssl=true";
        DatabaseUrl pg = DatabaseUrl.of(pgUrl, false);
        assertThat(pg.jdbcUrl()).isEqualTo(pgUrl);
        assertThat(pg.description()).isEqualTo("the postgresql database app at db.internal:5432");
    }
}
