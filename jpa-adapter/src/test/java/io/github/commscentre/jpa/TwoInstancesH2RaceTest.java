package io.github.commscentre.jpa;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Two application instances racing on one in-memory H2 database. */
class TwoInstancesH2RaceTest extends TwoInstancesRaceTest {

    private static TestDatabase database;

    @BeforeAll
    static void start() {
        database = TestDatabase.h2();
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
