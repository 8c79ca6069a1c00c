package io.github.commscentre.inmemory;

import io.github.commscentre.testkit.CommunicationCentreBehaviourTest;
import io.github.commscentre.testkit.StoreTampering;
import io.github.commscentre.spi.CommunicationStore;

/** The facade behaves by the contract over the in-memory store; one store serves every test, as in a host's tests. */
class InMemoryCommunicationCentreBehaviourTest extends CommunicationCentreBehaviourTest {

    private static final InMemoryCommunicationStore STORE = new InMemoryCommunicationStore();

    @Override
    protected CommunicationStore store() {
        return STORE;
    }

    @Override
    protected StoreTampering tampering() {
        return new SuiteTampering(STORE);
    }
}
