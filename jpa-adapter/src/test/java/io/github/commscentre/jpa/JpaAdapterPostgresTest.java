package io.github.commscentre.jpa;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The adapter's own promises on PostgreSQL (skipped with the reason printed when COMMS_TEST_POSTGRES_URL is unset). */
class JpaAdapterPostgresTest extends JpaAdapterTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::postgres);

    @Override
    PerClassDatabase classDatabase() {
        return DATABASE;
    }
}
