package io.github.commscentre.jpa;

import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The guards of migrations V2 (issue 12) and V3 (the dispatcher): the database refuses what the library never does, to
 * any SQL, while the library works as before. Each guard is provoked by direct SQL and must fail with SQL state 23000 and a message
 * that says why. Subclasses supply the database; what only one database can do is tested in its subclass.
 */
abstract class DatabaseGuardsTest {

    static final String INSERT_RECIPIENT = "insert into cc_recipient (organisation_id, id, communication_id, unit_id, position,"
            + " recipient_name, recipient_email, delivery_status, added_at, updated_at, added_by)"
            + " values (?, ?, ?, ?, ?, 'Direct', 'direct@example.org', ?, ?, ?, 'sql')";

    /** A pending event as a writer stores it: no sequence, no hashes, and append_order left to the database. */
    static final String INSERT_PENDING_EVENT = "insert into cc_audit_event (organisation_id, id, communication_id, event_type,"
            + " actor_user_id, occurred_at, details, unit_ids) values (?, ?, ?, 'created', 'writer', ?, '{}', '[]')";

    static final String LINK_EVENT = "update cc_audit_event set sequence = ?, previous_hash = ?, hash = ?"
            + " where organisation_id = ? and id = ?";

    /** Which delivery status may follow which, as the migrations' guard has it since V3. */
    static final Map<String, Set<String>> FORWARD = Map.of(
            "pending", Set.of("pending", "accepted", "delivered", "opened", "bounced", "failed"),
            "accepted", Set.of("accepted", "delivered", "opened", "bounced", "failed"),
            "delivered", Set.of("delivered", "opened", "bounced", "failed"),
            "opened", Set.of("opened"),
            "bounced", Set.of("bounced"),
            "failed", Set.of("failed"));

    final String org = "org-" + UUID.randomUUID();
    final Caller admin = Caller.admin(org, "user-1");
    DirectSql sql;
    Communication sent;
    Communication failed;
    Communication draft;
    Recipient sentRecipient;
    Recipient draftRecipient;

    /** @return the direct SQL of a console session on this test's database */
    abstract DirectSql directSql();

    /** @return the library over this test's database */
    abstract CommunicationCentre centre();

    /** Gives the organisation {@code count} units {@code unit-1...} in block {@code block-1}. */
    abstract void addUnits(String organisationId, int count);

    /** @return statements that would empty a table; each must be refused */
    abstract List<String> truncateStatements();

    /** @return the SQL state of a refused TRUNCATE, and a word its message contains */
    abstract String[] truncateRefusal();

    /** @return the SQL state of a refused change of append_order, and a word its message contains */
    abstract String[] appendOrderRefusal();

    /** @return the SQL state of a check constraint violation on this database */
    abstract String checkViolation();

