-- Communications Centre schema, version 4, PostgreSQL 12+: provider events.
--
-- 1. The provider events seen, so that a webhook's repeat of one is recognised: one row per organisation, provider and
--    provider event id, naming the recipient it concerned and when it was received. The key starts with
--    organisation_id, as every key of this schema does, so a host that distributes or partitions the tables by
--    organisation keeps each look-up on one node. A batch of events reads its ids in one statement and inserts the new
--    ones in one batch.
-- 2. The table is append-only: no UPDATE, no DELETE, no TRUNCATE, for the library's role and the host's own SQL alike.
--    A change of what was seen would let an event be applied twice, or hide that it was.
--
-- No foreign key to cc_recipient: the row is a record of what arrived, checked by the library when it was written,
-- and a foreign key would cost a look-up per inserted row for nothing the library reads back. Sizes: a provider's
-- name has at most 90 characters and an event id 200 (the facade refuses longer ones), so the key stays well within
-- PostgreSQL's limit for one index entry (2,704 bytes) with the 100-character organisation id.

create table cc_provider_event (
    organisation_id   varchar(100) not null,
    provider          varchar(90)  not null,
    provider_event_id varchar(200) not null,
    recipient_id      uuid         not null,
    received_at       timestamp(6) with time zone not null,
    constraint cc_provider_event_pk primary key (organisation_id, provider, provider_event_id)
);

-- Guards ---------------------------------------------------------------------------------------------------------

create function cc_refuse_provider_event_change() returns trigger
    language plpgsql as $$
begin
    raise exception 'provider events seen are append-only: % of event % of provider % refused', tg_op,
        old.provider_event_id, old.provider
        using errcode = 'integrity_constraint_violation';
end;
$$;

-- Row level, so PostgreSQL clones it to every partition a host creates.
create trigger cc_provider_event_append_only_tg
    before update or delete on cc_provider_event
    for each row
    execute function cc_refuse_provider_event_change();

-- V2's cc_install_guards() with the new table among those that refuse TRUNCATE (statement level: installed on every
-- partition by the function, which a host that partitions the tables calls again after adding partitions).
create or replace function cc_install_guards() returns void
    language plpgsql
    set search_path from current
    as $$
declare
    rel regclass;
begin
    for rel in select cc_table_and_partitions(root)
               from unnest(array['cc_communication', 'cc_recipient', 'cc_audit_event', 'cc_audit_chain_head',
                                 'cc_provider_event']::regclass[]) as root
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

revoke all on function cc_install_guards() from public;

select cc_install_guards();
