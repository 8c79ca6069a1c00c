-- Temporary: events linked after commit (superseded by the guards migration).
alter table cc_audit_event alter column sequence drop not null;
alter table cc_audit_event alter column previous_hash drop not null;
alter table cc_audit_event alter column hash drop not null;
alter table cc_audit_event add column append_order bigint generated always as identity;
alter table cc_audit_event add constraint cc_audit_event_link_ck check (
    (sequence is null and previous_hash is null and hash is null)
    or (sequence is not null and previous_hash is not null and hash is not null));
create index cc_audit_event_pending_ix on cc_audit_event (organisation_id, append_order) where sequence is null;

create or replace function cc_refuse_audit_event_change() returns trigger
    language plpgsql as $$
begin
    if tg_op = 'UPDATE' and old.sequence is null and new.sequence is not null
       and new.previous_hash is not null and new.hash is not null
       and new.organisation_id = old.organisation_id and new.id = old.id
       and new.communication_id = old.communication_id and new.recipient_id is not distinct from old.recipient_id
       and new.event_type = old.event_type and new.actor_user_id = old.actor_user_id
       and new.occurred_at = old.occurred_at and new.details = old.details and new.unit_ids = old.unit_ids
       and new.append_order = old.append_order then
        return new;
    end if;
    raise exception 'audit events are append-only: % refused', tg_op
        using errcode = 'integrity_constraint_violation';
end;
$$;
