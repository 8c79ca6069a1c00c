package io.github.commscentre.jpa;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Provider events' statements on H2. */
class ProviderEventStatementsH2Test extends ProviderEventStatementsTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::h2);

    @Override
    PerClassDatabase classDatabase() {
        return DATABASE;
    }

    @Override
    int statementsForABatch() {
        return 12; // the look-ups, the lock, the ids seen and recorded, the updates, the chain
    }

    /** The updates are a JDBC batch. */
    @Override
    int batchesOfInsertsAndUpdates() {
        return 2;
    }

    /** H2 has no plan cache to set. */
    @Override
    int planningStatements() {
        return 0;
    }
}
