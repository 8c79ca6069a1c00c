-- Communications Centre schema, version 2, H2 2.x. The same change as the PostgreSQL script, as far as H2 allows:
--
-- 1. Audit events can be written unlinked and linked after commit: sequence, previous_hash and hash are empty
--    (pending) or all set (linked), and go from empty to set exactly once. append_order, given by the database at
--    insert time, is the order in which a linker takes an organisation's pending events.
-- 2. The database refuses what the library never does, also to the host's own SQL. H2's triggers are Java classes,
--    shipped in the adapter's jar (package io.github.commscentre.jpa.h2guard), so H2 must be on the classpath that
--    runs this migration, as it is wherever an H2 database is used. Differences from PostgreSQL, all because of H2:
--    TRUNCATE fires no trigger, so a table that a foreign key references refuses it instead (cc_h2_no_truncate);
--    the check that no recipient joins a finished communication takes no lock, so a direct INSERT racing a
--    concurrent markSent is not refused (the library's own calls hold the lock); an admin can switch the guards off
--    for the session with  SET @cc_guards = 'off'  (for tests that tamper on purpose), and could drop them anyway.

-- Linking after commit -----------------------------------------------------------------------------------------

-- Rows written under V1 are all linked, so they satisfy the new check.
alter table cc_audit_event alter column sequence set null;
alter table cc_audit_event alter column previous_hash set null;
alter table cc_audit_event alter column hash set null;

alter table cc_audit_event add constraint cc_audit_event_link_ck check (
    (sequence is null and previous_hash is null and hash is null)
    or (sequence is not null and previous_hash is not null and hash is not null));

-- Rows written under V1 are numbered in the table's order; they are linked already. Writers never name the column.
alter table cc_audit_event add column append_order bigint generated always as identity;

-- No partial indexes in H2: the unique (organisation_id, sequence) index finds an organisation's pending events
-- (sequence is null, and NULLs never collide in it), which H2 then sorts by append_order.

-- Guards ---------------------------------------------------------------------------------------------------------

create trigger cc_communication_finished_tg before update, delete on cc_communication for each row
    call 'io.github.commscentre.jpa.h2guard.FinishedCommunicationGuard';

create trigger cc_recipient_snapshot_tg before update on cc_recipient for each row
    call 'io.github.commscentre.jpa.h2guard.RecipientSnapshotGuard';

create trigger cc_recipient_status_forward_tg before update on cc_recipient for each row
    call 'io.github.commscentre.jpa.h2guard.DeliveryStatusGuard';

create trigger cc_recipient_finished_tg before insert, delete on cc_recipient for each row
    call 'io.github.commscentre.jpa.h2guard.FinishedCommunicationRecipientsGuard';

create trigger cc_audit_event_guard_tg before update, delete on cc_audit_event for each row
    call 'io.github.commscentre.jpa.h2guard.AuditEventGuard';

create trigger cc_audit_chain_head_forward_tg before update on cc_audit_chain_head for each row
    call 'io.github.commscentre.jpa.h2guard.ChainHeadGuard';

-- H2 refuses to TRUNCATE a table that a foreign key references, and fires no trigger on TRUNCATE: this table, which
-- its check keeps empty forever, references all four. It costs an index look-up in an empty table per deleted row.
create table cc_h2_no_truncate (
    communication_organisation_id character varying(200),
    communication_id              uuid,
    recipient_organisation_id     character varying(200),
    recipient_id                  uuid,
    event_organisation_id         character varying(200),
    event_id                      uuid,
    head_organisation_id          character varying(200),
    constraint cc_h2_no_truncate_empty_ck check (false),
    constraint cc_h2_no_truncate_communication_fk foreign key (communication_organisation_id, communication_id)
        references cc_communication (organisation_id, id),
    constraint cc_h2_no_truncate_recipient_fk foreign key (recipient_organisation_id, recipient_id)
        references cc_recipient (organisation_id, id),
    constraint cc_h2_no_truncate_event_fk foreign key (event_organisation_id, event_id)
        references cc_audit_event (organisation_id, id),
    constraint cc_h2_no_truncate_head_fk foreign key (head_organisation_id)
        references cc_audit_chain_head (organisation_id)
);
