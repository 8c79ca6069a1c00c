-- Temporary: events linked after commit (superseded by the guards migration).
alter table cc_audit_event alter column sequence set null;
alter table cc_audit_event alter column previous_hash set null;
alter table cc_audit_event alter column hash set null;
alter table cc_audit_event add column append_order bigint generated always as identity;
alter table cc_audit_event add constraint cc_audit_event_link_ck check (
    (sequence is null and previous_hash is null and hash is null)
    or (sequence is not null and previous_hash is not null and hash is not null));
create index cc_audit_event_pending_ix on cc_audit_event (organisation_id, append_order);
