package io.github.commscentre.spi;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;

import java.util.List;

/**
 * The whole write of a status update, a recipient's compare-and-set with the event that records it, in one round trip
 * where the store can: the call a host makes for every webhook. Its own interface only to keep each file to one
 * concern; a store implements it by implementing {@link StoreTransaction}, whose operations the defaults here combine
 * and whose rules hold for them.
 */
public interface StatusUpdateWrites {

    /**
     * As {@link StoreTransaction#updateRecipient}.
     *
     * @param updated        the recipient's new state
     * @param expectedStatus the delivery status it must still have
     * @return whether it was replaced
     */
    boolean updateRecipient(Recipient updated, DeliveryStatus expectedStatus);

    /**
     * As {@link StoreTransaction#tryAppendLinkedAfter}.
     *
     * @param expected where the chain is expected to end
     * @param linked   an event linked after {@code expected}
     * @return whether it was appended
     */
    boolean tryAppendLinkedAfter(AuditChainHead expected, AuditEvent linked);

    /**
     * As {@link StoreTransaction#appendAuditEvents}.
     *
     * @param events events of this organisation
     */
    void appendAuditEvents(List<AuditEvent> events);

    /**
     * {@link StoreTransaction#updateRecipient}, then, only if it replaced the recipient, {@link StoreTransaction#tryAppendLinkedAfter} with the event
     * that records the change: in one round trip where the store can, since that is the whole write of a status update,
     * the call a host makes for every webhook. The same rules hold as for the two calls one after the other.
     *
     * <p>The default makes the two calls one after the other, which is always correct.
     *
     * @param updated        the recipient's new state, of this organisation
     * @param expectedStatus the delivery status the facade read
     * @param expected       where the chain is expected to end
     * @param linked         the event recording the change, linked after {@code expected}
     * @return what was written
     */
    default UpdateAndAppend updateRecipientAndTryAppendLinked(Recipient updated, DeliveryStatus expectedStatus,
                                                             AuditChainHead expected, AuditEvent linked) {
        if (!updateRecipient(updated, expectedStatus)) {
            return UpdateAndAppend.NOT_REPLACED;
        }
        return tryAppendLinkedAfter(expected, linked) ? UpdateAndAppend.REPLACED_AND_APPENDED
                : UpdateAndAppend.REPLACED_NOT_APPENDED;
    }

    /**
     * {@link StoreTransaction#updateRecipient}, then, only if it replaced the recipient, {@link StoreTransaction#appendAuditEvents} of the one pending
     * event that records the change: in one round trip where the store can. The facade calls it when the event is to be
     * linked after commit because a linker of the organisation is at work, which is the usual case when many writers
     * update one organisation's statuses at once. The default makes the two calls one after the other.
     *
     * @param updated        the recipient's new state, of this organisation
     * @param expectedStatus the delivery status the facade read
     * @param pending        the event recording the change, not linked
     * @return whether the recipient was replaced, and the event appended
     */
    default boolean updateRecipientAndAppendPending(Recipient updated, DeliveryStatus expectedStatus, AuditEvent pending) {
        if (!updateRecipient(updated, expectedStatus)) {
            return false;
        }
        appendAuditEvents(List.of(pending));
        return true;
    }
}
