package io.github.commscentre.reliability.races;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two application instances racing on one in-memory H2 database. */
class TwoInstancesRaceH2Test extends TwoInstancesRaceTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.h2ForRaces("two-instances"));

    @Override
    ClassDatabase database() {
        return DATABASE;
    }
}
