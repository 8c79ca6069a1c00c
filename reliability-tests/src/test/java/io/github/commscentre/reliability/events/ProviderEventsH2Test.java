package io.github.commscentre.reliability.events;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Provider events under webhook conditions on the JPA store over H2. */
class ProviderEventsH2Test extends ProviderEventsTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.h2ForRaces("provider-events"));

    @Override
    CommunicationStore store() {
        return DATABASE.store();
    }
}
