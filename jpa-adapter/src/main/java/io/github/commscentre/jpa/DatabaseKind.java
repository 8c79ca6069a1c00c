package io.github.commscentre.jpa;

import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.PostgreSQLDialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The few statements that standard JPQL cannot express portably: creating an organisation's chain head
 * without racing a concurrent creator, and starting a read on one consistent snapshot.
 */
enum DatabaseKind {

    /** PostgreSQL 12 or later (and Citus). */
    POSTGRESQL {
        @Override
        String insertChainHeadIfAbsent() {
            // Waits for a concurrent creator's transaction and then does nothing: no error, no aborted transaction.
            return "insert into cc_audit_chain_head (organisation_id, last_sequence, last_hash) values (?, 0, ?)"
                    + " on conflict (organisation_id) do nothing";
        }

        @Override
        String existingUnitIdsByArray() {
            // A join with the unnested array rather than "unit_id = any(?)": once the driver prepares the statement on
            // the server, a generic plan would test every recipient against the whole array (measured: 14 s for
            // 50,000 against 50,000); the join probes the unique index once per candidate under any plan.
            return "select r.unit_id from unnest(cast(? as varchar[])) as t(u) join cc_recipient r"
                    + " on r.organisation_id = ? and r.communication_id = ? and r.unit_id = t.u";
        }

        @Override
        Object beginConsistentRead(Connection connection) throws SQLException {
            // Transaction-scoped, so nothing leaks into the pooled connection afterwards.
            try (Statement statement = connection.createStatement()) {
                statement.execute("set transaction isolation level repeatable read, read only");
            }
            return null;
        }

        @Override
        void endConsistentRead(Connection connection, Object state) {
        }
    },

    /** H2 2.x (tests, development, small embedded installations). */
    H2 {
        /** H2's own level ({@code org.h2.engine.Constants.TRANSACTION_SNAPSHOT}): one snapshot of every table. */
        private static final int SNAPSHOT = 6;

        @Override
        String insertChainHeadIfAbsent() {
            return "merge into cc_audit_chain_head h using (values (cast(? as character varying(100)))) s(organisation_id)"
                    + " on h.organisation_id = s.organisation_id"
                    + " when not matched then insert (organisation_id, last_sequence, last_hash) values (s.organisation_id, 0, ?)";
        }

        @Override
        String existingUnitIdsByArray() {
            // H2 evaluates "= any(?)" row by row; joining the unnested array drives index look-ups instead.
            return "select r.unit_id from unnest(?) as t(u) join cc_recipient r"
                    + " on r.organisation_id = ? and r.communication_id = ? and r.unit_id = t.u";
        }

        @Override
        Object beginConsistentRead(Connection connection) throws SQLException {
            // H2 has no per-transaction isolation statement, and its REPEATABLE READ snapshots each table only when
            // first read, so two tables could still disagree. SNAPSHOT is set on the session here and restored at the end.
            int previous = connection.getTransactionIsolation();
            connection.setTransactionIsolation(SNAPSHOT);
            return previous;
        }

        @Override
        void endConsistentRead(Connection connection, Object state) throws SQLException {
            connection.setTransactionIsolation((Integer) state);
        }
    },

    /** Any other database: standard SQL MERGE, reads at the connection's own isolation level. Untested. */
    OTHER {
        @Override
        String insertChainHeadIfAbsent() {
            return H2.insertChainHeadIfAbsent();
        }

        @Override
        String existingUnitIdsByArray() {
            throw new UnsupportedOperationException("no array parameters here; the IN-list query is used");
        }

        @Override
        Object beginConsistentRead(Connection connection) {
            return null;
        }

        @Override
        void endConsistentRead(Connection connection, Object state) {
        }
    };

    /**
     * @return whether a failed statement leaves the transaction usable (H2), unlike PostgreSQL, where it aborts the
     *         transaction and nothing may be swallowed
     */
    boolean survivesFailedStatements() {
        return this == H2;
    }

    /**
     * @return the clause that write-locks the selected row, as Hibernate renders {@code PESSIMISTIC_WRITE} for the
     *         dialect ({@code for no key update} on PostgreSQL: it does not block inserts that reference the row)
     */
    String rowLock() {
        return this == POSTGRESQL ? " for no key update" : " for update";
    }

    /** @return whether {@code column = any(?)} with a JDBC array parameter is supported and uses an index */
    boolean supportsArrayParameters() {
        return this != OTHER;
    }

    /** @return SQL with parameters (unit id array, organisation id, communication id) selecting the existing unit ids */
    abstract String existingUnitIdsByArray();

    /** @return SQL with parameters (organisation id, genesis hash) that creates the head row if it is missing */
    abstract String insertChainHeadIfAbsent();

    /** Called first thing in a read transaction; returns what {@link #endConsistentRead} needs to undo. */
    abstract Object beginConsistentRead(Connection connection) throws SQLException;

    /** Called last thing in a read transaction, before it ends. */
    abstract void endConsistentRead(Connection connection, Object state) throws SQLException;

    static DatabaseKind of(Dialect dialect) {
        if (dialect instanceof PostgreSQLDialect) {
            return POSTGRESQL;
        }
        if (dialect instanceof H2Dialect) {
            return H2;
        }
        return OTHER;
    }
}
