-- The tables JdbcPropertyDirectory reads: the host's blocks, units and leaseholders, as the Communications Centre needs
-- them. They are the host's, not the library's: the library only ever reads them. A host that keeps its own tables
-- creates views of these names and columns over them instead (see docs/property-directory.md); a host that keeps
-- these tables writes them in its own transactions, and the directory sees in a transaction what was written in it.
-- Every key includes organisation_id, as every key of the library's own tables does.

create table cc_directory_block (
    organisation_id varchar(100) not null,
    block_id        varchar(100) not null,
    constraint cc_directory_block_pk primary key (organisation_id, block_id)
);

create table cc_directory_unit (
    organisation_id   varchar(100) not null,
    unit_id           varchar(100) not null,
    block_id          varchar(100) not null,
    -- The current leaseholder; both empty for a vacant unit, the email empty for a leaseholder without one.
    leaseholder_name  varchar(1000),
    leaseholder_email varchar(1000),
    -- Where letters go; address_line_1 empty for a unit without a postal address (lines 2 to 4 may stay empty).
    address_line_1    varchar(100),
    address_line_2    varchar(100),
    address_line_3    varchar(100),
    address_line_4    varchar(100),
    address_town      varchar(100),
    address_postcode  varchar(100),
    address_country   varchar(100),
    -- The order a block's units are added in (flat 2 before flat 10); units without one come last, by unit_id.
    sort_order        integer,
    constraint cc_directory_unit_pk primary key (organisation_id, unit_id),
    constraint cc_directory_unit_block_fk foreign key (organisation_id, block_id)
        references cc_directory_block (organisation_id, block_id)
);

create index cc_directory_unit_block_ix on cc_directory_unit (organisation_id, block_id, sort_order, unit_id);
