package io.github.commscentre.reliability.events;

import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.spi.CommunicationStore;

/** Provider events under webhook conditions on the in-memory store. */
class ProviderEventsInMemoryTest extends ProviderEventsTestBase {

    private static final InMemoryCommunicationStore STORE = new InMemoryCommunicationStore();

    @Override
    CommunicationStore store() {
        return STORE;
    }
}
