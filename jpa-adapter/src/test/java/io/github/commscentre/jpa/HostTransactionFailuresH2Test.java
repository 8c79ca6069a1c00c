package io.github.commscentre.jpa;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Failures inside the host's transaction on H2. */
class HostTransactionFailuresH2Test extends HostTransactionFailuresTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::h2);

    @Override
    PerClassDatabase classDatabase() {
        return DATABASE;
    }
}
