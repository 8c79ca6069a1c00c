package io.github.commscentre.jpa;

import org.junit.jupiter.api.extension.RegisterExtension;

/** A listing reads no body, on PostgreSQL (skipped with the reason printed when COMMS_TEST_POSTGRES_URL is unset). */
class ListingWithoutBodiesPostgresTest extends ListingWithoutBodiesTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::postgres);

    @Override
    PerClassDatabase classDatabase() {
        return DATABASE;
    }
}
