-- Communications Centre schema, version 4, H2 2.x: provider events. The same change as the PostgreSQL script, as far
-- as H2 allows:
--
-- 1. The provider events seen, one row per organisation, provider and provider event id, naming the recipient it
--    concerned and when it was received; the key starts with organisation_id, as every key of this schema does.
-- 2. Append-only: no UPDATE or DELETE (a trigger class of package io.github.commscentre.jpa.h2guard), no TRUNCATE
--    (H2 fires no trigger on TRUNCATE: V2's always-empty cc_h2_no_truncate references this table too).
--
-- The facade counts a provider's name (at most 90) and an event id (at most 200) in UTF-16 units, as H2 does.

create table cc_provider_event (
    organisation_id   character varying(200) not null,
    provider          character varying(90)  not null,
    provider_event_id character varying(200) not null,
    recipient_id      uuid                   not null,
    received_at       timestamp(6) with time zone not null,
    constraint cc_provider_event_pk primary key (organisation_id, provider, provider_event_id)
);

create trigger cc_provider_event_append_only_tg before update, delete on cc_provider_event for each row
    call 'io.github.commscentre.jpa.h2guard.ProviderEventGuard';

alter table cc_h2_no_truncate add column provider_event_organisation_id character varying(200);
alter table cc_h2_no_truncate add column provider_event_provider character varying(90);
alter table cc_h2_no_truncate add column provider_event_id character varying(200);
alter table cc_h2_no_truncate add constraint cc_h2_no_truncate_provider_event_fk
    foreign key (provider_event_organisation_id, provider_event_provider, provider_event_id)
    references cc_provider_event (organisation_id, provider, provider_event_id);
