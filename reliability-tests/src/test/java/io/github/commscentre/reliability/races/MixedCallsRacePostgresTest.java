package io.github.commscentre.reliability.races;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mixed-call races on one PostgreSQL schema shared by two application instances; skipped when PostgreSQL is not
 * configured.
 */
class MixedCallsRacePostgresTest extends MixedCallsRaceTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.postgres("race"));

    @Override
    String ground() {
        return DATABASE.database().kind();
    }

    @Override
    CommunicationStore newInstance() {
        return DATABASE.newStore();
    }
}
