package io.github.commscentre.jpa;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The host's own SQL, or an attacker's, beside the library: each statement on a connection of its own, in auto-commit,
 * as a console session would run it. For the database guard tests.
 */
final class DirectSql {

    /** PostgreSQL's integrity_constraint_violation, raised by every guard, on both databases. */
    static final String REFUSED = "23000";
    /** PostgreSQL's insufficient_privilege: what a runtime role without owner rights gets. */
    static final String NO_PRIVILEGE = "42501";

    private final DataSource dataSource;

    DirectSql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    long count(String sql, Object... parameters) {
        return ((Number) single(sql, parameters)).longValue();
    }

    Object single(String sql, Object... parameters) {
        List<Object> column = column(sql, parameters);
        assertThat(column).as(sql).hasSize(1);
        return column.get(0);
    }

    List<Object> column(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rs = statement.executeQuery()) {
            List<Object> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getObject(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Asserts that the statement fails with the given SQL state and a message naming the reason; nothing is printed.
     *
     * @return the database's message
     */
    String refused(String sqlState, String messagePart, String sql, Object... parameters) {
        Throwable thrown = catchThrowable(() -> {
            try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepare(connection, sql, parameters)) {
                statement.execute();
            }
        });
        assertThat(thrown).as("refused: %s", sql).isInstanceOf(SQLException.class);
        SQLException failure = (SQLException) thrown;
        assertThat(failure.getSQLState()).as("SQL state of %s (%s)", sql, failure.getMessage()).isEqualTo(sqlState);
        assertThat(failure.getMessage()).as(sql).containsIgnoringCase(messagePart);
        return failure.getMessage();
    }

    /** Asserts a refusal by one of the guards (SQL state 23000) whose message contains {@code messagePart}. */
    String refusedByGuard(String messagePart, String sql, Object... parameters) {
        return refused(REFUSED, messagePart, sql, parameters);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
