package io.github.commscentre.reliability;

import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.reliability.support.Databases.Database;

/** The host's transaction on H2. */
class HostTransactionH2Test extends HostTransactionTestBase {

    @Override
    Database database() {
        return Databases.h2("host-tx");
    }
}
