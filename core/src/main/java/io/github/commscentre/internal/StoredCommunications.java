package io.github.commscentre.internal;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.spi.StoreTransaction;

import java.util.UUID;

/**
 * What several use cases ask of a stored communication inside their unit of work: that it exists, that it
 * can still change, and that nobody changed it in between; with the one wording of each refusal.
 */
final class StoredCommunications {

    private StoredCommunications() {
    }

    /**
     * Locks the communication for the rest of the unit of work.
     *
     * @param action what the call would do, as the refusal says it ("edited", "marked sent")
     * @return the communication, draft or scheduled
     */
    static Communication lockEditable(StoreTransaction tx, UUID id, String action) {
        Communication c = tx.lockCommunication(id).orElseThrow(() -> notFound(id));
        if (c.status() == CommunicationStatus.SENDING) {
            throw CommunicationCentreException.conflict("communication " + id + " is sending and cannot be " + action
                    + ": while the dispatcher sends it, its content and recipients are frozen");
        }
        if (!c.status().isEditable()) {
            throw CommunicationCentreException.conflict("communication " + id + " is " + c.status().wireName()
                    + " and can no longer be " + action + ": a " + c.status().wireName() + " communication never changes");
        }
        return c;
    }

    /** Stores {@code next} in place of the version that was read, or refuses if that version is gone. */
    static void replace(StoreTransaction tx, Communication next, long expectedVersion) {
        if (!tx.updateCommunication(next, expectedVersion)) {
            throw concurrentChange(next.id());
        }
    }

    /** Deletes the version that was read, or refuses if that version is gone. */
    static void delete(StoreTransaction tx, UUID id, long expectedVersion) {
        if (!tx.deleteCommunication(id, expectedVersion)) {
            throw concurrentChange(id);
        }
    }

    static CommunicationCentreException notFound(UUID id) {
        return CommunicationCentreException.notFound("communication " + id + " not found");
    }

    private static CommunicationCentreException concurrentChange(UUID id) {
        return CommunicationCentreException.conflict("communication " + id + " was changed concurrently: re-read and retry");
    }
}
