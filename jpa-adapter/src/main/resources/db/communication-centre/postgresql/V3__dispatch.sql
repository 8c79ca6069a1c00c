-- Communications Centre schema, version 3, PostgreSQL 12+: what the library's dispatcher needs.
--
-- 1. A communication can be 'sending' (the dispatcher is sending it), and a recipient 'accepted' (a provider took the
--    message; between pending and delivered). Audit events can say the dispatcher began, and what a batch did.
-- 2. A recipient keeps its dispatch record: the provider's message id, how many times it was handed to a channel, when
--    the dispatcher may take it up again, and the token of the claim that holds it (the store's own business, never
--    part of the record the library sees).
-- 3. Indexes for the dispatcher's three look-ups: the communications due, the next recipients to claim, and (later) a
--    provider's webhook naming its message id.
-- 4. The guards follow: 'accepted' sits between pending and delivered; a sending communication only finishes, its
--    content fixed, and is never deleted; its recipient list is fixed as a finished one's is; a recipient's dispatch
--    record changes only while it is pending.
--
-- As in V2, every statement here, the triggers' own included, touches one row or filters by one organisation's fixed
-- value. No new statement-level trigger: a host that partitioned the tables needs no cc_install_guards() call for V3.

-- Statuses -----------------------------------------------------------------------------------------------------

-- Each new list holds the old one, so every stored row passes the new check.
alter table cc_communication drop constraint cc_communication_status_ck;
alter table cc_communication add constraint cc_communication_status_ck
    check (status in ('draft', 'scheduled', 'sending', 'sent', 'failed'));

alter table cc_recipient drop constraint cc_recipient_delivery_status_ck;
alter table cc_recipient add constraint cc_recipient_delivery_status_ck
    check (delivery_status in ('pending', 'accepted', 'delivered', 'opened', 'bounced', 'failed'));

-- The dispatcher's audit events: when it began, and each batch of outcomes.
alter table cc_audit_event drop constraint cc_audit_event_type_ck;
alter table cc_audit_event add constraint cc_audit_event_type_ck check (event_type in ('created', 'updated', 'scheduled',
    'unscheduled', 'dispatch_started', 'dispatch_batch', 'sent', 'failed', 'deleted', 'recipients_added',
    'recipient_status_changed', 'duplicated'));

-- The dispatch record ----------------------------------------------------------------------------------------------

-- provider_message_id: 500 characters hold every provider's id we know of (SMTP Message-IDs included, which are
-- rarely over 250) and keep the index below within PostgreSQL's limit for one index entry (2,704 bytes: 500
-- characters of 4 bytes, plus the organisation id). Constant defaults: no table rewrite on PostgreSQL 11+.
alter table cc_recipient
    add column provider_message_id varchar(500),
    add column dispatch_attempts   integer not null default 0,
    add column next_attempt_at     timestamp(6) with time zone,
    add column claim_token         uuid;

alter table cc_recipient add constraint cc_recipient_dispatch_attempts_ck check (dispatch_attempts >= 0);

-- Indexes --------------------------------------------------------------------------------------------------------

-- The next recipients to claim, in position order, and nothing else: a recipient leaves this index when it leaves
-- pending. No index names dispatch_attempts, next_attempt_at or claim_token, so a claim, which changes only those,
-- can be a HOT update.
create index cc_recipient_claim_ix on cc_recipient (organisation_id, communication_id, position, id)
    where delivery_status = 'pending';

-- A provider's webhook names its message id: found within the organisation, among the recipients that have one.
create index cc_recipient_provider_message_ix on cc_recipient (organisation_id, provider_message_id)
    where provider_message_id is not null;

-- The communications that may be due: sending ones and scheduled ones, a small part of the table. Serves the
-- organisation's look-up and, read whole, the one look-up across organisations (which organisations have any).
create index cc_communication_due_ix on cc_communication (organisation_id, status, scheduled_at)
    where status in ('sending', 'scheduled');

-- Guards: communications -------------------------------------------------------------------------------------------

