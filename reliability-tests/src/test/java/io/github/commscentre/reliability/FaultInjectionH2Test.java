package io.github.commscentre.reliability;

import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.reliability.support.Databases.Database;

/** Injected faults on H2. */
class FaultInjectionH2Test extends FaultInjectionTestBase {

    @Override
    Database database() {
        return Databases.h2("faults");
    }
}
