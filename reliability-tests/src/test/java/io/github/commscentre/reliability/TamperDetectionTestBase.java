package io.github.commscentre.reliability;

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
import io.github.commscentre.jpa.JpaCommunicationStore;
import io.github.commscentre.reliability.support.Databases.Database;
import io.github.commscentre.testkit.MutableClock;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An attacker with SQL access to the database edits the record directly, bypassing the library. Each edit must
 * be caught by {@code verifyAuditTrail}, naming the first broken sequence. On PostgreSQL the shipped triggers
 * refuse updates and deletes of audit events and of sent communications from a plain connection: that refusal is
 * asserted first; then a superuser who disables triggers ({@code session_replication_role = replica}) makes the
 * edit anyway, and verification must catch it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TamperDetectionTestBase {

    /** @return a fresh, migrated database */
    abstract Database database();

    /** @return whether the schema's triggers are expected to refuse direct edits (PostgreSQL) */
    abstract boolean triggersRefuse();

    private Database db;
    private JpaCommunicationStore store;
    private final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory();
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-06-01T08:00:00.000001Z"));
    private CommunicationCentre centre;
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger caught = new AtomicInteger();

    @BeforeAll
    void start() {
        db = database();
        store = db.newStore();
        centre = CommunicationCentre.builder().store(store).directory(directory).clock(clock).build();
    }

    @AfterAll
    void stop() {
        if (store != null) {
            store.close();
            db.close();
            System.out.println("RELIABILITY tampering on " + db.kind() + ": " + caught.get() + " direct SQL edits caught by "
                    + "verifyAuditTrail at the first broken sequence" + (triggersRefuse()
                    ? ", " + refused.get() + " of them first refused by the triggers" : "") + ", 0 missed");
        }
    }

    /**
     * The recorded history every case starts from (sequence: event):
     * 1 created C1, 2 recipients_added C1, 3 updated C1, 4 sent C1, 5 created C2, 6 updated C2,
     * 7 recipients_added C2, 8 recipient_status_changed (a recipient of C1).
     */
    private record History(String org, Communication sent, Communication draft, Recipient sentRecipient) {
    }

    private History history() {
        String org = "org-tamper-" + UUID.randomUUID();
        directory.addUnit(org, "b", "u1", "One", "one@example.com").addUnit(org, "b", "u2", "Two", null);
        Caller admin = Caller.admin(org, "admin");
        Communication c1 = centre.create(admin, NewCommunication.builder(CommunicationType.DEMAND_LETTER, "Service charge demand").build());
        centre.addRecipients(admin, c1.id(), List.of("u1", "u2"));
        clock.advance(Duration.ofMinutes(1));
        centre.update(admin, c1.id(), CommunicationChanges.builder().subject("Service charge demand 2026").build());
        Communication sent = centre.markSent(admin, c1.id());
        clock.advance(Duration.ofMinutes(1));
        Communication c2 = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "AGM").build());
        centre.update(admin, c2.id(), CommunicationChanges.builder().notes("room 2").build());
        centre.addRecipients(admin, c2.id(), List.of("u1"));
        Recipient r = centre.listRecipients(admin, c1.id(), RecipientFilter.all(), PageRequest.first(1)).items().get(0);
        centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED);
        AuditVerification v = centre.verifyAuditTrail(Caller.member(org, "auditor"));
        assertThat(v).isEqualTo(AuditVerification.intact(8));
        return new History(org, sent, c2, r);
    }

    enum Tamper {
        /** Changes who did it. */
        EDIT_ACTOR(3),
        /** Changes what a detail says, leaving the hash as it was. */
        EDIT_DETAIL(3),
        /** Moves when it happened by one microsecond. */
        EDIT_OCCURRED_AT(2),
        /** Edits the last event, where only the chain head can tell. */
        EDIT_LAST_EVENT(8),
        /** Removes an event in the middle. */
        DELETE_EVENT(5),
        /** Removes the last event. */
        DELETE_LAST_EVENT(8),
        /** Adds a copy of the last event as a ninth, without moving the head. */
        INSERT_EVENT(9),
        /** Swaps the contents of two events; each row keeps its sequence. */
        SWAP_EVENTS(2),
        /** Edits the subject of the sent communication. */
        EDIT_SENT_SUBJECT(4),
        /** Removes a recipient of the sent communication. */
        DELETE_SENT_RECIPIENT(4);

        final long firstBroken;

        Tamper(long firstBroken) {
            this.firstBroken = firstBroken;
        }

        boolean refusedByTriggers() {
            return this != INSERT_EVENT;
        }
    }

    @ParameterizedTest
    @EnumSource(Tamper.class)
    void directEditsOfTheRecordAreCaughtAtTheFirstBrokenSequence(Tamper tamper) throws SQLException {
        History h = history();
        Caller auditor = Caller.member(h.org(), "auditor");
        if (triggersRefuse() && tamper.refusedByTriggers()) {
            assertThatThrownBy(() -> apply(tamper, h, false)).as("the triggers refuse %s", tamper).isInstanceOf(SQLException.class);
            assertThat(centre.verifyAuditTrail(auditor)).isEqualTo(AuditVerification.intact(8));
            refused.incrementAndGet();
        }
        apply(tamper, h, triggersRefuse());
        AuditVerification v = centre.verifyAuditTrail(auditor);
        assertThat(v.intact()).as("%s went unnoticed", tamper).isFalse();
        assertThat(v.firstBrokenSequence()).as("%s: %s", tamper, v.problem()).hasValue(tamper.firstBroken);
        assertThat(v.problem()).isNotBlank();
        caught.incrementAndGet();
    }

    /** Does the edit in one transaction of a plain connection; as a superuser with triggers off when asked. */
    private void apply(Tamper tamper, History h, boolean disableTriggers) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                if (disableTriggers) {
                    try (Statement s = c.createStatement()) {
                        s.execute(db.kind().equals("h2") ? "set @cc_guards = 'off'" : "set local session_replication_role = replica");
                    }
                }
                edit(c, tamper, h);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void edit(Connection c, Tamper tamper, History h) throws SQLException {
        String org = h.org();
        switch (tamper) {
            case EDIT_ACTOR -> update(c, "update cc_audit_event set actor_user_id = 'mallory' where organisation_id = ? and sequence = 3", org);
            case EDIT_DETAIL -> update(c, "update cc_audit_event set details = replace(details, 'Service charge demand 2026', "
                    + "'Service charge demand 2025') where organisation_id = ? and sequence = 3", org);
            case EDIT_OCCURRED_AT -> update(c, "update cc_audit_event set occurred_at = occurred_at + interval '0.000001' second"
                    + " where organisation_id = ? and sequence = 2", org);
            case EDIT_LAST_EVENT -> update(c, "update cc_audit_event set details = replace(details, 'delivered', 'opened')"
                    + " where organisation_id = ? and sequence = 8", org);
            case DELETE_EVENT -> update(c, "delete from cc_audit_event where organisation_id = ? and sequence = 5", org);
            case DELETE_LAST_EVENT -> update(c, "delete from cc_audit_event where organisation_id = ? and sequence = 8", org);
            case INSERT_EVENT -> {
                Map<String, Object> last = row(c, org, 8);
                last.put("id", UUID.randomUUID());
                last.put("sequence", 9L);
                insert(c, last);
            }
            case SWAP_EVENTS -> {
                Map<String, Object> two = row(c, org, 2);
                Map<String, Object> six = row(c, org, 6);
                update(c, "update cc_audit_event set id = ? where organisation_id = ? and sequence = 2", UUID.randomUUID(), org);
                overwrite(c, org, 6, two);
                overwrite(c, org, 2, six);
            }
            case EDIT_SENT_SUBJECT -> update(c, "update cc_communication set subject = 'Nothing owed' where organisation_id = ? and id = ?",
                    org, h.sent().id());
            case DELETE_SENT_RECIPIENT -> update(c, "delete from cc_recipient where organisation_id = ? and id = ?", org,
                    h.sentRecipient().id());
            default -> throw new IllegalArgumentException(tamper.toString());
        }
    }

    private static final List<String> COLUMNS = List.of("id", "communication_id", "recipient_id", "event_type", "actor_user_id",
            "occurred_at", "details", "unit_ids", "previous_hash", "hash");

    private static Map<String, Object> row(Connection c, String org, long sequence) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + String.join(", ", COLUMNS)
                + " from cc_audit_event where organisation_id = ? and sequence = ?")) {
            s.setString(1, org);
            s.setLong(2, sequence);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                Map<String, Object> row = new LinkedHashMap<>();
                for (String column : COLUMNS) {
                    row.put(column, rs.getObject(column));
                }
                row.put("organisation_id", org);
                row.put("sequence", sequence);
                return row;
            }
        }
    }

    private static void insert(Connection c, Map<String, Object> row) throws SQLException {
        String columns = String.join(", ", row.keySet());
        String marks = String.join(", ", java.util.Collections.nCopies(row.size(), "?"));
        try (PreparedStatement s = c.prepareStatement("insert into cc_audit_event (" + columns + ") values (" + marks + ")")) {
            int i = 1;
            for (Object value : row.values()) {
                s.setObject(i++, value);
            }
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    /** Everything but organisation and sequence of the row at {@code sequence} becomes {@code from}'s. */
    private static void overwrite(Connection c, String org, long sequence, Map<String, Object> from) throws SQLException {
        StringBuilder sql = new StringBuilder("update cc_audit_event set ");
        for (int i = 0; i < COLUMNS.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(COLUMNS.get(i)).append(" = ?");
        }
        sql.append(" where organisation_id = ? and sequence = ?");
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (String column : COLUMNS) {
                s.setObject(i++, from.get(column));
            }
            s.setString(i++, org);
            s.setLong(i, sequence);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private static void update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            assertThat(s.executeUpdate()).as(sql).isEqualTo(1);
        }
    }
}
