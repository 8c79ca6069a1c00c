package io.github.commscentre.jpa;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The shipped JDBC property directory on PostgreSQL (skipped with the reason printed when COMMS_TEST_POSTGRES_URL is unset). */
class JdbcPropertyDirectoryPostgresTest extends JdbcPropertyDirectoryTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::postgres);

    @Override
    PerClassDatabase classDatabase() {
        return DATABASE;
    }
}
