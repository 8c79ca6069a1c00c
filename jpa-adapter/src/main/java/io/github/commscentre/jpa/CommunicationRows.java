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
            + " c.failure_reason, c.notes, c.created_by, c.created_at, c.updated_at, c.version, c.sending_started_at";

    /**
     * The columns {@link #readSummary} expects, in its order: {@link #COLUMNS} without {@code body_html}, which a listing
     * must not read (a page of 101 bodies of 1,000,000 characters would not fit a small heap).
     */
    static final String SUMMARY_COLUMNS = "c.organisation_id, c.id, c.communication_type, c.subject,"
            + " c.block_id, c.unit_id, c.channel, c.status, c.scheduled_at, c.sent_at, c.sent_by, c.failed_at,"
            + " c.failure_reason, c.notes, c.created_by, c.created_at, c.updated_at, c.version, c.sending_started_at";

    private CommunicationRows() {
    }

    /** @return the current row, selected with {@link #SUMMARY_COLUMNS} */
    static CommunicationSummary readSummary(ResultSet rs) throws SQLException {
        return CommunicationSummary.of(EntityMapping.toDomain(entity(rs, false)));
    }

    /** @return the current row, selected with {@link #COLUMNS} */
    static Communication read(ResultSet rs) throws SQLException {
        return EntityMapping.toDomain(entity(rs, true));
    }

    /** Both column lists are the same but for the body, fifth in {@link #COLUMNS}. */
    private static CommunicationEntity entity(ResultSet rs, boolean withBody) throws SQLException {
        CommunicationEntity e = new CommunicationEntity();
        e.organisationId = rs.getString(1);
        e.id = rs.getObject(2, UUID.class);
        e.communicationType = rs.getString(3);
        e.subject = rs.getString(4);
        int i = 5;
        if (withBody) {
            e.bodyHtml = rs.getString(i++);
        }
        e.blockId = rs.getString(i++);
        e.unitId = rs.getString(i++);
        e.channel = rs.getString(i++);
        e.status = rs.getString(i++);
        e.scheduledAt = instant(rs, i++);
        e.sentAt = instant(rs, i++);
        e.sentBy = rs.getString(i++);
        e.failedAt = instant(rs, i++);
        e.failureReason = rs.getString(i++);
        e.notes = rs.getString(i++);
        e.createdBy = rs.getString(i++);
        e.createdAt = instant(rs, i++);
        e.updatedAt = instant(rs, i++);
        e.version = rs.getLong(i++);
        e.sendingStartedAt = instant(rs, i);
        return e;
    }
}
