package io.github.commscentre.jpa;

import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.CommunicationStoreContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on PostgreSQL ({@code COMMS_TEST_POSTGRES_URL}; skipped with the reason printed when unset),
 * in a schema of its own, over a host-style factory validated against the shipped PostgreSQL migration.
 */
class JpaCommunicationStorePostgresTest extends CommunicationStoreContractTest {

    private static TestDatabase database;
    private static JpaCommunicationStore store;

    @BeforeAll
    static void start() {
        database = TestDatabase.postgres();
        store = JpaCommunicationStore.builder(database.hostFactory()).build();
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected CommunicationStore store() {
        return store;
    }
}
