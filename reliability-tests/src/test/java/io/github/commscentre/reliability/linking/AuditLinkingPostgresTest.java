package io.github.commscentre.reliability.linking;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Linking after commit on PostgreSQL, two instances; skipped, saying why, when PostgreSQL is not configured. */
class AuditLinkingPostgresTest extends AuditLinkingTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.postgres("linking"));

    @Override
    ClassDatabase database() {
        return DATABASE;
    }
}
