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

    /** The updates are a JDBC batch. */
    @Override
    int batchesOfInsertsAndUpdates() {
        return 2;
    }
}
