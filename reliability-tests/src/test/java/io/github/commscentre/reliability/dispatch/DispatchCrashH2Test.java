package io.github.commscentre.reliability.dispatch;

import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A dispatcher killed on an H2 file database that this JVM serves to the dispatcher's JVM ({@code AUTO_SERVER}). */
class DispatchCrashH2Test extends DispatchCrashTestBase {

    @RegisterExtension
    static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.h2Shared("dispatch-crash"));

    @Override
    ClassDatabase database() {
        return DATABASE;
    }
}
