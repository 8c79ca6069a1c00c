-- Communications Centre schema, version 1, H2 2.x (tests, development, small embedded installations).
-- Same tables, keys and constraints as the PostgreSQL script. Text limits are in characters (code points) as the
-- facade counts them; H2 counts UTF-16 units, so its bounded columns are twice as wide, or a 500-emoji subject
-- that PostgreSQL keeps would be refused here. Not here: partial indexes and the triggers that make
-- sent communications and audit events immutable to direct SQL (H2 triggers are Java classes).

create table cc_communication (
    organisation_id    character varying(200) not null,
    id                 uuid                   not null,
    communication_type character varying(20)  not null,
    subject            character varying(1000) not null,
    body_html          character varying,
    block_id           character varying(200),
    unit_id            character varying(200),
    channel            character varying(100) not null,
    status             character varying(20)  not null,
    scheduled_at       timestamp(6) with time zone,
    sent_at            timestamp(6) with time zone,
    sent_by            character varying(200),
    failed_at          timestamp(6) with time zone,
    failure_reason     character varying,
    notes              character varying,
    created_by         character varying(200) not null,
    created_at         timestamp(6) with time zone not null,
    updated_at         timestamp(6) with time zone not null,
    version            bigint                 not null,
    constraint cc_communication_pk primary key (organisation_id, id),
    constraint cc_communication_type_ck
        check (communication_type in ('circular', 'notice', 'demand_letter', 'agm_notice')),
    constraint cc_communication_status_ck
        check (status in ('draft', 'scheduled', 'sent', 'failed'))
);

create index cc_communication_list_ix on cc_communication (organisation_id, created_at desc, id desc);
create index cc_communication_status_ix on cc_communication (organisation_id, status, created_at desc, id desc);
create index cc_communication_block_ix on cc_communication (organisation_id, block_id, created_at desc, id desc);
create index cc_communication_unit_ix on cc_communication (organisation_id, unit_id, created_at desc, id desc);
create index cc_communication_type_ix on cc_communication (organisation_id, communication_type, created_at desc, id desc);

create table cc_recipient (
    organisation_id  character varying(200) not null,
    id               uuid                   not null,
    communication_id uuid                   not null,
    unit_id          character varying(200) not null,
    position         bigint                 not null,
    recipient_name   character varying,
    recipient_email  character varying,
    delivery_status  character varying(20)  not null,
    delivered_at     timestamp(6) with time zone,
    opened_at        timestamp(6) with time zone,
    failure_reason   character varying,
    added_at         timestamp(6) with time zone not null,
    updated_at       timestamp(6) with time zone not null,
    added_by         character varying(200) not null,
    constraint cc_recipient_pk primary key (organisation_id, id),
    constraint cc_recipient_unit_uq unique (organisation_id, communication_id, unit_id),
    constraint cc_recipient_communication_fk foreign key (organisation_id, communication_id)
        references cc_communication (organisation_id, id) on delete cascade,
    constraint cc_recipient_delivery_status_ck
        check (delivery_status in ('pending', 'delivered', 'opened', 'bounced', 'failed'))
);

create index cc_recipient_position_ix on cc_recipient (organisation_id, communication_id, position);
create index cc_recipient_status_ix on cc_recipient (organisation_id, communication_id, delivery_status, position);

-- No foreign key to cc_communication: audit events outlive the communication they describe.
create table cc_audit_event (
    organisation_id  character varying(200) not null,
    id               uuid                   not null,
    sequence         bigint                 not null,
    communication_id uuid                   not null,
    recipient_id     uuid,
    event_type       character varying(40)  not null,
    actor_user_id    character varying(200) not null,
    occurred_at      timestamp(6) with time zone not null,
    details          character varying      not null,
    unit_ids         character varying      not null,
    previous_hash    character varying(64)  not null,
    hash             character varying(64)  not null,
    constraint cc_audit_event_pk primary key (organisation_id, id),
    constraint cc_audit_event_sequence_uq unique (organisation_id, sequence),
    constraint cc_audit_event_type_ck check (event_type in ('created', 'updated', 'scheduled', 'unscheduled', 'sent',
        'failed', 'deleted', 'recipients_added', 'recipient_status_changed', 'duplicated'))
);

create index cc_audit_event_communication_ix on cc_audit_event (organisation_id, communication_id, sequence);

create table cc_audit_chain_head (
    organisation_id character varying(200) not null,
    last_sequence   bigint                 not null,
    last_hash       character varying(64)  not null,
    constraint cc_audit_chain_head_pk primary key (organisation_id)
);
