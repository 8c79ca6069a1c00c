package io.github.commscentre.internal;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;

import java.util.UUID;

/**
 * Sending a communication now: a draft or scheduled one becomes {@code sending} (or, when nothing can be sent, goes on
 * to {@code failed}); the dispatcher does the rest.
 */
final class Sending {

    private final Ports ports;
    private final Now now;
    private final SendingStart start;

    Sending(Ports ports, Now now, SendingStart start) {
        this.ports = ports;
        this.now = now;
        this.start = start;
    }

    Communication send(Caller caller, UUID communicationId) {
        String org = Callers.writer(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        return ports.write(org, tx -> {
            Communication c = StoredCommunications.lockEditable(tx, id, "sent");
            return start.start(tx, c, caller.userId(), now.instant());
        });
    }
}
