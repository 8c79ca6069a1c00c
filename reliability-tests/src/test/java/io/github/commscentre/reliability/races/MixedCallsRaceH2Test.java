package io.github.commscentre.reliability.races;

import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.reliability.support.Databases.Database;

/** The races on one H2 database shared by two application instances. */
class MixedCallsRaceH2Test extends MixedCallsRaceTestBase {

    @Override
    Database database() {
        return Databases.h2("race");
    }
}
