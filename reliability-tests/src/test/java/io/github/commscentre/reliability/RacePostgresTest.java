package io.github.commscentre.reliability;

import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.reliability.support.Databases.Database;

/** The races on one PostgreSQL schema shared by two application instances; skipped when PostgreSQL is not configured. */
class RacePostgresTest extends RaceTestBase {

    @Override
    Database database() {
        return Databases.postgres("race");
    }
}
