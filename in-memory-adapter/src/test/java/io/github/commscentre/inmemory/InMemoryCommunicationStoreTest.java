package io.github.commscentre.inmemory;

import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.testkit.CommunicationStoreContractTest;

/** The in-memory store keeps the store contract; one instance serves every test, as a host's tests would share it. */
class InMemoryCommunicationStoreTest extends CommunicationStoreContractTest {

    private static final InMemoryCommunicationStore STORE = new InMemoryCommunicationStore();

    @Override
    protected CommunicationStore store() {
        return STORE;
    }
}
