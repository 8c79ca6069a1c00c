-- Communications Centre schema, version 7, PostgreSQL 12+: proof of service (there is no version 6 on PostgreSQL:
-- V6 rewrote check constraints for H2 2.4 only).
--
-- 1. cc_audit_merkle_node keeps each organisation's Merkle tree over its audit chain (RFC 6962 hashing, leaf i is the
--    linked event at sequence i + 1): the hash of every complete subtree of 16 leaves or more (tree_level 4 and up,
--    node_index counted from 0 along its level), written by the linker as events are linked, about one row per 16
--    events. Leaves and the levels below 4 come from the events' own hashes, so a proof reads about 16 events and 20
--    nodes by key.
-- 2. cc_audit_checkpoint keeps the signed checkpoints of each chain: its size, its Merkle root, when, the SHA-256
--    fingerprint of the signing key and the Ed25519 signature (Base64). The private key is never stored.
-- 3. Personal data can be erased (GDPR) while the proof stays: a new event type, personal_data_erased, and a
--    recipient's name, email and postal address may be set to NULL, and only to NULL, once such an event for that
--    recipient exists. Nothing else of a recipient's snapshot ever changes (V2, V5).
-- 4. Guards: nodes and checkpoints never change, are never deleted, and their tables refuse TRUNCATE.
--
-- Every statement here, the triggers' own included, touches one row or filters by one organisation's fixed value.

create table cc_audit_merkle_node (
    organisation_id varchar(100) not null,
    tree_level      smallint     not null,
    node_index      bigint       not null,
    hash            varchar(64)  not null,
    constraint cc_audit_merkle_node_pk primary key (organisation_id, tree_level, node_index),
    constraint cc_audit_merkle_node_key_ck check (tree_level between 1 and 62 and node_index >= 0)
);

create table cc_audit_checkpoint (
    organisation_id varchar(100) not null,
    tree_size       bigint       not null,
    root_hash       varchar(64)  not null,
    signed_at       timestamp(6) with time zone not null,
    key_fingerprint varchar(64)  not null,
    signature       varchar(200) not null,
    constraint cc_audit_checkpoint_pk primary key (organisation_id, tree_size),
    constraint cc_audit_checkpoint_size_ck check (tree_size >= 0)
);

alter table cc_audit_event drop constraint cc_audit_event_type_ck;
alter table cc_audit_event add constraint cc_audit_event_type_ck check (event_type in ('created', 'updated', 'scheduled',
    'unscheduled', 'dispatch_started', 'dispatch_batch', 'sent', 'failed', 'deleted', 'recipients_added',
    'recipient_status_changed', 'duplicated', 'personal_data_erased'));

-- Guards ---------------------------------------------------------------------------------------------------------

create function cc_refuse_proof_change() returns trigger
    language plpgsql as $$
begin
    raise exception '% on % refused: Merkle tree nodes and signed checkpoints never change', tg_op, tg_table_name
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger cc_audit_merkle_node_guard_tg
    before update or delete on cc_audit_merkle_node
    for each row
    execute function cc_refuse_proof_change();

create trigger cc_audit_checkpoint_guard_tg
    before update or delete on cc_audit_checkpoint
    for each row
    execute function cc_refuse_proof_change();

-- A recipient's snapshot: V2's trigger refused any change of who, which unit, in which order, added when and by whom,
-- and of the name and email; V5's any change of the postal address. Both go; the same rule comes back in two parts, the
-- personal data apart, so that it can be erased.
drop trigger cc_recipient_snapshot_tg on cc_recipient;
drop trigger cc_recipient_address_tg on cc_recipient;

create trigger cc_recipient_snapshot_tg
    before update on cc_recipient
    for each row when (
        new.organisation_id is distinct from old.organisation_id
        or new.id is distinct from old.id
        or new.communication_id is distinct from old.communication_id
        or new.unit_id is distinct from old.unit_id
        or new.position is distinct from old.position
        or new.added_at is distinct from old.added_at
        or new.added_by is distinct from old.added_by)
    execute function cc_refuse_recipient_snapshot_change();

-- The leaseholder's name, email and address never change either, but may all be set to NULL together once the trail
-- holds a personal_data_erased event for the recipient (the library appends it in the same transaction, first).
create function cc_guard_personal_data_erasure() returns trigger
    language plpgsql
    set search_path from current
    as $$
begin
    if new.recipient_name is null and new.recipient_email is null and new.address_lines is null
            and new.address_town is null and new.address_postcode is null and new.address_country is null
            and exists (select 1 from cc_audit_event e
                        where e.organisation_id = old.organisation_id and e.communication_id = old.communication_id
                          and e.recipient_id = old.id and e.event_type = 'personal_data_erased') then
        return new;
    end if;
    raise exception 'recipient % is a snapshot: the name, email and address it was sent to never change; they can only be'
        ' erased, all together, after a personal_data_erased event', old.id
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger cc_recipient_personal_data_tg
    before update on cc_recipient
    for each row when (
        new.recipient_name is distinct from old.recipient_name
        or new.recipient_email is distinct from old.recipient_email
        or new.address_lines is distinct from old.address_lines
        or new.address_town is distinct from old.address_town
        or new.address_postcode is distinct from old.address_postcode
        or new.address_country is distinct from old.address_country)
    execute function cc_guard_personal_data_erasure();

-- V4's installer, with the two new tables among those that refuse TRUNCATE, on every partition too.
create or replace function cc_install_guards() returns void
    language plpgsql
    set search_path from current
    as $$
declare
    rel regclass;
begin
    for rel in select cc_table_and_partitions(root)
               from unnest(array['cc_communication', 'cc_recipient', 'cc_audit_event', 'cc_audit_chain_head',
                                 'cc_provider_event', 'cc_audit_merkle_node', 'cc_audit_checkpoint']::regclass[]) as root
    loop
        perform cc_install_trigger(rel, 'cc_no_truncate_tg',
            'before truncate on %s for each statement execute function cc_refuse_truncate()');
    end loop;
    for rel in select cc_table_and_partitions('cc_recipient') loop
        perform cc_install_trigger(rel, 'cc_recipient_insert_tg',
            'after insert on %s referencing new table as inserted_recipients for each statement'
            || ' execute function cc_refuse_recipient_insert_into_finished()');
        perform cc_install_trigger(rel, 'cc_recipient_delete_tg',
            'after delete on %s referencing old table as deleted_recipients for each statement'
            || ' execute function cc_refuse_finished_recipient_delete()');
    end loop;
end;
$$;

revoke all on function cc_install_guards() from public;

select cc_install_guards();
