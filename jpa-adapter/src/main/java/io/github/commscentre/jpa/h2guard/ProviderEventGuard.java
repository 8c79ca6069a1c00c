package io.github.commscentre.jpa.h2guard;

import java.sql.Connection;

/**
 * {@code cc_provider_event}, before update or delete: the provider events seen are append-only, since a change of
 * what was seen would let an event be applied twice, or hide that it was.
 */
public final class ProviderEventGuard extends GuardTrigger {

    /** For H2, which creates triggers by class name. */
    public ProviderEventGuard() {
    }

    @Override
    String refusal(Connection conn, Object[] oldRow, Object[] newRow) {
        return "provider events seen are append-only: " + (newRow == null ? "DELETE" : "UPDATE") + " of event "
                + value(oldRow, "provider_event_id") + " of provider " + value(oldRow, "provider") + " refused";
    }
}
