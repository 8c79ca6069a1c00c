package io.github.commscentre.jpa;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Provider events' statements on PostgreSQL ({@code COMMS_TEST_POSTGRES_URL}; skipped with the reason printed when unset). */
class ProviderEventStatementsPostgresTest extends ProviderEventStatementsTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::postgres);

    @Override
    PerClassDatabase classDatabase() {
        return DATABASE;
    }

    @Override
    int statementsForABatch() {
        // the plans asked for, the recipients found and locked, the ids recorded where new, the updates, the chain lock,
        // the events
        return 6;
    }

    /** {@code set_config} of the planner settings. */
    @Override
    int planningStatements() {
        return 1;
    }

    /** The updates are one set-based statement. */
    @Override
    int batchesOfInsertsAndUpdates() {
        return 1;
    }
}
