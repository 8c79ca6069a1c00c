package io.github.commscentre.jpa;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationSummary;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import static io.github.commscentre.jpa.JdbcTime.instant;

/**
 * Rows of {@code cc_communication} read in plain JDBC, turned into records through the entity, so that
 * {@link EntityMapping} stays the one place that decodes stored values.
 */
final class CommunicationRows {

    /** The columns {@link #read} expects, in its order, qualified by the alias {@code c}. */
    static final String COLUMNS = "c.organisation_id, c.id, c.communication_type, c.subject,"
            + " c.body_html, c.block_id, c.unit_id, c.channel, c.status, c.scheduled_at, c.sent_at, c.sent_by, c.failed_at,"
            + " c.failure_reason, c.notes, c.created_by, c.created_at, c.updated_at, c.version";

    /**
     * The columns {@link #readSummary} expects, in its order: {@link #COLUMNS} without {@code body_html}, which a listing
     * must not read (a page of 101 bodies of 1,000,000 characters would not fit a small heap).
     */
    static final String SUMMARY_COLUMNS = "c.organisation_id, c.id, c.communication_type, c.subject,"
            + " c.block_id, c.unit_id, c.channel, c.status, c.scheduled_at, c.sent_at, c.sent_by, c.failed_at,"
            + " c.failure_reason, c.notes, c.created_by, c.created_at, c.updated_at, c.version";

    private CommunicationRows() {
    }

    /** @return the current row, selected with {@link #SUMMARY_COLUMNS} */
    static CommunicationSummary readSummary(ResultSet rs) throws SQLException {
        CommunicationEntity e = new CommunicationEntity();
        e.organisationId = rs.getString(1);
        e.id = rs.getObject(2, UUID.class);
        e.communicationType = rs.getString(3);
        e.subject = rs.getString(4);
        e.blockId = rs.getString(5);
        e.unitId = rs.getString(6);
        e.channel = rs.getString(7);
        e.status = rs.getString(8);
        e.scheduledAt = instant(rs, 9);
        e.sentAt = instant(rs, 10);
        e.sentBy = rs.getString(11);
        e.failedAt = instant(rs, 12);
        e.failureReason = rs.getString(13);
        e.notes = rs.getString(14);
        e.createdBy = rs.getString(15);
        e.createdAt = instant(rs, 16);
        e.updatedAt = instant(rs, 17);
        e.version = rs.getLong(18);
        return CommunicationSummary.of(EntityMapping.toDomain(e));
    }

    /** @return the current row, selected with {@link #COLUMNS} */
    static Communication read(ResultSet rs) throws SQLException {
        CommunicationEntity e = new CommunicationEntity();
        e.organisationId = rs.getString(1);
        e.id = rs.getObject(2, UUID.class);
        e.communicationType = rs.getString(3);
        e.subject = rs.getString(4);
        e.bodyHtml = rs.getString(5);
        e.blockId = rs.getString(6);
        e.unitId = rs.getString(7);
        e.channel = rs.getString(8);
        e.status = rs.getString(9);
        e.scheduledAt = instant(rs, 10);
        e.sentAt = instant(rs, 11);
        e.sentBy = rs.getString(12);
        e.failedAt = instant(rs, 13);
        e.failureReason = rs.getString(14);
        e.notes = rs.getString(15);
        e.createdBy = rs.getString(16);
        e.createdAt = instant(rs, 17);
        e.updatedAt = instant(rs, 18);
        e.version = rs.getLong(19);
        return EntityMapping.toDomain(e);
    }
}
