package io.github.commscentre.jpa;

import io.github.commscentre.PostalAddress;
import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.spi.UnitRecord;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link PropertyDirectory} that reads the host's blocks, units and leaseholders from two tables (or views) of the
 * host's database, {@code cc_directory_block} and {@code cc_directory_unit}, whose DDL ships in this jar under
 * {@code db/communication-centre-directory/{postgresql,h2}/}. A host that keeps its blocks and units in tables of its
 * own creates views of these names and columns over them instead.
 *
 * <p>Built {@link #over(JpaCommunicationStore) over the store}, it reads through the host's transaction whenever the
 * store would join it: on the same connection, so that a unit the host wrote a moment ago in the same transaction,
 * not yet committed, is found. Outside a host transaction it reads on a connection of the store's own. Built
 * {@link #over(DataSource) over a data source}, it takes a connection from it for each look-up (pass a
 * transaction-aware data source to read in the host's transaction).
 *
 * <p>Each look-up is one statement: {@link #findUnits} asks for up to 50,000 units with one array parameter. A failing
 * statement inside the host's transaction marks that transaction rollback-only (PostgreSQL refuses every further
 * statement of it anyway); the call that asked fails with {@code UNAVAILABLE}. Empty texts count as absent: a unit
 * without {@code leaseholder_email} has no email, one without {@code address_line_1} no postal address.
 *
 * <p>Thread-safe.
 */
public final class JdbcPropertyDirectory implements PropertyDirectory {

    private static final String UNIT_COLUMNS = "unit_id, block_id, leaseholder_name, leaseholder_email, address_line_1, "
            + "address_line_2, address_line_3, address_line_4, address_town, address_postcode, address_country";

    private static final String BLOCK_EXISTS =
            "select 1 from cc_directory_block where organisation_id = ? and block_id = ?";
    private static final String UNITS_BY_ID =
            "select " + UNIT_COLUMNS + " from cc_directory_unit where organisation_id = ? and unit_id = any (?)";
    private static final String UNITS_IN_BLOCK = "select " + UNIT_COLUMNS + " from cc_directory_unit"
            + " where organisation_id = ? and block_id = ? order by sort_order nulls last, unit_id";

    /** Runs one look-up on a connection and gives the connection back. */
    @FunctionalInterface
    private interface Connections {
        <T> T run(ConnectionWork<T> work);
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T execute(Connection connection) throws SQLException;
    }

    private final Connections connections;

    private JdbcPropertyDirectory(Connections connections) {
        this.connections = connections;
    }

    /**
     * A directory that reads where the store works: in the host's transaction when the store joins it (its
     * {@link JpaCommunicationStore.Builder#entityManagerProvider entity manager provider} gives an entity manager
     * joined to an active transaction), otherwise on a connection of the store's own.
     *
     * @param store the store the Communications Centre is built with
     * @return the directory
     */
    public static JdbcPropertyDirectory over(JpaCommunicationStore store) {
        Objects.requireNonNull(store, "store must not be null");
        return new JdbcPropertyDirectory(new Connections() {
            @Override
            public <T> T run(ConnectionWork<T> work) {
                return store.onCurrentConnection(work::execute);
            }
        });
    }

    /**
     * A directory that takes a connection from the data source for each look-up and closes it afterwards. With
     * Spring's JDBC transactions, pass a {@code TransactionAwareDataSourceProxy} so that it reads in the host's
     * transaction; a plain pool reads what is committed.
     *
     * @param dataSource the host's database, where the two tables or views are
     * @return the directory
     */
    public static JdbcPropertyDirectory over(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource must not be null");
        return new JdbcPropertyDirectory(new Connections() {
            @Override
            public <T> T run(ConnectionWork<T> work) {
                try (Connection connection = dataSource.getConnection()) {
                    return work.execute(connection);
                } catch (SQLException e) {
                    throw new IllegalStateException("the property directory could not read its tables", e);
                }
            }
        });
    }

    @Override
    public boolean blockBelongsTo(String organisationId, String blockId) {
        return connections.run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(BLOCK_EXISTS)) {
                statement.setString(1, organisationId);
                statement.setString(2, blockId);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds) {
        if (unitIds.isEmpty()) {
            return Map.of();
        }
        return connections.run(connection -> {
            Map<String, UnitRecord> found = new HashMap<>();
            Array ids = connection.createArrayOf("varchar", unitIds.toArray());
            try (PreparedStatement statement = connection.prepareStatement(UNITS_BY_ID)) {
                statement.setString(1, organisationId);
                statement.setArray(2, ids);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        UnitRecord unit = unit(rs);
                        found.put(unit.unitId(), unit);
                    }
                }
            } finally {
                ids.free();
            }
            return found;
        });
    }

    @Override
    public List<UnitRecord> findUnitsInBlock(String organisationId, String blockId) {
        return connections.run(connection -> {
            List<UnitRecord> units = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(UNITS_IN_BLOCK)) {
                statement.setString(1, organisationId);
                statement.setString(2, blockId);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        units.add(unit(rs));
                    }
                }
            }
            return units;
        });
    }

    @Override
    public String toString() {
        return "JdbcPropertyDirectory[cc_directory_block, cc_directory_unit]";
    }

    private static UnitRecord unit(ResultSet rs) throws SQLException {
        return new UnitRecord(rs.getString("unit_id"), rs.getString("block_id"), text(rs, "leaseholder_name"),
                text(rs, "leaseholder_email"), address(rs));
    }

    private static PostalAddress address(ResultSet rs) throws SQLException {
        List<String> lines = new ArrayList<>(PostalAddress.MAX_LINES);
        for (int i = 1; i <= PostalAddress.MAX_LINES; i++) {
            String line = text(rs, "address_line_" + i);
            if (line != null) {
                lines.add(line);
            }
        }
        if (text(rs, "address_line_1") == null) {
            return null;
        }
        return new PostalAddress(lines, text(rs, "address_town"), text(rs, "address_postcode"), text(rs, "address_country"));
    }

    /** @return the column's text, or {@code null} when it is null or blank */
    private static String text(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null || value.isBlank() ? null : value;
    }
}
