package io.github.commscentre.reliability.dispatch;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A dispatcher killed on PostgreSQL; skipped, with the reason printed, when PostgreSQL is not configured. */
class DispatchCrashPostgresTest extends DispatchCrashTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.postgres("dispatch_crash"));

    @Override
    ClassDatabase database() {
        return DATABASE;
    }
}
