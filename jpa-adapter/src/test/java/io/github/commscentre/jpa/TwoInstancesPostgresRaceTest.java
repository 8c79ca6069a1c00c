package io.github.commscentre.jpa;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Two application instances racing on one PostgreSQL (skipped with the reason printed when COMMS_TEST_POSTGRES_URL is unset). */
class TwoInstancesPostgresRaceTest extends TwoInstancesRaceTest {

    private static TestDatabase database;

    @BeforeAll
    static void start() {
        database = TestDatabase.postgres();
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
}
