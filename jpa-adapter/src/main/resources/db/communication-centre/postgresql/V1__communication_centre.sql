-- Communications Centre schema, version 1, PostgreSQL 12+.
-- Apply with the host's Flyway (location classpath:db/communication-centre/postgresql) or Liquibase (sqlFile).
--
-- Every table carries organisation_id, and every primary key, unique constraint and foreign key includes it,
-- so a host can distribute the tables by organisation_id (Citus: create_distributed_table(..., 'organisation_id'))
-- without changing this file. Instants are timestamptz with microsecond precision.

create table cc_communication (
    organisation_id    varchar(100) not null,
    id                 uuid         not null,
    communication_type varchar(20)  not null,
    subject            varchar(500) not null,
    body_html          text,
    block_id           varchar(100),
    unit_id            varchar(100),
    channel            varchar(50)  not null,
    status             varchar(20)  not null,
    scheduled_at       timestamp(6) with time zone,
    sent_at            timestamp(6) with time zone,
    sent_by            varchar(100),
    failed_at          timestamp(6) with time zone,
    failure_reason     text,
    notes              text,
    created_by         varchar(100) not null,
    created_at         timestamp(6) with time zone not null,
    updated_at         timestamp(6) with time zone not null,
    version            bigint       not null,
    constraint cc_communication_pk primary key (organisation_id, id),
    constraint cc_communication_type_ck
        check (communication_type in ('circular', 'notice', 'demand_letter', 'agm_notice')),
    constraint cc_communication_status_ck
        check (status in ('draft', 'scheduled', 'sent', 'failed'))
);

-- Newest-first keyset pages, unfiltered and by each filter the listing offers.
create index cc_communication_list_ix on cc_communication (organisation_id, created_at desc, id desc);
create index cc_communication_status_ix on cc_communication (organisation_id, status, created_at desc, id desc);
create index cc_communication_block_ix on cc_communication (organisation_id, block_id, created_at desc, id desc)
    where block_id is not null;
create index cc_communication_unit_ix on cc_communication (organisation_id, unit_id, created_at desc, id desc)
    where unit_id is not null;
create index cc_communication_type_ix on cc_communication (organisation_id, communication_type, created_at desc, id desc);

create table cc_recipient (
    organisation_id  varchar(100) not null,
    id               uuid         not null,
    communication_id uuid         not null,
    unit_id          varchar(100) not null,
    position         bigint       not null,
    recipient_name   text,
    recipient_email  text,
    delivery_status  varchar(20)  not null,
    delivered_at     timestamp(6) with time zone,
    opened_at        timestamp(6) with time zone,
    failure_reason   text,
    added_at         timestamp(6) with time zone not null,
    updated_at       timestamp(6) with time zone not null,
    added_by         varchar(100) not null,
    constraint cc_recipient_pk primary key (organisation_id, id),
    constraint cc_recipient_unit_uq unique (organisation_id, communication_id, unit_id),
    constraint cc_recipient_communication_fk foreign key (organisation_id, communication_id)
        references cc_communication (organisation_id, id) on delete cascade,
    constraint cc_recipient_delivery_status_ck
        check (delivery_status in ('pending', 'delivered', 'opened', 'bounced', 'failed'))
);

-- Recipients in the order they were added; the status variant serves the delivery-status filter.
create index cc_recipient_position_ix on cc_recipient (organisation_id, communication_id, position);
create index cc_recipient_status_ix on cc_recipient (organisation_id, communication_id, delivery_status, position);

-- No foreign key to cc_communication: audit events outlive the communication they describe.
create table cc_audit_event (
    organisation_id  varchar(100) not null,
    id               uuid         not null,
    sequence         bigint       not null,
    communication_id uuid         not null,
    recipient_id     uuid,
    event_type       varchar(40)  not null,
    actor_user_id    varchar(100) not null,
    occurred_at      timestamp(6) with time zone not null,
    details          text         not null,
    unit_ids         text         not null,
    previous_hash    varchar(64)  not null,
    hash             varchar(64)  not null,
    constraint cc_audit_event_pk primary key (organisation_id, id),
    -- Two writers can never both append sequence n: the chain cannot fork.
    constraint cc_audit_event_sequence_uq unique (organisation_id, sequence),
    constraint cc_audit_event_type_ck check (event_type in ('created', 'updated', 'scheduled', 'unscheduled', 'sent',
        'failed', 'deleted', 'recipients_added', 'recipient_status_changed', 'duplicated'))
);

create index cc_audit_event_communication_ix on cc_audit_event (organisation_id, communication_id, sequence);

-- One row per organisation; writers lock it (SELECT ... FOR UPDATE) before appending.
create table cc_audit_chain_head (
    organisation_id varchar(100) not null,
    last_sequence   bigint       not null,
    last_hash       varchar(64)  not null,
    constraint cc_audit_chain_head_pk primary key (organisation_id)
);

-- History cannot be rewritten, not even by the host's own SQL --------------------------------------------------

create function cc_refuse_finished_communication_change() returns trigger
    language plpgsql as $$
begin
    raise exception 'communication % is %: it can no longer be changed or deleted', old.id, old.status
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger cc_communication_finished_tg
    before update or delete on cc_communication
    for each row when (old.status in ('sent', 'failed'))
    execute function cc_refuse_finished_communication_change();

-- A recipient's snapshot (who, which unit, in which order, added when and by whom) is fixed once its communication
-- is sent or failed; its delivery status, timestamps and failure reason go on changing as providers report.
create function cc_refuse_finished_recipient_change() returns trigger
    language plpgsql
    set search_path from current
    as $$
begin
    if exists (select 1 from cc_communication c
               where c.organisation_id = old.organisation_id and c.id = old.communication_id
                 and c.status in ('sent', 'failed')) then
        raise exception 'recipient % belongs to a sent or failed communication: its snapshot can no longer change', old.id
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end;
$$;

create trigger cc_recipient_snapshot_tg
    before update on cc_recipient
    for each row when (
        new.organisation_id is distinct from old.organisation_id
        or new.id is distinct from old.id
        or new.communication_id is distinct from old.communication_id
        or new.unit_id is distinct from old.unit_id
        or new.position is distinct from old.position
        or new.recipient_name is distinct from old.recipient_name
        or new.recipient_email is distinct from old.recipient_email
        or new.added_at is distinct from old.added_at
        or new.added_by is distinct from old.added_by)
    execute function cc_refuse_finished_recipient_change();

-- Statement level with a transition table: deleting 50,000 recipients of a draft costs one check, not 50,000.
create function cc_refuse_finished_recipient_delete() returns trigger
    language plpgsql
    set search_path from current
    as $$
begin
    if exists (select 1 from deleted_recipients d
               join cc_communication c on c.organisation_id = d.organisation_id and c.id = d.communication_id
               where c.status in ('sent', 'failed')) then
        raise exception 'recipients of a sent or failed communication cannot be deleted'
            using errcode = 'integrity_constraint_violation';
    end if;
    return null;
end;
$$;

create trigger cc_recipient_delete_tg
    after delete on cc_recipient
    referencing old table as deleted_recipients
    for each statement
    execute function cc_refuse_finished_recipient_delete();

create function cc_refuse_audit_event_change() returns trigger
    language plpgsql as $$
begin
    raise exception 'audit events are append-only: % refused', tg_op
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger cc_audit_event_append_only_tg
    before update or delete on cc_audit_event
    for each row
    execute function cc_refuse_audit_event_change();

create trigger cc_audit_event_no_truncate_tg
    before truncate on cc_audit_event
    for each statement
    execute function cc_refuse_audit_event_change();
