package io.github.commscentre.jpa;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The dispatcher's statements on H2. */
class DispatchStatementsH2Test extends DispatchStatementsTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::h2);

    @Override
    PerClassDatabase classDatabase() {
        return DATABASE;
    }

    /** Outcomes as one JDBC batch. */
    /** H2 has no plan cache to set. */
    @Override
    int planningStatements() {
        return 0;
    }

    @Override
    int outcomeBatches() {
        return 1;
    }
}
