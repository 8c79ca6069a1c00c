package io.github.commscentre.jpa;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A runtime role with exactly the grants of the shipped script (db/communication-centre/grants/
 * postgresql-runtime-role.sql) on a schema its owner migrated, and connections that act as it.
 */
final class RuntimeRole implements AutoCloseable {

    private static final String GRANTS = "db/communication-centre/grants/postgresql-runtime-role.sql";

    final TestDatabase database;
    final String name;
    final DataSource dataSource;

    private RuntimeRole(TestDatabase database, String name) {
        this.database = database;
        this.name = name;
        this.dataSource = new RuntimeRoleDataSource(database.jdbcUrl, name);
    }

    /** Creates a role on the database's schema, granted as the shipped script grants. */
    static RuntimeRole create(TestDatabase database) {
        String name = "cc_runtime_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        String grants = resource(GRANTS).replace(":\"cc_schema\"", '"' + database.schema + '"')
                .replace(":\"cc_runtime_role\"", '"' + name + '"');
        try (Connection owner = database.connect(); Statement statement = owner.createStatement()) {
            statement.execute("create role " + name + " nologin");
            statement.execute(grants);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the runtime role", e);
        }
        return new RuntimeRole(database, name);
    }

    /** Drops what the role owns and the role. */
    @Override
    public void close() {
        try (Connection owner = database.connect(); Statement statement = owner.createStatement()) {
            statement.execute("drop owned by " + name);
            statement.execute("drop role if exists " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the runtime role", e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = RuntimeRole.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
