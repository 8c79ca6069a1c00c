package io.github.commscentre.reliability.support;

import io.github.commscentre.jpa.JpaCommunicationStore;
import io.github.commscentre.reliability.support.Databases.Database;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One fresh, migrated database for a whole test class, with the stores (application instances) the class opens on
 * it: opened before the class's first test, closed (the PostgreSQL schema dropped) after its last. A per-database test class
 * registers it in one line:
 * <pre>{@code
 * @RegisterExtension
 * static final ClassDatabase DATABASE = new ClassDatabase(() -> Databases.h2ForRaces("facade-race"));
 * }</pre>
 * {@link Databases#postgres} skips the class, with the reason printed, when no PostgreSQL is configured.
 */
public final class ClassDatabase implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<Database> opener;
    private Database database;
    private JpaCommunicationStore store;
    private final List<JpaCommunicationStore> instances = new CopyOnWriteArrayList<>();

    /** @param opener opens the database, e.g. {@code () -> Databases.postgres("race")} */
    public ClassDatabase(Supplier<Database> opener) {
        this.opener = opener;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = opener.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        instances.forEach(JpaCommunicationStore::close);
        instances.clear();
        store = null;
        if (database != null) {
            database.close();
            database = null;
        }
    }

    /** @return the class's database, for tests that start application instances of their own on it */
    public Database database() {
        return database;
    }

    /** @return the class's one store on the database, made on first use and closed with the class */
    public synchronized JpaCommunicationStore store() {
        if (store == null) {
            store = newStore();
        }
        return store;
    }

    /** @return the store of one more application instance (its own connection pool), closed with the class */
    public JpaCommunicationStore newStore() {
        JpaCommunicationStore instance = database.newStore();
        instances.add(instance);
        return instance;
    }
}
