package io.github.commscentre.jpa;

import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 4: the schema is migrated by its owner, the application runs as a role with only the grants of the
 * shipped script (db/communication-centre/grants/postgresql-runtime-role.sql). The library works as that role, and
 * every way of getting past the guards is refused: by a missing privilege, or by a guard.
 */
class RuntimeRolePostgresTest {

    private static TestDatabase database;
    private static RuntimeRole runtimeRole;
    private static String role;
    private static DataSource asRole;
    private static JpaCommunicationStore store;

    private final String org = "org-" + UUID.randomUUID();
    private final Caller admin = Caller.admin(org, "user-1");

    @BeforeAll
    static void createRuntimeRole() {
        // The only use of the shared test helpers in this class, with centre(...) below: a schema migrated by its owner.
        database = TestDatabase.postgres();
        runtimeRole = RuntimeRole.create(database);
        role = runtimeRole.name;
        asRole = runtimeRole.dataSource;
        store = JpaCommunicationStore.standalone(asRole);
    }

    @AfterAll
    static void dropRuntimeRole() {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            if (runtimeRole != null) {
                runtimeRole.close();
            }
            database.close();
        }
    }

    @Test
    void theConnectionsActAsTheRuntimeRole() {
        assertThat(new DirectSql(asRole).single("select current_user")).isEqualTo(role);
        assertThat(new DirectSql(asRole).single("select rolsuper or rolcreaterole or rolbypassrls from pg_roles where rolname = current_user"))
                .isEqualTo(false);
    }

    @Test
    void theLibraryWorksAsTheRuntimeRoleAndNothingGetsPastTheGuards() {
        RepresentativeWorkload.Outcome outcome = RepresentativeWorkload.run(centre(), admin);
        DirectSql sql = new DirectSql(asRole);
        String owner = "must be owner";
        String denied = "permission denied";
        String byOrg = " where organisation_id = ?";

        for (String table : new String[]{"cc_communication cascade", "cc_recipient", "cc_audit_event", "cc_audit_chain_head"}) {
            sql.refused(DirectSql.NO_PRIVILEGE, denied, "truncate " + table);
        }
        sql.refused(DirectSql.NO_PRIVILEGE, owner, "alter table cc_audit_event disable trigger cc_audit_event_guard_tg");
        sql.refused(DirectSql.NO_PRIVILEGE, owner, "alter table cc_recipient disable trigger all");
        sql.refused(DirectSql.NO_PRIVILEGE, owner, "drop trigger cc_audit_event_guard_tg on cc_audit_event");
        sql.refused(DirectSql.NO_PRIVILEGE, owner, "drop table cc_audit_chain_head");
        sql.refused(DirectSql.NO_PRIVILEGE, denied, "set session_replication_role = replica");
        sql.refused(DirectSql.NO_PRIVILEGE, denied, "select cc_install_guards()");

        sql.refused(DirectSql.NO_PRIVILEGE, denied, "update cc_audit_event set actor_user_id = 'mallory'" + byOrg, org);
        sql.refusedByGuard("append-only", "update cc_audit_event set hash = previous_hash" + byOrg + " and sequence = 1", org);
        sql.refused(DirectSql.NO_PRIVILEGE, denied, "delete from cc_audit_event" + byOrg, org);
        sql.refusedByGuard("moves forward only", "update cc_audit_chain_head set last_sequence = 1" + byOrg, org);
        sql.refused(DirectSql.NO_PRIVILEGE, denied, "delete from cc_audit_chain_head" + byOrg, org);

        sql.refusedByGuard("can no longer be changed", "delete from cc_communication" + byOrg + " and id = ?", org, outcome.sent().id());
        sql.refusedByGuard("can no longer be changed", "update cc_communication set subject = 'x'" + byOrg + " and id = ?", org,
                outcome.sent().id());
        sql.refusedByGuard("can no longer be changed", "update cc_communication set status = 'draft', sent_at = null, sent_by = null"
                + byOrg + " and id = ?", org, outcome.sent().id());
        sql.refusedByGuard("can no longer be changed", "update cc_communication set status = 'failed'" + byOrg + " and id = ?", org,
                outcome.sent().id());
        sql.refusedByGuard("no recipient can be added", DatabaseGuardsTest.INSERT_RECIPIENT,
                org, UUID.randomUUID(), outcome.sent().id(), "unit-9", 9L, "pending", DatabaseGuardsTest.now(), DatabaseGuardsTest.now());
        sql.refused(DirectSql.NO_PRIVILEGE, denied, "delete from cc_recipient" + byOrg + " and communication_id = ?", org,
                outcome.sent().id());
        sql.refusedByGuard("moves forward only", "update cc_recipient set delivery_status = 'pending'" + byOrg + " and id = ?", org,
                outcome.bounced().id());
        sql.refused(DirectSql.NO_PRIVILEGE, denied, "update cc_audit_event set communication_id = ?" + byOrg + " and sequence = 2",
                UUID.randomUUID(), org);
        sql.refused(DirectSql.NO_PRIVILEGE, denied, "update cc_audit_event set organisation_id = 'elsewhere'" + byOrg
                + " and sequence = 2", org);
        sql.refusedByGuard("snapshot", "update cc_recipient set recipient_email = 'x@example.org'" + byOrg + " and id = ?", org,
                outcome.opened().id());

        assertThat(centre().verifyAuditTrail(admin).intact()).isTrue();
        assertThat(centre().getById(admin, outcome.sent().id()).recipientCount()).isEqualTo(3);
    }

    private CommunicationCentre centre() {
        return JpaAdapterTest.centre(store, new InMemoryPropertyDirectory().addUnits(org, "block-1", "unit-", 3));
    }
}
