package io.github.commscentre.reliability.dispatch;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two dispatchers (two application instances) racing on one PostgreSQL schema; skipped, with the reason printed, when
 * PostgreSQL is not configured.
 */
class TwoDispatchersRacePostgresTest extends TwoDispatchersRaceTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.postgres("dispatch_race"));

    @Override
    String ground() {
        return DATABASE.database().kind();
    }

    @Override
    CommunicationStore newInstance() {
        return DATABASE.newStore();
    }
}
