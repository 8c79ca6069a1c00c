package io.github.commscentre.jpa;

import org.junit.jupiter.api.extension.RegisterExtension;

/** A standalone store from a JDBC URL on PostgreSQL (skipped with the reason printed when COMMS_TEST_POSTGRES_URL is unset). */
class StandaloneStorePostgresTest extends StandaloneStoreTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::postgres);

    @Override
    PerClassDatabase classDatabase() {
        return DATABASE;
    }
}
