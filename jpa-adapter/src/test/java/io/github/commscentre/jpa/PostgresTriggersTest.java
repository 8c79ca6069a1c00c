package io.github.commscentre.jpa;

import io.github.commscentre.AuditFinding;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PostgreSQL triggers of the shipped migration: even the host's own SQL cannot rewrite a sent or failed
 * communication, its recipients' snapshots, or any audit event; delivery tracking after sending still works.
 */
class PostgresTriggersTest {

    private static TestDatabase database;
    private static CommunicationCentre centre;
    private static InMemoryPropertyDirectory directory;

    private final String org = "org-" + UUID.randomUUID();
    private final Caller admin = Caller.admin(org, "user-1");
    private Communication sent;
    private Recipient sentRecipient;

    @BeforeAll
    static void start() {
        database = TestDatabase.postgres();
        directory = new InMemoryPropertyDirectory();
        centre = JpaAdapterTest.centre(JpaCommunicationStore.builder(database.hostFactory()).build(), directory);
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void sendOne() {
        directory.addUnits(org, "block-1", "unit-", 3);
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Section 20").blockId("block-1").build());
        centre.addBlockRecipients(admin, c.id());
        sent = centre.markSent(admin, c.id());
        sentRecipient = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(1)).items().get(0);
    }

    @Test
    void aSentCommunicationsRowCannotBeUpdatedOrDeletedByDirectSql() {
        assertRefused("update cc_communication set subject = 'rewritten' where organisation_id = ? and id = ?", sent.id());
        assertRefused("update cc_communication set status = 'draft' where organisation_id = ? and id = ?", sent.id());
        assertRefused("delete from cc_communication where organisation_id = ? and id = ?", sent.id());
        assertThat(centre.getById(admin, sent.id()).communication()).isEqualTo(sent);
    }

    @Test
    void aFailedCommunicationIsAsImmutableAsASentOne() {
        Communication failed = centre.markFailed(admin,
                centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "bounced batch").build()).id(), "printer on fire");
        assertRefused("update cc_communication set failure_reason = 'nothing happened' where organisation_id = ? and id = ?", failed.id());
        assertRefused("delete from cc_communication where organisation_id = ? and id = ?", failed.id());
        assertThat(centre.getById(admin, failed.id()).communication()).isEqualTo(failed);
    }

    @Test
    void theRecipientSnapshotOfASentCommunicationCannotChangeButItsDeliveryStatusCan() throws SQLException {
        assertRefused("update cc_recipient set recipient_email = 'attacker@example.org' where organisation_id = ? and id = ?",
                sentRecipient.id());
        assertRefused("update cc_recipient set unit_id = 'unit-99' where organisation_id = ? and id = ?", sentRecipient.id());
        assertRefused("delete from cc_recipient where organisation_id = ? and id = ?", sentRecipient.id());

        assertThat(execute("update cc_recipient set delivery_status = 'delivered' where organisation_id = ? and id = ?",
                sentRecipient.id())).isEqualTo(1);
        Recipient opened = centre.updateRecipientStatus(admin, sentRecipient.id(), DeliveryStatus.OPENED, null);
        assertThat(opened.deliveryStatus()).isEqualTo(DeliveryStatus.OPENED);
        Recipient other = centre.listRecipients(admin, sent.id(), RecipientFilter.byStatus(DeliveryStatus.PENDING), PageRequest.first(1))
                .items().get(0);
        assertThat(centre.updateRecipientStatus(admin, other.id(), DeliveryStatus.BOUNCED, "mailbox full").failureReason())
                .isEqualTo("mailbox full");
        // The database let the status move forward by SQL, but no event recorded that move: verification says where
        // the trail and the record part (the facade's later event moves it "from delivered", which the trail never said).
        AuditVerification v = centre.verifyAuditTrail(admin);
        assertThat(v.intact()).isFalse();
        assertThat(v.findings()).singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo(AuditFinding.Kind.DELIVERY_STATUS));
    }

    @Test
    void auditEventsCannotBeUpdatedDeletedOrTruncated() {
        UUID anyEventRow = selectUuid("select id from cc_audit_event where organisation_id = ? order by sequence limit 1");
        assertRefused("update cc_audit_event set actor_user_id = 'someone else' where organisation_id = ? and id = ?", anyEventRow);
        assertRefused("delete from cc_audit_event where organisation_id = ? and id = ?", anyEventRow);
        assertThatThrownBy(() -> {
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                statement.execute("truncate cc_audit_event");
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
        assertThat(centre.auditTrail(admin, sent.id())).hasSize(3);
    }

    @Test
    void draftsStayEditableAndDeletableWithTheirRecipients() throws SQLException {
        Communication draft = centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "draft").blockId("block-1").build());
        centre.addBlockRecipients(admin, draft.id());
        centre.update(admin, draft.id(), CommunicationChanges.builder().subject("edited draft").build());
        // A snapshot never changes, whatever the communication's status (V2).
        assertRefused("update cc_recipient set recipient_name = 'corrected' where organisation_id = ? and communication_id = ?",
                draft.id());

        centre.delete(admin, draft.id());

        assertThat(count("select count(*) from cc_recipient where organisation_id = ? and communication_id = ?", draft.id())).isZero();
        assertThat(count("select count(*) from cc_recipient where organisation_id = ? and communication_id = ?", sent.id())).isEqualTo(3);
    }

    @Test
    void theTamperingAttackerCanOnlyGetPastTheTriggersAsSuperuserAndVerificationStillCatchesIt() {
        new JdbcStoreTampering(database).changeCommunicationSubject(org, sent.id(), "rewritten by a superuser");
        assertThat(centre.getById(admin, sent.id()).communication().subject()).isEqualTo("rewritten by a superuser");
        assertThat(centre.verifyAuditTrail(admin).intact()).isFalse();
    }

    private void assertRefused(String sql, UUID id) {
        assertThatThrownBy(() -> execute(sql, id))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23000"));
    }

    private int execute(String sql, UUID id) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, org);
            statement.setObject(2, id);
            return statement.executeUpdate();
        }
    }

    private long count(String sql, UUID id) {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, org);
            statement.setObject(2, id);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private UUID selectUuid(String sql) {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, org);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
