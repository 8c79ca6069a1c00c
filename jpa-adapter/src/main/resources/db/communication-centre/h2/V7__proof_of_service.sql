-- Communications Centre schema, version 7, H2 2.x: proof of service. The same change as the PostgreSQL script, as far
-- as H2 allows:
--
-- 1. cc_audit_merkle_node: the hash of every complete subtree of 16 leaves or more of each organisation's Merkle tree.
-- 2. cc_audit_checkpoint: the signed checkpoints of each chain. The private key is never stored.
-- 3. A new event type, personal_data_erased; a recipient's name, email and postal address may be set to NULL, all
--    together, once such an event for that recipient exists (a trigger class replaces the snapshot guards of V2 and V5).
-- 4. Guards: nodes and checkpoints never change and are never deleted (a trigger class); no TRUNCATE (H2 fires no
--    trigger on TRUNCATE: V2's always-empty cc_h2_no_truncate references both tables too).
--
-- H2 counts UTF-16 units, so the organisation id's column is twice as wide (see V1).

create table cc_audit_merkle_node (
    organisation_id character varying(200) not null,
    tree_level      smallint               not null,
    node_index      bigint                 not null,
    hash            character varying(64)  not null,
    constraint cc_audit_merkle_node_pk primary key (organisation_id, tree_level, node_index),
    constraint cc_audit_merkle_node_key_ck check (tree_level between 1 and 62 and node_index >= 0)
);

create table cc_audit_checkpoint (
    organisation_id character varying(200) not null,
    tree_size       bigint                 not null,
    root_hash       character varying(64)  not null,
    signed_at       timestamp(6) with time zone not null,
    key_fingerprint character varying(64)  not null,
    signature       character varying(200) not null,
    constraint cc_audit_checkpoint_pk primary key (organisation_id, tree_size),
    constraint cc_audit_checkpoint_size_ck check (tree_size >= 0)
);

alter table cc_audit_event drop constraint cc_audit_event_type_ck;
-- Written with array_contains, as V6 rewrote the check: H2 2.4 binds an "in (...)" check to the creating session.
alter table cc_audit_event add constraint cc_audit_event_type_ck
    check (array_contains(array['created', 'updated', 'scheduled', 'unscheduled', 'dispatch_started', 'dispatch_batch',
        'sent', 'failed', 'deleted', 'recipients_added', 'recipient_status_changed', 'duplicated',
        'personal_data_erased'], event_type));

-- Guards ---------------------------------------------------------------------------------------------------------

create trigger cc_audit_merkle_node_guard_tg before update, delete on cc_audit_merkle_node for each row
    call 'io.github.commscentre.jpa.h2guard.ProofGuard';

create trigger cc_audit_checkpoint_guard_tg before update, delete on cc_audit_checkpoint for each row
    call 'io.github.commscentre.jpa.h2guard.ProofGuard';

drop trigger cc_recipient_snapshot_tg;
drop trigger cc_recipient_address_tg;

create trigger cc_recipient_snapshot_tg before update on cc_recipient for each row
    call 'io.github.commscentre.jpa.h2guard.ErasableSnapshotGuard';

alter table cc_h2_no_truncate add column merkle_node_organisation_id character varying(200);
alter table cc_h2_no_truncate add column merkle_node_tree_level smallint;
alter table cc_h2_no_truncate add column merkle_node_index bigint;
alter table cc_h2_no_truncate add constraint cc_h2_no_truncate_merkle_node_fk
    foreign key (merkle_node_organisation_id, merkle_node_tree_level, merkle_node_index)
    references cc_audit_merkle_node (organisation_id, tree_level, node_index);
alter table cc_h2_no_truncate add column checkpoint_organisation_id character varying(200);
alter table cc_h2_no_truncate add column checkpoint_tree_size bigint;
alter table cc_h2_no_truncate add constraint cc_h2_no_truncate_checkpoint_fk
    foreign key (checkpoint_organisation_id, checkpoint_tree_size)
    references cc_audit_checkpoint (organisation_id, tree_size);
