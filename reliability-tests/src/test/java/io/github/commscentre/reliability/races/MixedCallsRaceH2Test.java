package io.github.commscentre.reliability.races;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mixed-call races on one H2 database shared by two application instances. */
class MixedCallsRaceH2Test extends MixedCallsRaceTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.h2("race"));

    @Override
    String ground() {
        return DATABASE.database().kind();
    }

    @Override
    CommunicationStore newInstance() {
        return DATABASE.newStore();
    }
}
