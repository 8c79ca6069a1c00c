package io.github.commscentre.jpa.h2guard;

import java.sql.Connection;
import java.util.List;

/**
 * {@code cc_recipient}, before update, since migration V5: the postal address is part of the recipient's snapshot,
 * taken when it was added, and never changes.
 */
public final class AddressSnapshotGuard extends GuardTrigger {

    private static final List<String> ADDRESS = List.of("address_lines", "address_town", "address_postcode",
            "address_country");

    /** For H2, which creates triggers by class name. */
    public AddressSnapshotGuard() {
    }

    @Override
    String refusal(Connection conn, Object[] oldRow, Object[] newRow) {
        for (String column : ADDRESS) {
            if (changed(oldRow, newRow, column)) {
                return "recipient " + value(oldRow, "id") + " is a snapshot: its postal address never changes (" + column + ")";
            }
        }
        return null;
    }
}