    @BeforeEach
    void recordSomeHistory() {
        sql = directSql();
        addUnits(org, 4);
        CommunicationCentre centre = centre();
        Communication toSend = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Section 20").blockId("block-1").build());
        centre.addBlockRecipients(admin, toSend.id());
        sent = centre.markSent(admin, toSend.id());
        Communication toFail = centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "Printed").build());
        centre.addRecipients(admin, toFail.id(), List.of("unit-1"));
        failed = centre.markFailed(admin, toFail.id(), "printer on fire");
        draft = centre.create(admin, NewCommunication.builder(CommunicationType.AGM_NOTICE, "AGM").blockId("block-1").build());
        centre.addBlockRecipients(admin, draft.id());
        sentRecipient = firstRecipient(sent);
        draftRecipient = firstRecipient(draft);
    }

    // ---- 1. TRUNCATE ----------------------------------------------------------------------------------------------

    @Test
    void noTableCanBeTruncated() {
        long events = eventCount();
        for (String truncate : truncateStatements()) {
            sql.refused(truncateRefusal()[0], truncateRefusal()[1], truncate);
        }
        assertThat(eventCount()).isEqualTo(events);
        assertThat(recipientCount(sent)).isEqualTo(4);
        assertThat(centre().count(admin, CommunicationFilter.all())).isEqualTo(3);
    }

    // ---- 2. the chain ------------------------------------------------------------------------------------------------

    @Test
    void auditEventsAreNeverDeleted() {
        UUID first = (UUID) sql.single("select id from cc_audit_event where organisation_id = ? and sequence = 1", org);
        long events = eventCount();
        sql.refusedByGuard("append-only", "delete from cc_audit_event where organisation_id = ? and id = ?", org, first);
        sql.refusedByGuard("append-only", "delete from cc_audit_event where organisation_id = ?", org);
        assertThat(eventCount()).isEqualTo(events);
        assertThat(centre().verifyAuditTrail(admin).intact()).isTrue();
    }

    @Test
    void aLinkedEventIsNeverRewrittenUnlinkedOrRelinked() {
        UUID event = (UUID) sql.single("select id from cc_audit_event where organisation_id = ? and sequence = 2", org);
        String where = " where organisation_id = ? and id = ?";
        sql.refusedByGuard("append-only", "update cc_audit_event set actor_user_id = 'mallory'" + where, org, event);
        sql.refusedByGuard("append-only", "update cc_audit_event set details = '{}'" + where, org, event);
        sql.refusedByGuard("append-only", "update cc_audit_event set hash = '" + "f".repeat(64) + "'" + where, org, event);
        sql.refusedByGuard("append-only", "update cc_audit_event set sequence = null, previous_hash = null, hash = null" + where, org, event);
        sql.refused(appendOrderRefusal()[0], appendOrderRefusal()[1], "update cc_audit_event set append_order = append_order + 1000" + where,
                org, event);
        assertThat(centre().verifyAuditTrail(admin).intact()).isTrue();
    }

    @Test
    void aLinkedEventIsNeverMovedToAnotherCommunicationOrOrganisation() {
        UUID event = (UUID) sql.single("select id from cc_audit_event where organisation_id = ? and sequence = 2", org);
        String where = " where organisation_id = ? and id = ?";
        sql.refusedByGuard("append-only", "update cc_audit_event set communication_id = ?" + where, draft.id(), org, event);
        sql.refusedByGuard("append-only", "update cc_audit_event set organisation_id = 'elsewhere'" + where, org, event);
        assertThat(sql.single("select communication_id from cc_audit_event" + where, org, event)).isEqualTo(sent.id());
        assertThat(centre().verifyAuditTrail(admin).intact()).isTrue();
    }

    @Test
    void aPendingEventIsLinkedOnceAndNeverAgain() {
        String writer = "org-pending-" + UUID.randomUUID();
        UUID first = insertPendingEvent(writer);
        UUID second = insertPendingEvent(writer);
        long firstOrder = appendOrder(writer, first);
        assertThat(appendOrder(writer, second)).as("given by the database, in insert order").isGreaterThan(firstOrder);
        sql.refused(checkViolation(), "cc_audit_event_link_ck", "insert into cc_audit_event (organisation_id, id, communication_id,"
                + " event_type, actor_user_id, occurred_at, details, unit_ids, sequence) values (?, ?, ?, 'created', 'w', ?, '{}', '[]', 9)",
                writer, UUID.randomUUID(), UUID.randomUUID(), now());

        assertThat(sql.update(LINK_EVENT, 1L, AuditEvent.GENESIS_HASH, hash('a'), writer, first)).isEqualTo(1);

        sql.refusedByGuard("append-only", LINK_EVENT, 1L, AuditEvent.GENESIS_HASH, hash('b'), writer, first);
        sql.refusedByGuard("append-only", "update cc_audit_event set sequence = 2, previous_hash = ?, hash = ?, actor_user_id = 'mallory'"
                + " where organisation_id = ? and id = ?", hash('a'), hash('c'), writer, second);
        sql.refusedByGuard("append-only", "update cc_audit_event set sequence = 2 where organisation_id = ? and id = ?", writer, second);
        sql.refused("23505", "", LINK_EVENT, 1L, AuditEvent.GENESIS_HASH, hash('d'), writer, second);
        assertThat(sql.update(LINK_EVENT, 2L, hash('a'), hash('c'), writer, second)).isEqualTo(1);

        assertThat(sql.column("select hash from cc_audit_event where organisation_id = ? order by sequence", writer))
                .containsExactly(hash('a'), hash('c'));
        assertThat(appendOrder(writer, first)).as("never changes").isEqualTo(firstOrder);
        sql.refusedByGuard("append-only", "delete from cc_audit_event where organisation_id = ? and id = ?", writer, second);
    }

    @Test
    void theChainHeadNeverMovesBack() {
        String head = " where organisation_id = ?";
        long last = sql.count("select last_sequence from cc_audit_chain_head" + head, org);
        sql.refusedByGuard("moves forward only", "update cc_audit_chain_head set last_sequence = last_sequence - 1" + head, org);
        sql.refusedByGuard("moves forward only", "update cc_audit_chain_head set last_hash = '" + hash('e') + "'" + head, org);
        sql.refusedByGuard("moves forward only", "update cc_audit_chain_head set organisation_id = 'elsewhere'" + head, org);
        assertThat(sql.update("update cc_audit_chain_head set last_sequence = last_sequence" + head, org)).as("no move").isEqualTo(1);
        assertThat(sql.count("select last_sequence from cc_audit_chain_head" + head, org)).isEqualTo(last);
        assertThat(centre().verifyAuditTrail(admin).intact()).isTrue();

        String other = "org-head-" + UUID.randomUUID();
        sql.update("insert into cc_audit_chain_head (organisation_id, last_sequence, last_hash) values (?, 5, ?)", other, hash('5'));
        assertThat(sql.update("update cc_audit_chain_head set last_sequence = 7, last_hash = ?" + head, hash('7'), other)).isEqualTo(1);
        assertThat(sql.update("delete from cc_audit_chain_head" + head, other)).as("a linker rebuilds a deleted head").isEqualTo(1);
    }

    // ---- 3. recipients of finished communications ---------------------------------------------------------------------

    @Test
    void noRecipientJoinsOrLeavesAFinishedCommunication() {
        sql.refusedByGuard("no recipient can be added", INSERT_RECIPIENT, recipientRow(sent, "unit-new", "pending"));
        sql.refusedByGuard("no recipient can be added", INSERT_RECIPIENT, recipientRow(failed, "unit-new", "pending"));
        sql.refusedByGuard("cannot be deleted", "delete from cc_recipient where organisation_id = ? and id = ?", org, sentRecipient.id());
        sql.refusedByGuard("cannot be deleted", "delete from cc_recipient where organisation_id = ? and communication_id = ?", org, failed.id());
        assertThat(recipientCount(sent)).isEqualTo(4);
        assertThat(recipientCount(failed)).isEqualTo(1);

        assertThat(sql.update(INSERT_RECIPIENT, recipientRow(draft, "unit-new", "pending"))).as("a draft takes recipients").isEqualTo(1);
        assertThat(sql.update("delete from cc_recipient where organisation_id = ? and communication_id = ? and unit_id = 'unit-new'",
                org, draft.id())).as("and gives them up").isEqualTo(1);
    }

    // ---- 4. delivery status ---------------------------------------------------------------------------------------

    @Test
    void deliveryStatusMovesForwardOnlyWhateverTheCommunicationsStatus() {
        Communication open = centre().create(admin, NewCommunication.builder(CommunicationType.NOTICE, "matrix").build());
        Map<String, Boolean> outcomes = new LinkedHashMap<>();
        for (String from : FORWARD.keySet()) {
            for (String to : FORWARD.keySet()) {
                Object[] row = recipientRow(open, "unit-" + from + "-" + to, from);
                sql.update(INSERT_RECIPIENT, row);
                String update = "update cc_recipient set delivery_status = ? where organisation_id = ? and id = ?";
                if (FORWARD.get(from).contains(to)) {
                    assertThat(sql.update(update, to, org, row[1])).as("%s to %s", from, to).isEqualTo(1);
                } else {
                    sql.refusedByGuard("moves forward only: " + from + " to " + to, update, to, org, row[1]);
                }
                outcomes.put(from + ">" + to, FORWARD.get(from).contains(to));
            }
        }
        assertThat(outcomes).hasSize(36).containsValue(false);

        String rewind = "update cc_recipient set delivery_status = 'pending' where organisation_id = ? and id = ?";
        assertThat(sql.update("update cc_recipient set delivery_status = 'bounced' where organisation_id = ? and id = ?",
                org, sentRecipient.id())).as("tracking goes on after sending").isEqualTo(1);
        sql.refusedByGuard("moves forward only", rewind, org, sentRecipient.id());
    }

    // ---- 5. recipient snapshots -----------------------------------------------------------------------------------

    @Test
    void aRecipientsSnapshotNeverChangesWhateverTheCommunicationsStatus() {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("organisation_id", "org-elsewhere");
        changes.put("id", UUID.randomUUID());
        changes.put("communication_id", failed.id());
        changes.put("unit_id", "unit-99");
        changes.put("position", 99L);
        changes.put("recipient_name", "Someone Else");
        changes.put("recipient_email", "attacker@example.org");
        changes.put("added_at", now().minusDays(1));
        changes.put("added_by", "mallory");
        for (Recipient recipient : List.of(draftRecipient, sentRecipient)) {
            changes.forEach((column, value) -> sql.refusedByGuard("snapshot",
                    "update cc_recipient set " + column + " = ? where organisation_id = ? and id = ?", value, org, recipient.id()));
        }
        assertThat(sql.update("update cc_recipient set failure_reason = 'noted', updated_at = ? where organisation_id = ? and id = ?",
                now(), org, draftRecipient.id())).as("only the snapshot is fixed").isEqualTo(1);
        assertThat(firstRecipient(sent)).isEqualTo(sentRecipient);
    }

    // ---- 6. finished communications --------------------------------------------------------------------------------

    @Test
    void aFinishedCommunicationNeverChanges() {
        for (Communication finished : List.of(sent, failed)) {
            String where = " where organisation_id = ? and id = ?";
            sql.refusedByGuard("can no longer be changed", "update cc_communication set subject = 'rewritten'" + where, org, finished.id());
            sql.refusedByGuard("can no longer be changed", "update cc_communication set status = 'draft'" + where, org, finished.id());
            sql.refusedByGuard("can no longer be changed", "delete from cc_communication" + where, org, finished.id());
            assertThat(centre().getById(admin, finished.id()).communication()).isEqualTo(finished);
        }
        assertThat(sql.update("update cc_communication set notes = 'a draft stays editable' where organisation_id = ? and id = ?",
                org, draft.id())).isEqualTo(1);
    }

    // ---- 7. dispatching (V3) -----------------------------------------------------------------------------------------

    @Test
    void aSendingCommunicationOnlyFinishesAndKeepsItsContentAndRecipients() {
        String where = " where organisation_id = ? and id = ?";
        assertThat(sql.update("update cc_communication set status = 'sending', sent_by = 'user-1', version = version + 1" + where,
                org, draft.id())).as("a draft starts sending").isEqualTo(1);
        Map<String, Object> fixed = new LinkedHashMap<>();
        fixed.put("subject", "rewritten");
        fixed.put("body_html", "<p>rewritten</p>");
        fixed.put("channel", "post");
        fixed.put("communication_type", "circular");
        fixed.put("block_id", "block-2");
        fixed.put("unit_id", "unit-9");
        fixed.put("created_by", "mallory");
        fixed.put("created_at", now().minusDays(1));
        fixed.forEach((column, value) -> sql.refusedByGuard("is being sent",
                "update cc_communication set " + column + " = ?" + where, value, org, draft.id()));
        sql.refusedByGuard("is being sent", "update cc_communication set status = 'draft'" + where, org, draft.id());
        sql.refusedByGuard("is being sent", "update cc_communication set status = 'scheduled', scheduled_at = ?" + where, now(), org, draft.id());
        sql.refusedByGuard("cannot be deleted", "delete from cc_communication" + where, org, draft.id());
        sql.refusedByGuard("no recipient can be added", INSERT_RECIPIENT, recipientRow(draft, "unit-new", "pending"));
        sql.refusedByGuard("cannot be deleted", "delete from cc_recipient where organisation_id = ? and id = ?", org, draftRecipient.id());
        assertThat(recipientCount(draft)).isEqualTo(4);
        assertThat(sql.single("select subject from cc_communication" + where, org, draft.id())).isEqualTo("AGM");

        assertThat(sql.update("update cc_communication set version = version + 1, updated_at = ?" + where, now(), org, draft.id()))
                .as("it may stay sending").isEqualTo(1);
        assertThat(sql.update("update cc_communication set status = 'sent', sent_at = ?, version = version + 1" + where, now(), org,
                draft.id())).as("and becomes sent").isEqualTo(1);
        sql.refusedByGuard("can no longer be changed", "update cc_communication set status = 'sending'" + where, org, draft.id());

        Communication another = centre().create(admin, NewCommunication.builder(CommunicationType.NOTICE, "to fail").build());
        sql.update("update cc_communication set status = 'sending'" + where, org, another.id());
        assertThat(sql.update("update cc_communication set status = 'failed', failed_at = ?, failure_reason = 'every recipient refused'"
                + where, now(), org, another.id())).as("or failed").isEqualTo(1);
    }

    @Test
    void aRecipientsDispatchRecordChangesOnlyWhilePending() {
        String where = " where organisation_id = ? and id = ?";
        Object[] row = recipientRow(draft, "unit-dispatched", "pending");
        sql.update(INSERT_RECIPIENT, row);
        Object id = row[1];
        Map<String, Object> whilePending = new LinkedHashMap<>();
        whilePending.put("dispatch_attempts", 2);
        whilePending.put("next_attempt_at", now().plusMinutes(5));
        whilePending.put("claim_token", UUID.randomUUID());
        whilePending.put("provider_message_id", "prov-early");
        whilePending.forEach((column, value) -> assertThat(sql.update("update cc_recipient set " + column + " = ?" + where, value, org, id))
                .as("%s while pending", column).isEqualTo(1));
        assertThat(sql.update("update cc_recipient set delivery_status = 'accepted', provider_message_id = 'prov-1', claim_token = null,"
                + " next_attempt_at = null, dispatch_attempts = 3" + where, org, id)).as("and with the move out of pending").isEqualTo(1);

        Map<String, Object> afterwards = new LinkedHashMap<>();
        afterwards.put("dispatch_attempts", 4);
        afterwards.put("next_attempt_at", now());
        afterwards.put("claim_token", UUID.randomUUID());
        afterwards.put("provider_message_id", "prov-forged");
        afterwards.forEach((column, value) -> sql.refusedByGuard("dispatch record", "update cc_recipient set " + column + " = ?" + where,
                value, org, id));
        sql.refusedByGuard("moves forward only: accepted to pending", "update cc_recipient set delivery_status = 'pending'" + where, org, id);
        assertThat(sql.update("update cc_recipient set delivery_status = 'delivered', delivered_at = ?" + where, now(), org, id))
                .as("delivery goes on").isEqualTo(1);
        assertThat(sql.single("select provider_message_id from cc_recipient" + where, org, id)).isEqualTo("prov-1");
        sql.refused(checkViolation(), "cc_recipient_dispatch_attempts_ck", "update cc_recipient set dispatch_attempts = -1" + where,
                org, draftRecipient.id());
    }

    // ---- 8. the library itself ---------------------------------------------------------------------------------------

    @Test
    void theLibraryWorksAsBefore() {
        CommunicationCentre centre = centre();
        centre.update(admin, draft.id(), CommunicationChanges.builder().subject("AGM 2026").notes("room 2").build());
        centre.delete(admin, draft.id());
        assertThat(recipientCount(draft)).as("a draft's recipients go with it").isZero();
        assertThat(centre.auditTrail(admin, draft.id())).as("its events stay").hasSize(4);

        List<Recipient> recipients = centre.listRecipients(admin, sent.id(), RecipientFilter.all(), PageRequest.first(10)).items();
        assertThat(centre.updateRecipientStatus(admin, recipients.get(0).id(), DeliveryStatus.DELIVERED).deliveryStatus())
                .isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(centre.updateRecipientStatus(admin, recipients.get(0).id(), DeliveryStatus.OPENED).openedAt()).isNotNull();
        assertThat(centre.updateRecipientStatus(admin, recipients.get(1).id(), DeliveryStatus.BOUNCED, "mailbox full").failureReason())
                .isEqualTo("mailbox full");
        centre.updateRecipientStatus(admin, recipients.get(2).id(), DeliveryStatus.FAILED, "no such user");
        assertThat(centre.updateRecipientStatus(admin, recipients.get(2).id(), DeliveryStatus.FAILED, "no such user"))
                .as("the same status again changes nothing").isEqualTo(firstWithId(sent, recipients.get(2).id()));
        Throwable backwards = catchThrowable(() -> centre.updateRecipientStatus(admin, recipients.get(1).id(), DeliveryStatus.DELIVERED));
        assertThat(((CommunicationCentreException) backwards).code()).isEqualTo(ErrorCode.CONFLICT);

        Communication copy = centre.duplicate(admin, sent.id(), true);
        assertThat(recipientCount(copy)).isEqualTo(4);
        assertThat(centre.list(admin, CommunicationFilter.builder().status(CommunicationStatus.SENT).build(), PageRequest.first(10)).items())
                .containsExactly(CommunicationSummary.of(sent));
        assertThat(centre.count(admin, CommunicationFilter.all())).isEqualTo(3);
        assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------------

    Object[] recipientRow(Communication communication, String unitId, String status) {
        return new Object[]{org, UUID.randomUUID(), communication.id(), unitId, 1_000L, status, now(), now()};
    }

    UUID insertPendingEvent(String organisationId) {
        UUID id = UUID.randomUUID();
        assertThat(sql.update(INSERT_PENDING_EVENT, organisationId, id, UUID.randomUUID(), now())).isEqualTo(1);
        return id;
    }

    long appendOrder(String organisationId, UUID event) {
        return sql.count("select append_order from cc_audit_event where organisation_id = ? and id = ?", organisationId, event);
    }

    long eventCount() {
        return sql.count("select count(*) from cc_audit_event where organisation_id = ?", org);
    }

    long recipientCount(Communication communication) {
        return sql.count("select count(*) from cc_recipient where organisation_id = ? and communication_id = ?", org, communication.id());
    }

    Recipient firstRecipient(Communication communication) {
        return centre().listRecipients(admin, communication.id(), RecipientFilter.all(), PageRequest.first(1)).items().get(0);
    }

    private Recipient firstWithId(Communication communication, UUID id) {
        return centre().listRecipients(admin, communication.id(), RecipientFilter.all(), PageRequest.first(10)).items().stream()
                .filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    static String hash(char c) {
        return String.valueOf(c).repeat(64);
    }
}
