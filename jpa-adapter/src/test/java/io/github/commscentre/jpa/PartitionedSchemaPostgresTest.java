package io.github.commscentre.jpa;

import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.StoreTransaction;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rehearsal of a host that distributes the tables by organisation (Citus, issue 12): V1 with only
 * {@code PARTITION BY HASH (organisation_id)} added to each table and 8 partitions each, then V2 to V4 applied by
 * Flyway as shipped. One organisation's workload through the facade and the dispatcher's store operations, the guards'
 * own statements included, touches only that organisation's partition of each table (pg_stat_user_tables before and
 * after); and the guards hold when SQL names a partition instead of the table.
 */
class PartitionedSchemaPostgresTest {

    private static final int PARTITIONS = 8;
    private static final List<String> TABLES = List.of("cc_communication", "cc_recipient", "cc_audit_event", "cc_audit_chain_head");

    private static PartitionedSchema schema;
    private static DirectSql sql;

    private final String org = "org-" + UUID.randomUUID();
    private final Caller admin = Caller.admin(org, "user-1");

    @BeforeAll
    static void createPartitionedSchemaAndApplyTheLaterVersions() {
        schema = PartitionedSchema.create(PARTITIONS, TABLES);
        sql = new DirectSql(schema.dataSource());
        MigrateResult later = Flyway.configure().dataSource(schema.dataSource()).schemas(schema.name())
                .locations("classpath:db/communication-centre/postgresql")
                .baselineOnMigrate(true).baselineVersion("1")
                .load().migrate();
        // V4 creates cc_provider_event as a plain table here; a host that distributes the tables partitions it too.
        // V5 adds columns, which a partitioned table passes on to every partition.
        // V6 is H2's alone; PostgreSQL goes from V5 to V7.
        assertThat(later.migrationsExecuted).isEqualTo(5);
        assertThat(later.targetSchemaVersion).isEqualTo("7");
    }

    @AfterAll
    static void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void theGuardsAreOnEveryPartition() {
        Map<String, List<String>> triggers = Map.of(
                "cc_communication", List.of("cc_no_truncate_tg", "cc_communication_finished_tg", "cc_communication_sending_tg",
                        "cc_communication_sending_delete_tg"),
                "cc_recipient", List.of("cc_no_truncate_tg", "cc_recipient_insert_tg", "cc_recipient_delete_tg",
                        "cc_recipient_snapshot_tg", "cc_recipient_status_forward_tg", "cc_recipient_dispatch_tg"),
                "cc_audit_event", List.of("cc_no_truncate_tg", "cc_audit_event_guard_tg"),
                "cc_audit_chain_head", List.of("cc_no_truncate_tg", "cc_audit_chain_head_forward_tg"));
        String onLeaves = "select count(*) from pg_partition_tree(cast(? as regclass)) t join pg_trigger g on g.tgrelid = t.relid"
                + " where t.isleaf and g.tgname = ?";
        triggers.forEach((table, names) -> names.forEach(trigger ->
                assertThat(sql.count(onLeaves, table, trigger)).as("%s on the partitions of %s", trigger, table).isEqualTo(PARTITIONS)));
    }

