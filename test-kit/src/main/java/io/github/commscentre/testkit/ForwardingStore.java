package io.github.commscentre.testkit;

import io.github.commscentre.spi.CommunicationStore;

import java.time.Instant;
import java.util.List;

/** A store that hands every call to another, for the tests that watch or alter one kind of call. */
interface ForwardingStore extends CommunicationStore {

    /** @return the store every call goes to */
    CommunicationStore store();

    @Override
    default <T> T write(String organisationId, StoreWork<T> work) {
        return store().write(organisationId, work);
    }

    @Override
    default <T> T read(String organisationId, StoreWork<T> work) {
        return store().read(organisationId, work);
    }

    @Override
    default <T> T writeDetached(String organisationId, StoreWork<T> work) {
        return store().writeDetached(organisationId, work);
    }

    @Override
    default <T> T readDetached(String organisationId, StoreWork<T> work) {
        return store().readDetached(organisationId, work);
    }

    @Override
    default List<String> organisationsWithPendingAuditEvents(int limit) {
        return store().organisationsWithPendingAuditEvents(limit);
    }

    @Override
    default List<String> organisationsWithDueCommunications(Instant now, int limit) {
        return store().organisationsWithDueCommunications(now, limit);
    }
}
