package io.github.commscentre.jpa;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Failures inside the host's transaction on PostgreSQL (skipped with the reason printed when COMMS_TEST_POSTGRES_URL is unset). */
class HostTransactionFailuresPostgresTest extends HostTransactionFailuresTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::postgres);

    @Override
    PerClassDatabase classDatabase() {
        return DATABASE;
    }
}
