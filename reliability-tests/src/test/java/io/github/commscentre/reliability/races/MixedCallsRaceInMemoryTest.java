package io.github.commscentre.reliability.races;

import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.spi.CommunicationStore;

/** The mixed-call races on one in-memory store shared by two facades, as two threads of a host's test would share it. */
class MixedCallsRaceInMemoryTest extends MixedCallsRaceTestBase {

    private static final InMemoryCommunicationStore STORE = new InMemoryCommunicationStore();

    @Override
    String ground() {
        return "in-memory";
    }

    @Override
    CommunicationStore newInstance() {
        return STORE;
    }
}
