-- Communications Centre schema, version 5, PostgreSQL 12+: what letters need.
--
-- 1. A recipient keeps the leaseholder's postal address as it was when the unit was added, like name and email: the
--    address lines (at most four of at most 100 characters, joined by line feeds, which a line never holds), the
--    town, the postcode and the country. All empty for a recipient whose directory gave no address (and for every
--    recipient added before this version).
-- 2. A communication keeps when the dispatcher's sending began: the date its letters carry, so that a letter
--    rendered again years later is byte for byte the one posted.
-- 3. Guards: the address is part of the snapshot and never changes; sending_started_at, once set, never changes.

alter table cc_recipient add column address_lines    text;
alter table cc_recipient add column address_town     varchar(100);
alter table cc_recipient add column address_postcode varchar(100);
alter table cc_recipient add column address_country  varchar(100);

alter table cc_recipient add constraint cc_recipient_address_lines_ck check (char_length(address_lines) <= 403);

alter table cc_communication add column sending_started_at timestamp(6) with time zone;

-- Guards ---------------------------------------------------------------------------------------------------------

-- V2's function refuses any change to a recipient's snapshot; the address is part of it from now on.
create trigger cc_recipient_address_tg
    before update of address_lines, address_town, address_postcode, address_country on cc_recipient
    for each row
    when (old.address_lines is distinct from new.address_lines or old.address_town is distinct from new.address_town
        or old.address_postcode is distinct from new.address_postcode
        or old.address_country is distinct from new.address_country)
    execute function cc_refuse_recipient_snapshot_change();

create function cc_refuse_sending_started_change() returns trigger
    language plpgsql as $$
begin
    raise exception 'communication % began sending at %: that instant, the date of its letters, never changes', old.id,
        old.sending_started_at
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger cc_communication_sending_started_tg
    before update of sending_started_at on cc_communication
    for each row
    when (old.sending_started_at is not null and old.sending_started_at is distinct from new.sending_started_at)
    execute function cc_refuse_sending_started_change();
