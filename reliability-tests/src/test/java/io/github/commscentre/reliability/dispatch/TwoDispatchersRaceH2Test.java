package io.github.commscentre.reliability.dispatch;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two dispatchers (two application instances) racing on one H2 database. */
class TwoDispatchersRaceH2Test extends TwoDispatchersRaceTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.h2ForRaces("dispatch-race"));

    @Override
    String ground() {
        return DATABASE.database().kind();
    }

    @Override
    CommunicationStore newInstance() {
        return DATABASE.newStore();
    }
}
