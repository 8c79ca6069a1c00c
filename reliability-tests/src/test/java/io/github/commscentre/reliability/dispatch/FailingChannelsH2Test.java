package io.github.commscentre.reliability.dispatch;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failing and flaky channels over H2. */
class FailingChannelsH2Test extends FailingChannelsTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.h2("failing-channels"));

    @Override
    String ground() {
        return DATABASE.database().kind();
    }

    @Override
    CommunicationStore store() {
        return DATABASE.store();
    }
}
