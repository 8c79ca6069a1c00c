package io.github.commscentre.benchmarks;

import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.DispatchSettings;
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.DeliveryChannel;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.OutgoingMessage;

import java.util.ArrayList;
import java.util.List;

/** Builds the facade as a host would: the store, the host's directory, the system clock. */
final class Facades {

    private Facades() {
    }

    static CommunicationCentre centre(CommunicationStore store) {
        return CommunicationCentre.builder().store(store).directory(new BenchDirectory()).build();
    }

    /**
     * @return the facade with an {@code email} channel that accepts every message at once, as a provider's bulk API
     *         would, with the idempotency key as the provider's message id; the dispatch settings are the defaults
     *         (batches of {@link Sizes#DISPATCH_BATCH})
     */
    static CommunicationCentre dispatchingCentre(CommunicationStore store) {
        return CommunicationCentre.builder().store(store).directory(new BenchDirectory())
                .deliveryChannel("email", ACCEPTING).dispatchSettings(DispatchSettings.defaults()).build();
    }

    /** A channel that does nothing but accept: what the dispatcher costs, without a provider's. */
    static final DeliveryChannel ACCEPTING = (List<OutgoingMessage> messages) -> {
        List<DeliveryOutcome> outcomes = new ArrayList<>(messages.size());
        for (OutgoingMessage m : messages) {
            outcomes.add(DeliveryOutcome.accepted(m.recipientId(), m.idempotencyKey()));
        }
        return outcomes;
    };

    static InMemoryCommunicationStore memoryStore() {
        return new InMemoryCommunicationStore();
    }
}
