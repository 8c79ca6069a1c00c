package io.github.commscentre.reliability;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditFinding.Kind;
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
import io.github.commscentre.reliability.support.Canonical;
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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TamperDetectionTestBase.class);

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
        EDIT_SENT_SUBJECT(4, Kind.COMMUNICATION_RECORD),
        /** Removes a recipient of the sent communication. */
        DELETE_SENT_RECIPIENT(4, Kind.RECIPIENTS_RECORD),
        /** Moves the chain head back to event 6, with event 6's hash: events 7 and 8 lie beyond it. */
        REWIND_HEAD(7),
        /** Deletes the organisation's chain-head row (allowed on purpose: the next linking rebuilds it); verified before that. */
        HEAD_ROW_DELETED(1),
        /** Moves event 6 (an update of the draft C2) to the sent communication C1. */
        EVENT_MOVED_TO_ANOTHER_COMMUNICATION(6),
        /** Moves event 5 to another organisation: its hash covers the organisation, and its own chain has a gap. */
        EVENT_MOVED_TO_ANOTHER_ORGANISATION(5),
        /** Moves the sent communication's recipient that no status event moved to the draft C2. */
        RECIPIENT_MOVED_TO_ANOTHER_COMMUNICATION(4, Kind.RECIPIENTS_RECORD),
        /** Empties cc_audit_event: the head records events the chain lacks. */
        TRUNCATE_EVENTS(1),
        /** Empties cc_audit_chain_head: the events lie beyond a head that is not there. */
        TRUNCATE_HEAD(1),
        /** Empties cc_recipient: the sent event recorded recipients that are gone. */
        TRUNCATE_RECIPIENTS(4, Kind.RECIPIENTS_RECORD),
        /** Empties cc_communication (with CASCADE on PostgreSQL): the sent event's communication is gone. */
        TRUNCATE_COMMUNICATIONS(4, Kind.COMMUNICATION_RECORD);

        final long firstBroken;
        final Kind kind;

        Tamper(long firstBroken) {
            this(firstBroken, Kind.CHAIN);
        }

        Tamper(long firstBroken, Kind kind) {
            this.firstBroken = firstBroken;
            this.kind = kind;
        }

        boolean refusedByTriggers() {
            return this != INSERT_EVENT && this != HEAD_ROW_DELETED;
        }

        boolean truncates() {
            return name().startsWith("TRUNCATE_");
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
        assertThat(v.firstBrokenSequence()).as("%s: %s", tamper, v.firstProblem().orElse(null)).hasValue(tamper.firstBroken);
        assertThat(v.firstProblem()).hasValueSatisfying(p -> assertThat(p).isNotBlank());
        assertThat(v.findings()).as("%s", tamper).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(tamper.kind);
            assertThat(f.sequence()).hasValue(tamper.firstBroken);
        });
        if (tamper == Tamper.EVENT_MOVED_TO_ANOTHER_ORGANISATION) {
            AuditVerification elsewhere = centre.verifyAuditTrail(Caller.member(h.org() + "-elsewhere", "auditor"));
            assertThat(elsewhere.intact()).as("the event moved in is noticed there too: %s", elsewhere.findings()).isFalse();
            assertThat(elsewhere.findings()).anySatisfy(f -> assertThat(f.kind()).isEqualTo(Kind.CHAIN));
        }
        caught.incrementAndGet();
    }

    /**
     * Edits that leave the chain itself alone, so that only the check of the records against the chain (or of the
     * lifecycle along it, or of a row's readability) can notice them. The database may refuse one (guards are being
     * added to the schema): then nothing may have changed, and on PostgreSQL a superuser with the triggers off makes
     * the edit anyway. Either way no edit goes unnoticed.
     */
    enum RecordTamper {
        /** Deletes the sent communication's row, its recipients first (with the triggers off nothing cascades). */
        SENT_ROW_DELETED(4L, Kind.COMMUNICATION_RECORD),
        /** Sets the sent communication back to draft. */
        SENT_SET_BACK_TO_DRAFT(4L, Kind.COMMUNICATION_RECORD),
        /** Rewrites the delivered recipient's status back to pending: event 8 delivered it. */
        DELIVERY_STATUS_REWOUND(8L, Kind.DELIVERY_STATUS),
        /** Deletes the recipient of the sent communication that no status event moved. */
        RECIPIENT_DELETED(4L, Kind.RECIPIENTS_RECORD),
        /** Inserts a recipient into the sent communication. */
        RECIPIENT_INSERTED(4L, Kind.RECIPIENTS_RECORD),
        /** Appends a second sent event for the sent communication, with a valid hash and the head moved. */
        SECOND_SENT_EVENT(9L, Kind.LIFECYCLE),
        /** Appends an event whose details do not parse, linked to event 8, the head moved. */
        MALFORMED_EVENT(9L, Kind.MALFORMED_EVENT),
        /** Leaves a pending event whose unit ids do not parse. */
        MALFORMED_PENDING_EVENT(null, Kind.MALFORMED_EVENT);

        final Long firstBroken;
        final Kind kind;

        RecordTamper(Long firstBroken, Kind kind) {
            this.firstBroken = firstBroken;
            this.kind = kind;
        }
    }

    @ParameterizedTest
    @EnumSource(RecordTamper.class)
    void recordsEditedBehindTheChainAreRefusedOrCaught(RecordTamper tamper) throws SQLException {
        History h = history();
        Caller auditor = Caller.member(h.org(), "auditor");
        try {
            applyRecord(tamper, h, false);
        } catch (SQLException refusedByTheDatabase) {
            // Expected (the guards at work; the test counts them): a line when debugging, never in a build.
            LOG.debug("the database refused {}: {}", tamper, refusedByTheDatabase.getMessage());
            assertThat(centre.verifyAuditTrail(auditor)).as("a refused edit changes nothing").isEqualTo(AuditVerification.intact(8));
            refused.incrementAndGet();
            if (!postgres()) {
                return; // H2's triggers are Java classes: no session can switch them off, so the refusal is the answer
            }
            applyRecord(tamper, h, true);
        }
        AuditVerification v = centre.verifyAuditTrail(auditor);
        assertThat(v.intact()).as("%s went unnoticed", tamper).isFalse();
        if (tamper.firstBroken == null) {
            assertThat(v.firstBrokenSequence()).as("%s: %s", tamper, v.findings()).isEmpty();
        } else {
            assertThat(v.firstBrokenSequence()).as("%s: %s", tamper, v.findings()).hasValue(tamper.firstBroken);
        }
        assertThat(v.findings()).as("%s", tamper).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(tamper.kind);
            assertThat(f.sequence().isPresent() ? f.sequence().getAsLong() : null).isEqualTo(tamper.firstBroken);
        });
        if (tamper == RecordTamper.MALFORMED_PENDING_EVENT) {
            assertThat(v.pendingEventCount()).isEqualTo(1);
        }
        caught.incrementAndGet();
    }

    private boolean postgres() {
        return db.kind().toLowerCase(java.util.Locale.ROOT).contains("postgres");
    }

    private void applyRecord(RecordTamper tamper, History h, boolean disableTriggers) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                if (disableTriggers) {
                    try (Statement s = c.createStatement()) {
                        s.execute("set local session_replication_role = replica");
                    }
                }
                editRecord(c, tamper, h);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void editRecord(Connection c, RecordTamper tamper, History h) throws SQLException {
        String org = h.org();
        UUID sent = h.sent().id();
        switch (tamper) {
            case SENT_ROW_DELETED -> {
                updateRows(c, "delete from cc_recipient where organisation_id = ? and communication_id = ?", 2, org, sent);
                update(c, "delete from cc_communication where organisation_id = ? and id = ?", org, sent);
            }
            case SENT_SET_BACK_TO_DRAFT -> update(c, "update cc_communication set status = 'draft', sent_at = null, sent_by = null"
                    + " where organisation_id = ? and id = ?", org, sent);
            case DELIVERY_STATUS_REWOUND -> update(c, "update cc_recipient set delivery_status = 'pending', delivered_at = null"
                    + " where organisation_id = ? and id = ?", org, h.sentRecipient().id());
            case RECIPIENT_DELETED -> update(c, "delete from cc_recipient where organisation_id = ? and communication_id = ?"
                    + " and id <> ?", org, sent, h.sentRecipient().id());
            case RECIPIENT_INSERTED -> update(c, "insert into cc_recipient (organisation_id, id, communication_id, unit_id,"
                    + " position, recipient_name, recipient_email, delivery_status, added_at, updated_at, added_by)"
                    + " values (?, ?, ?, 'u9', 3, 'Nine', null, 'pending', ?, ?, 'mallory')", org, UUID.randomUUID(), sent,
                    h.sent().sentAt().atOffset(java.time.ZoneOffset.UTC), h.sent().sentAt().atOffset(java.time.ZoneOffset.UTC));
            case SECOND_SENT_EVENT -> {
                AuditEvent first = centre.auditTrail(Caller.member(org, "auditor"), sent).stream()
                        .filter(e -> e.type() == AuditEventType.SENT).findFirst().orElseThrow();
                String previous = (String) row(c, org, 8).get("hash");
                UUID id = UUID.randomUUID();
                String hash = Canonical.eventHash(new AuditEvent(id, org, 9, sent, null, AuditEventType.SENT,
                        first.actorUserId(), first.occurredAt(), first.details(), first.unitIds(), previous, ""));
                appendRow(c, org, 4, id, previous, hash, null);
            }
            case MALFORMED_EVENT -> appendRow(c, org, 8, UUID.randomUUID(), (String) row(c, org, 8).get("hash"),
                    Canonical.sha256("unreadable"), "not json");
            case MALFORMED_PENDING_EVENT -> {
                Map<String, Object> pending = row(c, org, 8);
                pending.put("id", UUID.randomUUID());
                // left out, so that they are null: a pending row, numbered by the database's append order
                pending.remove("sequence");
                pending.remove("previous_hash");
                pending.remove("hash");
                pending.put("unit_ids", "[\"unterminated");
                insert(c, pending);
            }
            default -> throw new IllegalArgumentException(tamper.toString());
        }
    }

    /** Appends a copy of event {@code from} as event 9 with these id and hashes (and details, if given), moving the head. */
    private static void appendRow(Connection c, String org, long from, UUID id, String previousHash, String hash, String details)
            throws SQLException {
        Map<String, Object> row = row(c, org, from);
        row.put("id", id);
        row.put("sequence", 9L);
        row.put("previous_hash", previousHash);
        row.put("hash", hash);
        if (details != null) {
            row.put("details", details);
        }
        insert(c, row);
        update(c, "update cc_audit_chain_head set last_sequence = 9, last_hash = ? where organisation_id = ?", hash, org);
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
                edit(c, tamper, h, disableTriggers);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void edit(Connection c, Tamper tamper, History h, boolean guardsOff) throws SQLException {
        String org = h.org();
        if (tamper.truncates()) {
            truncate(c, tamper, guardsOff);
            return;
        }
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
            case REWIND_HEAD -> update(c, "update cc_audit_chain_head set last_sequence = 6, last_hash = ? where organisation_id = ?",
                    row(c, org, 6).get("hash"), org);
            case HEAD_ROW_DELETED -> update(c, "delete from cc_audit_chain_head where organisation_id = ?", org);
            case EVENT_MOVED_TO_ANOTHER_COMMUNICATION -> update(c, "update cc_audit_event set communication_id = ?"
                    + " where organisation_id = ? and sequence = 6", h.sent().id(), org);
            case EVENT_MOVED_TO_ANOTHER_ORGANISATION -> update(c, "update cc_audit_event set organisation_id = ?"
                    + " where organisation_id = ? and sequence = 5", org + "-elsewhere", org);
            case RECIPIENT_MOVED_TO_ANOTHER_COMMUNICATION -> update(c, "update cc_recipient set communication_id = ?"
                    + " where organisation_id = ? and communication_id = ? and id <> ?", h.draft().id(), org, h.sent().id(),
                    h.sentRecipient().id());
            default -> throw new IllegalArgumentException(tamper.toString());
        }
    }

    /**
     * Empties a whole table, every organisation's rows: the other cases' organisations are verified before, and each
     * case records its history in a fresh organisation, so none of them depends on rows emptied here. On H2 no trigger
     * fires on TRUNCATE; a foreign key of {@code cc_h2_no_truncate} refuses it, so the owner switches that table's
     * referential integrity off to get past it.
     */
    private void truncate(Connection c, Tamper tamper, boolean guardsOff) throws SQLException {
        boolean h2 = !postgres();
        String table = switch (tamper) {
            case TRUNCATE_EVENTS -> "cc_audit_event";
            case TRUNCATE_HEAD -> "cc_audit_chain_head";
            case TRUNCATE_RECIPIENTS -> "cc_recipient";
            case TRUNCATE_COMMUNICATIONS -> "cc_communication";
            default -> throw new IllegalArgumentException(tamper.toString());
        };
        try (Statement s = c.createStatement()) {
            if (h2 && guardsOff) {
                s.execute("alter table " + table + " set referential_integrity false");
            }
            try {
                s.execute("truncate table " + table + (h2 || !table.equals("cc_communication") ? "" : " cascade"));
            } finally {
                if (h2 && guardsOff) {
                    s.execute("alter table " + table + " set referential_integrity true nocheck");
                }
            }
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
        updateRows(c, sql, 1, parameters);
    }

    private static void updateRows(Connection c, String sql, int rows, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            assertThat(s.executeUpdate()).as(sql).isEqualTo(rows);
        }
    }
}
