package io.github.commscentre.reliability;

import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.reliability.support.Databases.Database;

/** The host's transaction on PostgreSQL; skipped when PostgreSQL is not configured. */
class HostTransactionPostgresTest extends HostTransactionTestBase {

    @Override
    Database database() {
        return Databases.postgres("host_tx");
    }
}