    @Test
    void oneOrganisationsWorkloadTouchesOnlyItsOwnPartitions() {
        for (int i = 0; i < 12; i++) {
            // Other organisations' rows in (very likely) every partition, so that a stray scan would have work to do.
            String other = "org-other-" + i + "-" + UUID.randomUUID();
            try (JpaCommunicationStore store = JpaCommunicationStore.standalone(schema.dataSource())) {
                RepresentativeWorkload.run(centre(store, other, 3), Caller.admin(other, "user-1"));
            }
        }
        Map<String, long[]> before = schema.settledTableStatistics();

        try (JpaCommunicationStore store = JpaCommunicationStore.standalone(schema.dataSource())) {
            RepresentativeWorkload.run(centre(store, org, 20), admin);
            dispatch(store, centre(store, org, 20));
        }
        Map<String, long[]> after = schema.settledTableStatistics();

        Map<String, String> own = new TreeMap<>();
        for (String table : TABLES) {
            own.put(table, schema.partitionOf(table, org));
        }
        Map<String, long[]> touched = new TreeMap<>();
        after.forEach((partition, counters) -> {
            long[] delta = new long[counters.length];
            for (int i = 0; i < counters.length; i++) {
                delta[i] = counters[i] - before.get(partition)[i];
            }
            if (java.util.Arrays.stream(delta).anyMatch(d -> d != 0)) {
                touched.put(partition, delta);
            }
        });
        System.out.println("PARTITIONED one organisation's workload touched " + touched.size() + " of " + after.size()
                + " partitions " + touched.keySet() + " (own: " + own.values() + ")");
        assertThat(touched.keySet()).as("partitions with any scan or row change").containsExactlyInAnyOrderElementsOf(own.values());
        // seq_scan, idx_scan, n_tup_ins, n_tup_upd, n_tup_del
        assertThat(touched.get(own.get("cc_communication"))[2]).isEqualTo(4);
        assertThat(touched.get(own.get("cc_recipient"))[2]).isEqualTo(60);
        assertThat(touched.get(own.get("cc_recipient"))[3]).as("claims and outcomes among the updates").isGreaterThanOrEqualTo(6);
        assertThat(touched.get(own.get("cc_recipient"))[4]).as("the deleted draft's recipients").isEqualTo(20);
        assertThat(touched.get(own.get("cc_audit_chain_head"))[3]).isPositive();
    }

