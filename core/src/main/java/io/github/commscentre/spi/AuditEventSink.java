package io.github.commscentre.spi;

import io.github.commscentre.AuditEvent;

/**
 * Receives an organisation's stored audit events one row at a time, for {@link StoreTransaction#forEachStoredAuditEvent}.
 * A row the store can read becomes an {@link AuditEvent}; a row it cannot (a value no event may have, text that does
 * not parse) is handed over as {@link MalformedAuditEvent} instead of failing the read: verifying a damaged trail must
 * report the damage, not fail with it.
 */
public interface AuditEventSink {

    /** @param event a stored event, linked or pending */
    void accept(AuditEvent event);

    /** @param row a stored row that cannot be read as an event, with as much of it as could be read */
    void malformed(MalformedAuditEvent row);
}
