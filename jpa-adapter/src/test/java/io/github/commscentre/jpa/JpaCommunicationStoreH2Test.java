package io.github.commscentre.jpa;

import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.testkit.CommunicationStoreContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on H2, over a host-style factory validated against the shipped H2 migration. */
class JpaCommunicationStoreH2Test extends CommunicationStoreContractTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::h2);

    @Override
    protected CommunicationStore store() {
        return DATABASE.store();
    }
}
