package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.spi.AuditChainHead;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The row of {@code cc_audit_chain_head} that ends an organisation's audit chain, in plain JDBC: reading it, and
 * moving it to the last appended event.
 */
final class ChainHeadRows {

    /** The columns {@link #read} expects, in its order. */
    static final String COLUMNS = "organisation_id, last_sequence, last_hash";

    /** Parameters (last sequence, last hash, organisation id), bound by {@link #bindMove}. */
    static final String MOVE = "update cc_audit_chain_head set last_sequence = ?, last_hash = ? where organisation_id = ?";

    private static final String INSERT = "insert into cc_audit_chain_head (" + COLUMNS + ") values (?, ?, ?)";

    private ChainHeadRows() {
    }

    /** @return how many head rows moved: 0 when the organisation has none yet */
    static int move(Connection connection, String organisationId, AuditEvent last) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(MOVE)) {
            bindMove(statement, 1, organisationId, last);
            return statement.executeUpdate();
        }
    }

    /** Binds {@link #MOVE}'s three parameters, the first of them at {@code first}. */
    static void bindMove(PreparedStatement statement, int first, String organisationId, AuditEvent last)
            throws SQLException {
        statement.setLong(first, last.sequence());
        statement.setString(first + 1, last.hash());
        statement.setString(first + 2, organisationId);
    }

    /** Creates the head at the given event; a concurrent creator makes this fail on the primary key. */
    static void insert(Connection connection, String organisationId, AuditEvent last) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setString(1, organisationId);
            statement.setLong(2, last.sequence());
            statement.setString(3, last.hash());
            statement.executeUpdate();
        }
    }

    /** @return the current row, selected with {@link #COLUMNS} */
    static AuditChainHead read(ResultSet rs) throws SQLException {
        return new AuditChainHead(rs.getString(1), rs.getLong(2), rs.getString(3));
    }
}
