package io.github.commscentre.reliability.dispatch;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failing and flaky channels over PostgreSQL; skipped, with the reason printed, when PostgreSQL is not configured. */
class FailingChannelsPostgresTest extends FailingChannelsTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.postgres("failing_channels"));

    @Override
    String ground() {
        return DATABASE.database().kind();
    }

    @Override
    CommunicationStore store() {
        return DATABASE.store();
    }
}
