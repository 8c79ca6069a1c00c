package io.github.commscentre.jpa;

import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.testkit.CommunicationCentreBehaviourTest;
import io.github.commscentre.testkit.StoreTampering;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every rule of the facade, proved on the JPA store over PostgreSQL ({@code COMMS_TEST_POSTGRES_URL}; skipped with
 * the reason printed when unset). Tampering goes through plain JDBC ({@link JdbcStoreTampering}).
 */
class JpaCommunicationCentrePostgresTest extends CommunicationCentreBehaviourTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::postgres);

    @Override
    protected CommunicationStore store() {
        return DATABASE.store();
    }

    @Override
    protected StoreTampering tampering() {
        return new JdbcStoreTampering(DATABASE.database());
    }
}
