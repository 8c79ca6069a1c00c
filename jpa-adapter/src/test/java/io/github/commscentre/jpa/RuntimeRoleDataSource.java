package io.github.commscentre.jpa;

import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Connections that act as a runtime role: each new connection runs {@code SET ROLE} first, so the role needs no login
 * of its own in the tests. In production the application logs in as that role instead.
 */
final class RuntimeRoleDataSource extends PGSimpleDataSource {

    private static final long serialVersionUID = 1L;

    private final String role;

    RuntimeRoleDataSource(String url, String role) {
        this.role = role;
        setURL(url);
    }

    /** The driver's {@code getConnection()} comes here too, with the URL's user. */
    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return actAsRole(super.getConnection(user, password));
    }

    private Connection actAsRole(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("set role \"" + role + "\"");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
