package io.github.commscentre.reliability.dispatch;

import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.spi.CommunicationStore;

/** Failing and flaky channels over the in-memory store. */
class FailingChannelsInMemoryTest extends FailingChannelsTestBase {

    private final InMemoryCommunicationStore store = new InMemoryCommunicationStore();

    @Override
    String ground() {
        return "in-memory";
    }

    @Override
    CommunicationStore store() {
        return store;
    }
}
