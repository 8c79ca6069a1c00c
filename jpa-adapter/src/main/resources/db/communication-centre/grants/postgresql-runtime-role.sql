-- Communications Centre: the grants of the role the application runs as, on PostgreSQL (schema versions 2 to 6; V3
-- needs no grant of its own: its columns are on cc_recipient, which the role may update).
--
-- Run the migrations as the role that owns the schema, and the application as another role, with only these grants:
-- no TRUNCATE, no ownership (so no ALTER TABLE ... DISABLE TRIGGER, no DROP TRIGGER), no DELETE of audit events or
-- chain heads, and UPDATE of audit events limited to the three columns a linker sets once. The database's guards
-- (migration V2) then hold against the application's own connections too.
--
-- Run it as the schema owner after the migrations, and again after a later version's migrations, with psql:
--   psql -v cc_schema=comms -v cc_runtime_role=comms_app -f postgresql-runtime-role.sql
-- (Elsewhere, replace :"cc_schema" and :"cc_runtime_role" with the quoted names.) It is not a migration, and lives
-- outside db/communication-centre/postgresql so that no migration tool mistakes it for one.

grant usage on schema :"cc_schema" to :"cc_runtime_role";

-- Drafts are deleted; their recipients go with them through the foreign key's cascade, which PostgreSQL runs with
-- the table owner's rights, so the role needs no DELETE on cc_recipient.
grant select, insert, update, delete on :"cc_schema".cc_communication to :"cc_runtime_role";
grant select, insert, update on :"cc_schema".cc_recipient to :"cc_runtime_role";

grant select, insert on :"cc_schema".cc_audit_event to :"cc_runtime_role";
grant update (sequence, previous_hash, hash) on :"cc_schema".cc_audit_event to :"cc_runtime_role";
-- append_order's default draws from this sequence.
grant usage on sequence :"cc_schema".cc_audit_event_append_order_seq to :"cc_runtime_role";

grant select, insert on :"cc_schema".cc_audit_chain_head to :"cc_runtime_role";
grant update (last_sequence, last_hash) on :"cc_schema".cc_audit_chain_head to :"cc_runtime_role";

-- V4: the provider events seen are read and appended, never changed or deleted.
grant select, insert on :"cc_schema".cc_provider_event to :"cc_runtime_role";

-- V7: the Merkle tree's nodes and the signed checkpoints are read and appended, never changed or deleted.
grant select, insert on :"cc_schema".cc_audit_merkle_node to :"cc_runtime_role";
grant select, insert on :"cc_schema".cc_audit_checkpoint to :"cc_runtime_role";
