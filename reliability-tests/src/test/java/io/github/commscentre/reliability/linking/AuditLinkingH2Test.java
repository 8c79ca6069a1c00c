package io.github.commscentre.reliability.linking;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Linking after commit on H2, two instances. */
class AuditLinkingH2Test extends AuditLinkingTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.h2ForRaces("linking"));

    @Override
    ClassDatabase database() {
        return DATABASE;
    }
}
