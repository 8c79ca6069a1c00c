package io.github.commscentre.jpa.h2guard;

import org.h2.api.Trigger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What every guard shares: finding columns by name (so a column added by a later migration moves nothing), the
 * refusal with PostgreSQL's SQL state, and the admin's off switch.
 */
public abstract class GuardTrigger implements Trigger {

    /** PostgreSQL's integrity_constraint_violation, which its guards raise too: one state to handle on both. */
    static final String REFUSED = "23000";

    private String schema;
    private Map<String, Integer> positions = Map.of();

    /** For H2, which creates triggers by class name. */
    protected GuardTrigger() {
    }

    @Override
    public final void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
                           int type) throws SQLException {
        schema = schemaName;
        Map<String, Integer> found = new HashMap<>();
        try (PreparedStatement statement = conn.prepareStatement("select column_name, ordinal_position"
                + " from information_schema.columns where table_schema = ? and table_name = ?")) {
            statement.setString(1, schemaName);
            statement.setString(2, tableName);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getInt(2) - 1);
                }
            }
        }
        positions = Map.copyOf(found);
    }

    @Override
    public final void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        String refusal = refusal(conn, oldRow, newRow);
        if (refusal != null && !switchedOff(conn)) {
            throw new SQLException(refusal, REFUSED);
        }
    }

    /**
     * @param oldRow the row before (null for an insert)
     * @param newRow the row after (null for a delete)
     * @return why the change is refused, or null when it is allowed
     */
    abstract String refusal(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException;

    @Override
    public void close() {
    }

    @Override
    public void remove() {
    }

    final Object value(Object[] row, String column) {
        Integer position = positions.get(column);
        if (position == null) {
            throw new IllegalStateException("the guarded table has no column " + column);
        }
        return row[position];
    }

    final boolean changed(Object[] oldRow, Object[] newRow, String column) {
        return !Objects.equals(value(oldRow, column), value(newRow, column));
    }

    /** @return the first column, other than those given, whose value differs, or null when none does */
    final String changedColumnOtherThan(Object[] oldRow, Object[] newRow, Set<String> allowed) {
        for (String column : positions.keySet()) {
            if (!allowed.contains(column) && changed(oldRow, newRow, column)) {
                return column;
            }
        }
        return null;
    }

    /** @return another table of the guarded schema, named as the migration created it (unquoted) */
    final String table(String name) {
        return '"' + schema.replace("\"", "\"\"") + "\"." + name;
    }

    /**
     * Asked only once a change would be refused, so allowed changes pay nothing for it. Only an admin may switch the
     * guards off: an admin could drop the triggers anyway, while a user with table grants only cannot get past them.
     */
    private static boolean switchedOff(Connection conn) {
        try (Statement statement = conn.createStatement();
             ResultSet rs = statement.executeQuery("select @cc_guards,"
                     + " (select is_admin from information_schema.users where user_name = current_user)")) {
            return rs.next() && "off".equalsIgnoreCase(rs.getString(1)) && rs.getBoolean(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
