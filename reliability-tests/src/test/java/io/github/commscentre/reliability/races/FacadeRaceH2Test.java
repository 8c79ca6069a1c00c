package io.github.commscentre.reliability.races;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The facade's race suite on the JPA store over H2. */
class FacadeRaceH2Test extends FacadeRaceTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.h2ForRaces("facade-race"));

    @Override
    CommunicationStore store() {
        return DATABASE.store();
    }
}
