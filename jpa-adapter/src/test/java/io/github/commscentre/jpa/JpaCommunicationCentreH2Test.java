package io.github.commscentre.jpa;

import io.github.commscentre.CommunicationCentreBehaviourTest;
import io.github.commscentre.StoreTampering;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every rule of the facade, proved on the JPA store over H2. Tampering goes through plain JDBC
 * ({@link JdbcStoreTampering}).
 */
class JpaCommunicationCentreH2Test extends CommunicationCentreBehaviourTest {

    private static TestDatabase database;
    private static JpaCommunicationStore store;

    @BeforeAll
    static void start() {
        database = TestDatabase.h2();
        store = JpaCommunicationStore.builder(database.hostFactory()).build();
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected CommunicationStore store() {
        return store;
    }

    @Override
    protected StoreTampering tampering() {
        return new JdbcStoreTampering(database);
    }
}
