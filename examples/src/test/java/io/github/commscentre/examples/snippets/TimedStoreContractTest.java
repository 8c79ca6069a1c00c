package io.github.commscentre.examples.snippets;

// tag::contract-test[]
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.testkit.CommunicationStoreContractTest;

/** The host's TimedStore keeps every rule of the store contract. */
class TimedStoreContractTest extends CommunicationStoreContractTest {

    private static final TimedStore STORE = new TimedStore(new InMemoryCommunicationStore(), (kind, nanos) -> { });

    @Override
    protected CommunicationStore store() {
        return STORE;
    }
}
// end::contract-test[]
