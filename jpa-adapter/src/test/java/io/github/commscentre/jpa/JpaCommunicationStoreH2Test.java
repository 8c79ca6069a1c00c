package io.github.commscentre.jpa;

import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.CommunicationStoreContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on H2, over a host-style factory validated against the shipped H2 migration. */
class JpaCommunicationStoreH2Test extends CommunicationStoreContractTest {

    private static TestDatabase database;
    private static JpaCommunicationStore store;

    @BeforeAll
    static void start() {
        database = TestDatabase.h2();
        store = JpaCommunicationStore.builder(database.hostFactory()).build();
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Override
    protected CommunicationStore store() {
        return store;
    }
}
