package io.github.commscentre.jpa;

import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.testkit.CommunicationCentreBehaviourTest;
import io.github.commscentre.testkit.StoreTampering;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every rule of the facade, proved on the JPA store over H2; tampering goes through plain JDBC ({@link JdbcStoreTampering}). */
class JpaCommunicationCentreH2Test extends CommunicationCentreBehaviourTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::h2);

    @Override
    protected CommunicationStore store() {
        return DATABASE.store();
    }

    @Override
    protected StoreTampering tampering() {
        return new JdbcStoreTampering(DATABASE.database());
    }
}
