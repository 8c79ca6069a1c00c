-- Communications Centre schema, version 2, PostgreSQL 12+.
--
-- 1. Audit events can be written unlinked and linked after commit: sequence, previous_hash and hash are empty
--    (pending) or all set (linked), and go from empty to set exactly once. append_order, given by the database at
--    insert time, is the order in which a linker takes an organisation's pending events.
-- 2. The database refuses what the library never does, also to the host's own SQL, also when the SQL names a
--    partition instead of the table: no TRUNCATE; no change or delete of audit events beyond linking them once; no
--    rewind of a chain head; no recipient added to or removed from a sent or failed communication; a recipient's
--    snapshot never changes; delivery status moves forward only; a sent or failed communication never changes (V1).
--
-- Every statement here, the triggers' own included, either touches one row or filters by one organisation's fixed
-- value, so that a host who distributes or partitions the tables by organisation_id keeps each call on one node.
--
-- A host that partitions the tables (or adds partitions later) calls  select cc_install_guards();  after creating the
-- partitions: statement-level triggers (TRUNCATE, recipients added or removed) fire only for the table a statement
-- names, so they are installed on every partition too. Row-level triggers are cloned to partitions by PostgreSQL.

-- Linking after commit -----------------------------------------------------------------------------------------

-- V1 refused every UPDATE of an event; linking needs one, so these go and the guard below replaces them.
drop trigger cc_audit_event_append_only_tg on cc_audit_event;
drop trigger cc_audit_event_no_truncate_tg on cc_audit_event;
drop function cc_refuse_audit_event_change();

-- Rows written under V1 are all linked, so they satisfy the new check.
alter table cc_audit_event
    alter column sequence drop not null,
    alter column previous_hash drop not null,
    alter column hash drop not null;

alter table cc_audit_event add constraint cc_audit_event_link_ck check (
    (sequence is null and previous_hash is null and hash is null)
    or (sequence is not null and previous_hash is not null and hash is not null));

-- A sequence default rather than an identity column: PostgreSQL (before 17) cannot add an identity column to a
-- partitioned table, and a default reaches every partition, also an INSERT that names a partition. Writers never
-- name the column. Rows written under V1 are numbered in the order the table is rewritten; they are linked already.
create sequence cc_audit_event_append_order_seq as bigint;
alter table cc_audit_event add column append_order bigint not null default nextval('cc_audit_event_append_order_seq');
alter sequence cc_audit_event_append_order_seq owned by cc_audit_event.append_order;

-- Pending events of one organisation in append order: what a linker reads, and nothing else.
create index cc_audit_event_pending_ix on cc_audit_event (organisation_id, append_order) where sequence is null;

-- Guards, row level ----------------------------------------------------------------------------------------------

-- The one UPDATE an event allows: linking a pending event. Every column but the three link columns is compared
-- through jsonb, so a column added by a later version is frozen too without touching this function.
create function cc_audit_event_guard() returns trigger
    language plpgsql as $$
begin
    if tg_op = 'UPDATE'
            and old.sequence is null
            and new.sequence is not null and new.previous_hash is not null and new.hash is not null
            and to_jsonb(new) - array['sequence', 'previous_hash', 'hash']
                = to_jsonb(old) - array['sequence', 'previous_hash', 'hash'] then
        return new;
    end if;
    raise exception 'audit events are append-only: % of event % refused (only linking a pending event, once, is allowed)',
        tg_op, old.id
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger cc_audit_event_guard_tg
    before update or delete on cc_audit_event
    for each row
    execute function cc_audit_event_guard();

-- The head only moves forward. Deleting it is allowed: a linker rebuilds it from the linked events. AFTER, not BEFORE:
-- the library appends a single event and moves the head in one statement, so a writer that appends a taken sequence
-- moves the head back in the statement whose insert breaks the unique (organisation_id, sequence); that violation,
-- which the library reports as CONFLICT, must be the error it sees.
create function cc_refuse_chain_head_rewind() returns trigger
    language plpgsql as $$
begin
    raise exception 'the audit chain head of % moves forward only: % (%) to % (%) refused',
        old.organisation_id, old.last_sequence, old.last_hash, new.last_sequence, new.last_hash
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger cc_audit_chain_head_forward_tg
    after update on cc_audit_chain_head
    for each row when (
        new.organisation_id is distinct from old.organisation_id
        or new.last_sequence < old.last_sequence
        or (new.last_sequence = old.last_sequence and new.last_hash is distinct from old.last_hash))
    execute function cc_refuse_chain_head_rewind();

-- V1 fixed a recipient's snapshot only once its communication was finished, looking the communication up for each
-- row. The library never changes a snapshot at all, so now it is fixed from the start and no look-up is needed.
drop trigger cc_recipient_snapshot_tg on cc_recipient;
drop function cc_refuse_finished_recipient_change();

create function cc_refuse_recipient_snapshot_change() returns trigger
    language plpgsql as $$
