package io.github.commscentre.jpa;

import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The adapter's own promises on PostgreSQL (skipped with the reason printed when COMMS_TEST_POSTGRES_URL is unset). */
class JpaAdapterPostgresTest extends JpaAdapterTest {

    private static TestDatabase database;
    private static EntityManagerFactory hostFactory;
    private static JpaCommunicationStore store;

    @BeforeAll
    static void start() {
        database = TestDatabase.postgres();
        hostFactory = database.hostFactory();
        store = JpaCommunicationStore.builder(hostFactory).build();
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    TestDatabase database() {
        return database;
    }

    @Override
    JpaCommunicationStore store() {
        return store;
    }

    @Override
    EntityManagerFactory hostFactory() {
        return hostFactory;
    }
}