    @Test
    void theGuardsHoldWhenSqlNamesAPartition() {
        Communication sent;
        try (JpaCommunicationStore store = JpaCommunicationStore.standalone(schema.dataSource())) {
            CommunicationCentre centre = centre(store, org, 3);
            Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "sent").blockId("block-1").build());
            centre.addBlockRecipients(admin, c.id());
            sent = centre.markSent(admin, c.id());
        }
        String recipients = schema.partitionOf("cc_recipient", org);
        String events = schema.partitionOf("cc_audit_event", org);

        sql.refusedByGuard("cannot be deleted", "delete from " + recipients + " where organisation_id = ? and communication_id = ?",
                org, sent.id());
        sql.refusedByGuard("no recipient can be added", "insert into " + recipients + " (organisation_id, id, communication_id, unit_id,"
                + " position, recipient_name, recipient_email, delivery_status, added_at, updated_at, added_by)"
                + " values (?, ?, ?, 'unit-9', 9, 'n', 'e', 'pending', now(), now(), 'sql')", org, UUID.randomUUID(), sent.id());
        sql.refusedByGuard("snapshot", "update " + recipients + " set recipient_email = 'x@example.org' where organisation_id = ?", org);
        sql.refusedByGuard("append-only", "delete from " + events + " where organisation_id = ?", org);
        sql.refusedByGuard("moves forward only", "update " + schema.partitionOf("cc_audit_chain_head", org)
                + " set last_sequence = 0 where organisation_id = ?", org);
        sql.refusedByGuard("can no longer be changed", "update " + schema.partitionOf("cc_communication", org)
                + " set subject = 'x' where organisation_id = ?", org);
        for (String table : TABLES) {
            String another = schema.anotherPartitionThan(table, org);
            sql.refusedByGuard("append-only", "truncate " + another + (table.equals("cc_communication") ? " cascade" : ""));
        }
        assertThat(sql.count("select count(*) from " + recipients + " where organisation_id = ?", org)).isEqualTo(3);

        Communication sending;
        try (JpaCommunicationStore store = JpaCommunicationStore.standalone(schema.dataSource())) {
            sending = centre(store, org, 3).create(admin, NewCommunication.builder(CommunicationType.NOTICE, "sending").build());
        }
        String communications = schema.partitionOf("cc_communication", org);
        String byId = " where organisation_id = ? and id = ?";
        sql.update("update " + communications + " set status = 'sending'" + byId, org, sending.id());
        sql.refusedByGuard("is being sent", "update " + communications + " set subject = 'x'" + byId, org, sending.id());
        sql.refusedByGuard("cannot be deleted", "delete from " + communications + byId, org, sending.id());
        UUID recipient = (UUID) sql.column("select id from " + recipients + " where organisation_id = ? and communication_id = ?",
                org, sent.id()).get(0);
        sql.update("update " + recipients + " set delivery_status = 'accepted', provider_message_id = 'prov-1'" + byId, org, recipient);
        sql.refusedByGuard("dispatch record", "update " + recipients + " set provider_message_id = 'forged'" + byId, org, recipient);
        sql.refusedByGuard("moves forward only", "update " + recipients + " set delivery_status = 'pending'" + byId, org, recipient);
    }

    @Test
    void aPartitionAddedLaterIsGuardedOnceTheHostCallsInstallGuards() {
        String table = "cc_audit_event";
        String replaced = schema.anotherPartitionThan(table, org);
        long remainder = Long.parseLong(replaced.substring(replaced.lastIndexOf('p') + 1));
        String added = table + "_new" + remainder;
        sql.update("alter table " + table + " detach partition " + replaced);
        sql.update("create table " + added + " partition of " + table + " for values with (modulus " + PARTITIONS
                + ", remainder " + remainder + ")");
        String statementTriggers = "select count(*) from pg_trigger where tgrelid = cast(? as regclass) and tgname = 'cc_no_truncate_tg'";
        assertThat(sql.count(statementTriggers, added)).as("statement triggers are not cloned").isZero();
        assertThat(sql.count("select count(*) from pg_trigger where tgrelid = cast(? as regclass) and tgname = 'cc_audit_event_guard_tg'",
                added)).as("row triggers are").isEqualTo(1);

        sql.single("select cc_install_guards()");

        assertThat(sql.count(statementTriggers, added)).isEqualTo(1);
        sql.refusedByGuard("append-only", "truncate " + added);
        sql.single("select cc_install_guards()");
        assertThat(sql.count(statementTriggers, added)).as("calling it again adds nothing").isEqualTo(1);
    }

    /**
     * What the dispatcher asks of the store for one communication, through the store (the facade does not dispatch yet):
     * it is sent, falls due, three recipients are claimed and their outcomes recorded.
     */
    private void dispatch(JpaCommunicationStore store, CommunicationCentre centre) {
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "dispatched").blockId("block-1").build());
        centre.addBlockRecipients(admin, c.id());
        Communication current = centre.getById(admin, c.id()).communication();
        Communication sending = current.toBuilder().status(CommunicationStatus.SENDING).version(current.version() + 1).build();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID claim = UUID.randomUUID();
        store.write(org, tx -> {
            assertThat(tx.updateCommunication(sending, current.version())).isTrue();
            return null;
        });
        assertThat(store.write(org, (StoreTransaction tx) -> tx.dueCommunications(now, 10))).extracting(Communication::id).contains(c.id());
        List<Recipient> claimed = store.write(org, tx -> tx.claimRecipients(c.id(), now, claim, now.plusSeconds(60), 3));
        assertThat(claimed).hasSize(3);
        List<Recipient> accepted = claimed.stream().map(r -> r.withDelivery(DeliveryStatus.ACCEPTED, null, null, null, now)
                .withDispatch("provider-" + r.id(), r.dispatchAttempts(), null)).toList();
        assertThat(store.write(org, (StoreTransaction tx) -> tx.recordDispatchOutcomes(claim, accepted))).hasSize(3);
    }

    /** The only use of the shared test helpers in this class: the facade over a store, with units for one organisation. */
    private static CommunicationCentre centre(JpaCommunicationStore store, String organisationId, int units) {
        return JpaAdapterTest.centre(store, new InMemoryPropertyDirectory().addUnits(organisationId, "block-1", "unit-", units));
    }
}
