package io.github.commscentre.reliability.races;

import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.reliability.support.Databases.Database;

/** The races on one PostgreSQL schema shared by two application instances; skipped when PostgreSQL is not configured. */
class MixedCallsRacePostgresTest extends MixedCallsRaceTestBase {

    @Override
    Database database() {
        return Databases.postgres("race");
    }
}