begin
    raise exception 'recipient % is a snapshot: who, which unit, in which order, added when and by whom never change', old.id
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger cc_recipient_snapshot_tg
    before update on cc_recipient
    for each row when (
        new.organisation_id is distinct from old.organisation_id
        or new.id is distinct from old.id
        or new.communication_id is distinct from old.communication_id
        or new.unit_id is distinct from old.unit_id
        or new.position is distinct from old.position
        or new.recipient_name is distinct from old.recipient_name
        or new.recipient_email is distinct from old.recipient_email
        or new.added_at is distinct from old.added_at
        or new.added_by is distinct from old.added_by)
    execute function cc_refuse_recipient_snapshot_change();

-- Forward only, so a late or replayed provider event, or a hand-written UPDATE, cannot erase what is known. The same
-- status again is no move. The whole rule is in the WHEN clause: an allowed update never calls the function.
create function cc_refuse_delivery_status_rewind() returns trigger
    language plpgsql as $$
begin
    raise exception 'delivery status of recipient % moves forward only: % to % refused', old.id, old.delivery_status,
        new.delivery_status
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger cc_recipient_status_forward_tg
    before update on cc_recipient
    for each row when (
        new.delivery_status is distinct from old.delivery_status
        and not (old.delivery_status = 'pending' and new.delivery_status in ('delivered', 'opened', 'bounced', 'failed'))
        and not (old.delivery_status = 'delivered' and new.delivery_status in ('opened', 'bounced', 'failed')))
    execute function cc_refuse_delivery_status_rewind();

-- A sent or failed communication never changes: V1's cc_communication_finished_tg stays as it is.

-- Guards, statement level ----------------------------------------------------------------------------------------

create function cc_refuse_truncate() returns trigger
    language plpgsql as $$
begin
    raise exception 'TRUNCATE % refused: Communications Centre records are append-only history', tg_table_name
        using errcode = 'integrity_constraint_violation';
end;
$$;

-- Recipients added to or removed from a finished communication. Statement level with a transition table, so that
-- adding or deleting 50,000 recipients costs one check per statement, not one per row. The check runs once per
-- organisation in the statement (normally one), with that organisation as a fixed value. FOR SHARE waits for a
-- concurrent markSent and then sees its outcome, so the check cannot be raced; in the library's own calls the
-- communication is already locked by the same transaction and this costs nothing more.
create function cc_refuse_recipient_insert_into_finished() returns trigger
    language plpgsql
    set search_path from current
    as $$
declare
    org cc_recipient.organisation_id%type;
    target record;
begin
    for org in select distinct i.organisation_id from inserted_recipients i loop
        for target in
            select c.id, c.status from cc_communication c
            where c.organisation_id = org
              and c.id in (select i.communication_id from inserted_recipients i where i.organisation_id = org)
            for share of c
        loop
            if target.status in ('sent', 'failed') then
                raise exception 'communication % is %: no recipient can be added to it', target.id, target.status
                    using errcode = 'integrity_constraint_violation';
            end if;
        end loop;
    end loop;
    return null;
end;
$$;

-- Replaces V1's body, which joined the transition table to cc_communication without an organisation value: on a
-- table distributed or partitioned by organisation that read every organisation's communications. Deleting a draft
-- cascades to its recipients after the draft's row is gone, so the draft is not found and the delete goes ahead.
create or replace function cc_refuse_finished_recipient_delete() returns trigger
    language plpgsql
    set search_path from current
    as $$
declare
    org cc_recipient.organisation_id%type;
    target record;
begin
    for org in select distinct d.organisation_id from deleted_recipients d loop
        for target in
            select c.id, c.status from cc_communication c
            where c.organisation_id = org
              and c.id in (select d.communication_id from deleted_recipients d where d.organisation_id = org)
            for share of c
        loop
            if target.status in ('sent', 'failed') then
                raise exception 'communication % is %: its recipients cannot be deleted', target.id, target.status
                    using errcode = 'integrity_constraint_violation';
            end if;
        end loop;
    end loop;
    return null;
end;
$$;

-- Installs the statement-level guards on the four tables and on every partition of them, skipping those already
-- there, so it can be called again whenever a host has added partitions. Only the tables' owner can run it.
create function cc_install_guards() returns void
    language plpgsql
    set search_path from current
    as $$
declare
    rel regclass;
begin
    for rel in select cc_table_and_partitions(root)
               from unnest(array['cc_communication', 'cc_recipient', 'cc_audit_event', 'cc_audit_chain_head']::regclass[]) as root
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

-- The table itself (pg_partition_tree gives nothing for a table that is not partitioned) and all its partitions, at
-- every level.
create function cc_table_and_partitions(root regclass) returns setof regclass
    language sql
    stable
    as $$
    select root
    union
    select t.relid from pg_partition_tree(root) as t
$$;

-- CREATE OR REPLACE TRIGGER needs PostgreSQL 14; this works from 12.
create function cc_install_trigger(rel regclass, name text, definition text) returns void
    language plpgsql
    set search_path from current
    as $$
begin
    if not exists (select 1 from pg_trigger where tgrelid = rel and tgname = name and not tgisinternal) then
        execute format('create trigger %I ', name) || format(definition, rel);
    end if;
end;
$$;

revoke all on function cc_install_guards() from public;
revoke all on function cc_install_trigger(regclass, text, text) from public;
revoke all on function cc_table_and_partitions(regclass) from public;

select cc_install_guards();
