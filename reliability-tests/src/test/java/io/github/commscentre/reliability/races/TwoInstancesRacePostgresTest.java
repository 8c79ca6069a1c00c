package io.github.commscentre.reliability.races;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two application instances racing on one PostgreSQL schema; skipped, with the reason printed, when PostgreSQL is
 * not configured.
 */
class TwoInstancesRacePostgresTest extends TwoInstancesRaceTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.postgres("two_instances"));

    @Override
    ClassDatabase database() {
        return DATABASE;
    }
}
