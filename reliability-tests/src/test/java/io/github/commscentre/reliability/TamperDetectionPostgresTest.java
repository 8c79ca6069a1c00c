package io.github.commscentre.reliability;

import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.reliability.support.Databases.Database;

/**
 * Direct SQL edits on PostgreSQL: refused by the triggers, then made anyway by a superuser with triggers off and
 * caught by verification. Skipped when PostgreSQL is not configured.
 */
class TamperDetectionPostgresTest extends TamperDetectionTestBase {

    @Override
    Database database() {
        return Databases.postgres("tamper");
    }

    @Override
    boolean triggersRefuse() {
        return true;
    }
}
