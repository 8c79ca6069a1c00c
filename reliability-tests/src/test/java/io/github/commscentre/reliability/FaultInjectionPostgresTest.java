package io.github.commscentre.reliability;

import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.reliability.support.Databases.Database;

/** Injected faults on PostgreSQL; skipped when PostgreSQL is not configured. */
class FaultInjectionPostgresTest extends FaultInjectionTestBase {

    @Override
    Database database() {
        return Databases.postgres("faults");
    }
}
