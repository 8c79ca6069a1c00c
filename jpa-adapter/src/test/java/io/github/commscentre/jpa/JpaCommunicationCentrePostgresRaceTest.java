package io.github.commscentre.jpa;

import io.github.commscentre.CommunicationCentreRaceTest;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The facade's race suite on the JPA store over PostgreSQL ({@code COMMS_TEST_POSTGRES_URL}; skipped with the reason printed when unset). */
class JpaCommunicationCentrePostgresRaceTest extends CommunicationCentreRaceTest {

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
