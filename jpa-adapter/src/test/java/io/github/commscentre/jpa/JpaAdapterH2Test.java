package io.github.commscentre.jpa;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The adapter's own promises on H2. */
class JpaAdapterH2Test extends JpaAdapterTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::h2);

    @Override
    PerClassDatabase classDatabase() {
        return DATABASE;
    }
}
