-- Communications Centre schema, version 6, H2 only: the same rules, written so that H2 2.4 can check them.
--
-- H2 2.4.240 (the version Spring Boot 4.0 manages) keeps a check constraint of the form "column in ('a', 'b')" bound to
-- the session that created it: once that connection is closed (Flyway's, after migrating), every insert on any other
-- connection fails with "Check constraint invalid" (error 23514). H2 2.5 does not. array_contains checks exactly the
-- same set and is evaluated in the inserting session on every H2 version, so the four constraints are created again in
-- that form. PostgreSQL has no such problem and no version 6.

alter table cc_communication drop constraint cc_communication_type_ck;
alter table cc_communication add constraint cc_communication_type_ck
    check (array_contains(array['circular', 'notice', 'demand_letter', 'agm_notice'], communication_type));

alter table cc_communication drop constraint cc_communication_status_ck;
alter table cc_communication add constraint cc_communication_status_ck
    check (array_contains(array['draft', 'scheduled', 'sending', 'sent', 'failed'], status));

alter table cc_recipient drop constraint cc_recipient_delivery_status_ck;
alter table cc_recipient add constraint cc_recipient_delivery_status_ck
    check (array_contains(array['pending', 'accepted', 'delivered', 'opened', 'bounced', 'failed'], delivery_status));

alter table cc_audit_event drop constraint cc_audit_event_type_ck;
alter table cc_audit_event add constraint cc_audit_event_type_ck
    check (array_contains(array['created', 'updated', 'scheduled', 'unscheduled', 'dispatch_started', 'dispatch_batch',
        'sent', 'failed', 'deleted', 'recipients_added', 'recipient_status_changed', 'duplicated'], event_type));
