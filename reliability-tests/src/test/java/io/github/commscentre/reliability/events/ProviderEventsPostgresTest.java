package io.github.commscentre.reliability.events;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Provider events under webhook conditions on the JPA store over PostgreSQL (skipped, with the reason, when unset). */
class ProviderEventsPostgresTest extends ProviderEventsTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.postgres("provider_events"));

    @Override
    CommunicationStore store() {
        return DATABASE.store();
    }
}
