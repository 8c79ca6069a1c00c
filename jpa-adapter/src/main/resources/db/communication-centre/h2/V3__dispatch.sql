-- Communications Centre schema, version 3, H2 2.x: what the library's dispatcher needs. The same change as the
-- PostgreSQL script, as far as H2 allows:
--
-- 1. A communication can be 'sending', a recipient 'accepted' (between pending and delivered), and an audit event
--    'dispatch_started' or 'dispatch_batch'.
-- 2. A recipient keeps its dispatch record: provider message id, attempts, next attempt, and the claim token (the
--    store's own business).
-- 3. Indexes for the dispatcher's look-ups. H2 has no partial indexes, so they are whole.
-- 4. The guards follow, through trigger classes of V3 (package io.github.commscentre.jpa.h2guard): the V2 triggers
--    whose rule changes are dropped and created again on the new classes. The V2 classes stay in the jar, since V2
--    still names them.

-- Statuses -----------------------------------------------------------------------------------------------------

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

-- 500 characters as on PostgreSQL; H2 counts UTF-16 units, so the column is twice as wide (see V1).
alter table cc_recipient add column provider_message_id character varying(1000);
alter table cc_recipient add column dispatch_attempts integer default 0 not null;
alter table cc_recipient add column next_attempt_at timestamp(6) with time zone;
alter table cc_recipient add column claim_token uuid;

alter table cc_recipient add constraint cc_recipient_dispatch_attempts_ck check (dispatch_attempts >= 0);

-- Indexes --------------------------------------------------------------------------------------------------------

-- The next recipients to claim: pending ones in (position, id) order. The claim names this index (USE INDEX): H2
-- applies FETCH FIRST before SKIP LOCKED when the select also orders, so the claim reads the index's order instead of
-- asking for one. It holds V1's cc_recipient_status_ix as a prefix, which therefore goes.
create index cc_recipient_claim_ix on cc_recipient (organisation_id, communication_id, delivery_status, position, id);
drop index cc_recipient_status_ix;

create index cc_recipient_provider_message_ix on cc_recipient (organisation_id, provider_message_id);

-- The one look-up across organisations (which have due communications). An organisation's own look-up uses V1's
-- cc_communication_status_ix.
create index cc_communication_due_ix on cc_communication (status, scheduled_at);

-- Guards -------------------------------------------------------------------------------------------------------

-- A sending communication only finishes, its content fixed, and is never deleted. V2's trigger on finished ones stays.
create trigger cc_communication_sending_tg before update, delete on cc_communication for each row
    call 'io.github.commscentre.jpa.h2guard.SendingCommunicationGuard';

-- The recipient list of a sending communication is fixed as a finished one's is.
drop trigger cc_recipient_finished_tg;
create trigger cc_recipient_finished_tg before insert, delete on cc_recipient for each row
    call 'io.github.commscentre.jpa.h2guard.FixedRecipientListGuard';

-- 'accepted' between pending and delivered.
drop trigger cc_recipient_status_forward_tg;
create trigger cc_recipient_status_forward_tg before update on cc_recipient for each row
    call 'io.github.commscentre.jpa.h2guard.DeliveryProgressGuard';

-- The dispatch record changes only while the recipient is pending (and in the update that takes it out of pending).
create trigger cc_recipient_dispatch_tg before update on cc_recipient for each row
    call 'io.github.commscentre.jpa.h2guard.DispatchRecordGuard';
