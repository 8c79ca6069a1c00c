package io.github.commscentre.jpa;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The shipped JDBC property directory on H2. */
class JdbcPropertyDirectoryH2Test extends JdbcPropertyDirectoryTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::h2);

    @Override
    PerClassDatabase classDatabase() {
        return DATABASE;
    }
}
