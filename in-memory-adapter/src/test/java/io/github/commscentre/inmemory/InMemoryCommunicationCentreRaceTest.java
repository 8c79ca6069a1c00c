package io.github.commscentre.inmemory;

import io.github.commscentre.CommunicationCentreRaceTest;
import io.github.commscentre.spi.CommunicationStore;

/** Many threads writing the same communications through the facade over one in-memory store keep every rule. */
class InMemoryCommunicationCentreRaceTest extends CommunicationCentreRaceTest {

    private static final InMemoryCommunicationStore STORE = new InMemoryCommunicationStore();

    @Override
    protected CommunicationStore store() {
        return STORE;
    }
}