-- V1's cc_communication_finished_tg stays: a sent or failed communication never changes. A sending one only finishes:
-- it becomes sent or failed (or stays sending), with its content, scope and creation unchanged, and is never deleted.
create function cc_refuse_sending_communication_change() returns trigger
    language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'communication % is being sent: it cannot be deleted', old.id
            using errcode = 'integrity_constraint_violation';
    end if;
    raise exception 'communication % is being sent: it can only become sent or failed, its content unchanged (% to % refused)',
        old.id, old.status, new.status
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger cc_communication_sending_tg
    before update on cc_communication
    for each row when (old.status = 'sending' and (
        new.status not in ('sending', 'sent', 'failed')
        or new.organisation_id is distinct from old.organisation_id
        or new.id is distinct from old.id
        or new.communication_type is distinct from old.communication_type
        or new.subject is distinct from old.subject
        or new.body_html is distinct from old.body_html
        or new.block_id is distinct from old.block_id
        or new.unit_id is distinct from old.unit_id
        or new.channel is distinct from old.channel
        or new.created_by is distinct from old.created_by
        or new.created_at is distinct from old.created_at))
    execute function cc_refuse_sending_communication_change();

create trigger cc_communication_sending_delete_tg
    before delete on cc_communication
    for each row when (old.status = 'sending')
    execute function cc_refuse_sending_communication_change();

-- Guards: the recipient list -----------------------------------------------------------------------------------------

-- V2's bodies with 'sending' among the refused statuses: while the dispatcher sends a communication, its recipient
-- list is as fixed as a finished one's. Same names, so the statement triggers cc_install_guards() installed keep
-- calling them.
create or replace function cc_refuse_recipient_insert_into_finished() returns trigger
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
            if target.status in ('sending', 'sent', 'failed') then
                raise exception 'communication % is %: no recipient can be added to it', target.id, target.status
                    using errcode = 'integrity_constraint_violation';
            end if;
        end loop;
    end loop;
    return null;
end;
$$;

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
            if target.status in ('sending', 'sent', 'failed') then
                raise exception 'communication % is %: its recipients cannot be deleted', target.id, target.status
                    using errcode = 'integrity_constraint_violation';
            end if;
        end loop;
    end loop;
    return null;
end;
$$;

-- Guards: a recipient's delivery ----------------------------------------------------------------------------------

-- V2's rule with 'accepted' between pending and delivered. The rule is the trigger's WHEN clause, so the trigger is
-- replaced; the function that raises stays. Dropping it on a partitioned table drops its clones, creating it clones it.
drop trigger cc_recipient_status_forward_tg on cc_recipient;

create trigger cc_recipient_status_forward_tg
    before update on cc_recipient
    for each row when (
        new.delivery_status is distinct from old.delivery_status
        and not (old.delivery_status = 'pending'
                 and new.delivery_status in ('accepted', 'delivered', 'opened', 'bounced', 'failed'))
        and not (old.delivery_status = 'accepted' and new.delivery_status in ('delivered', 'opened', 'bounced', 'failed'))
        and not (old.delivery_status = 'delivered' and new.delivery_status in ('opened', 'bounced', 'failed')))
    execute function cc_refuse_delivery_status_rewind();

-- The dispatch record changes while the recipient is pending (claims, try-later answers) and in the update that takes
-- it out of pending (the provider's message id comes with 'accepted'); after that it is fixed, as the delivery it
-- led to. Decided on the row alone, as V2's recipient guards are: no look-up of the communication per row.
create function cc_refuse_dispatch_record_change() returns trigger
    language plpgsql as $$
begin
    raise exception 'recipient % is %: its dispatch record (provider message id, attempts, next attempt, claim) changes only while it is pending',
        old.id, old.delivery_status
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger cc_recipient_dispatch_tg
    before update on cc_recipient
    for each row when (
        old.delivery_status <> 'pending'
        and (new.provider_message_id is distinct from old.provider_message_id
             or new.dispatch_attempts is distinct from old.dispatch_attempts
             or new.next_attempt_at is distinct from old.next_attempt_at
             or new.claim_token is distinct from old.claim_token))
    execute function cc_refuse_dispatch_record_change();
