package io.github.commscentre.reliability.races;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The facade's race suite on the JPA store over PostgreSQL; skipped, with the reason printed, when PostgreSQL is not
 * configured.
 */
class FacadeRacePostgresTest extends FacadeRaceTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.postgres("facade_race"));

    @Override
    CommunicationStore store() {
        return DATABASE.store();
    }
}
