-- Communications Centre schema, version 5, H2 2.x: what letters need. The same change as the PostgreSQL script:
--
-- 1. A recipient keeps the leaseholder's postal address as it was when the unit was added (address lines joined by line
--    feeds, town, postcode, country). H2 counts UTF-16 units, so the columns are twice as wide (see V1).
-- 2. A communication keeps when the dispatcher's sending began: the date its letters carry.
-- 3. Guards, through trigger classes of package io.github.commscentre.jpa.h2guard: the address never changes;
--    sending_started_at, once set, never changes.

alter table cc_recipient add column address_lines    character varying(806);
alter table cc_recipient add column address_town     character varying(200);
alter table cc_recipient add column address_postcode character varying(200);
alter table cc_recipient add column address_country  character varying(200);

alter table cc_communication add column sending_started_at timestamp(6) with time zone;

create trigger cc_recipient_address_tg before update on cc_recipient for each row
    call 'io.github.commscentre.jpa.h2guard.AddressSnapshotGuard';

create trigger cc_communication_sending_started_tg before update on cc_communication for each row
    call 'io.github.commscentre.jpa.h2guard.SendingStartedGuard';
