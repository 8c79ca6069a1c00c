package io.github.commscentre.benchmarks;

import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.spi.CommunicationStore;

/** Builds the facade as a host would: the store, the host's directory, the system clock. */
final class Facades {

    private Facades() {
    }

    static CommunicationCentre centre(CommunicationStore store) {
        return CommunicationCentre.builder().store(store).directory(new BenchDirectory()).build();
    }

    static InMemoryCommunicationStore memoryStore() {
        return new InMemoryCommunicationStore();
    }
}
