package io.github.commscentre.reliability;

import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.reliability.support.Databases.Database;

/** Direct SQL edits on H2, which has no triggers: verification alone must catch every one. */
class TamperDetectionH2Test extends TamperDetectionTestBase {

    @Override
    Database database() {
        return Databases.h2("tamper");
    }

    @Override
    boolean triggersRefuse() {
        return true;
    }
}
