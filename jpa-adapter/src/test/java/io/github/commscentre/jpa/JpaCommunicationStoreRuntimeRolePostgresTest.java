package io.github.commscentre.jpa;

import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.testkit.CommunicationStoreContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole store contract on PostgreSQL, run as the runtime role of the shipped grants script: the library needs no
 * privilege that script does not grant (no TRUNCATE, no ownership, no DELETE of events).
 */
class JpaCommunicationStoreRuntimeRolePostgresTest extends CommunicationStoreContractTest {

    private static TestDatabase database;
    private static RuntimeRole role;
    private static JpaCommunicationStore store;

    @BeforeAll
    static void actAsRuntimeRole() {
        database = TestDatabase.postgres();
        role = RuntimeRole.create(database);
        store = JpaCommunicationStore.standalone(role.dataSource);
    }

    @AfterAll
    static void dropRuntimeRole() {
        if (store != null) {
            store.close();
        }
        if (role != null) {
            role.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected CommunicationStore store() {
        return store;
    }
}
