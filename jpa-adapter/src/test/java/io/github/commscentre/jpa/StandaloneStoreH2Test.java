package io.github.commscentre.jpa;

import org.junit.jupiter.api.extension.RegisterExtension;

/** A standalone store from a JDBC URL on H2. */
class StandaloneStoreH2Test extends StandaloneStoreTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::h2);

    @Override
    PerClassDatabase classDatabase() {
        return DATABASE;
    }
}
