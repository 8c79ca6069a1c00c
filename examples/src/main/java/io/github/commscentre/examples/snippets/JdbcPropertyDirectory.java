package io.github.commscentre.examples.snippets;

import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.spi.UnitRecord;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

// tag::directory[]
/** The host's blocks, units and leaseholders, read from the host's own tables for the Communications Centre. */
public final class JdbcPropertyDirectory implements PropertyDirectory {

    private final DataSource dataSource;

    /** @param dataSource the host's own database, where its block and unit tables are */
    public JdbcPropertyDirectory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean blockBelongsTo(String organisationId, String blockId) {
        String sql = "select 1 from block where organisation_id = ? and id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, organisationId);
            s.setString(2, blockId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read blocks", e); // reaches the caller as UNAVAILABLE
        }
    }

    @Override
    public Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds) {
        // One query for all ids, however many: the library asks in bulk (up to 50,000 at once).
        String sql = "select id, block_id, leaseholder_name, leaseholder_email from unit"
                + " where organisation_id = ? and id = any(?)";
        Map<String, UnitRecord> found = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, organisationId);
            s.setArray(2, c.createArrayOf("varchar", unitIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UnitRecord unit = unit(rs);
                    found.put(unit.unitId(), unit);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read units", e);
        }
        return found;
    }

    @Override
    public List<UnitRecord> findUnitsInBlock(String organisationId, String blockId) {
        String sql = "select id, block_id, leaseholder_name, leaseholder_email from unit"
                + " where organisation_id = ? and block_id = ? order by id";
        List<UnitRecord> units = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, organisationId);
            s.setString(2, blockId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    units.add(unit(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read units", e);
        }
        return units;
    }

    private static UnitRecord unit(ResultSet rs) throws SQLException {
        return new UnitRecord(rs.getString("id"), rs.getString("block_id"),
                rs.getString("leaseholder_name"), rs.getString("leaseholder_email"));
    }
}
// end::directory[]
