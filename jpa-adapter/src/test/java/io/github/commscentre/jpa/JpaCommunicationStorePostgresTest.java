package io.github.commscentre.jpa;

import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.testkit.CommunicationStoreContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on PostgreSQL ({@code COMMS_TEST_POSTGRES_URL}; skipped with the reason printed when unset),
 * in a schema of its own, over a host-style factory validated against the shipped PostgreSQL migration.
 */
class JpaCommunicationStorePostgresTest extends CommunicationStoreContractTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::postgres);

    @Override
    protected CommunicationStore store() {
        return DATABASE.store();
    }
}
