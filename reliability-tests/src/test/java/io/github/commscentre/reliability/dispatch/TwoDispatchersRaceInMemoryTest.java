package io.github.commscentre.reliability.dispatch;

import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.spi.CommunicationStore;

/** Two dispatchers racing on one in-memory store, as two facades of a host's test would share it. */
class TwoDispatchersRaceInMemoryTest extends TwoDispatchersRaceTestBase {

    private final InMemoryCommunicationStore store = new InMemoryCommunicationStore();

    @Override
    String ground() {
        return "in-memory";
    }

    @Override
    CommunicationStore newInstance() {
        return store;
    }
}
