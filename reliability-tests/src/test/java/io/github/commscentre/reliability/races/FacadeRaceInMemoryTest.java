package io.github.commscentre.reliability.races;

import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.spi.CommunicationStore;

/** Many threads writing the same communications through the facade over one in-memory store keep every rule. */
class FacadeRaceInMemoryTest extends FacadeRaceTestBase {

    private static final InMemoryCommunicationStore STORE = new InMemoryCommunicationStore();

    @Override
    CommunicationStore store() {
        return STORE;
    }
}
