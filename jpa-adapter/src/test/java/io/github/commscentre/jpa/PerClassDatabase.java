package io.github.commscentre.jpa;

import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/**
 * One fresh, migrated {@link TestDatabase} and one store over a host-style factory on it, for a whole test class:
 * opened before its first test, closed (the PostgreSQL schema dropped) after its last. A per-database test class
 * registers it and hands its store to the suite:
 * <pre>{@code
 * @RegisterExtension
 * static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::h2);
 * }</pre>
 * {@link TestDatabase#postgres()} skips the class, with the reason printed, when no PostgreSQL is configured.
 */
final class PerClassDatabase implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<TestDatabase> opener;
    private TestDatabase database;
    private EntityManagerFactory hostFactory;
    private JpaCommunicationStore store;
    /**
     * Nested classes inherit the extension, so each of their containers calls back too: only the outermost
     * opens and closes, so that the suites' nested groups share the class's database.
     */
    private int depth;

    /** @param opener {@link TestDatabase#h2} or {@link TestDatabase#postgres} */
    PerClassDatabase(Supplier<TestDatabase> opener) {
        this.opener = opener;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (depth++ == 0) {
            database = opener.get();
            hostFactory = database.hostFactory();
            store = JpaCommunicationStore.builder(hostFactory).build();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--depth == 0 && database != null) {
            database.close();
            database = null;
        }
    }

    /** @return the class's database */
    TestDatabase database() {
        return database;
    }

    /** @return the factory the class's store runs on, configured as a host would */
    EntityManagerFactory hostFactory() {
        return hostFactory;
    }

    /** @return the class's store */
    JpaCommunicationStore store() {
        return store;
    }
}
