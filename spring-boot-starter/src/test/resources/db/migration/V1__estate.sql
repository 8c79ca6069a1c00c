-- The host's own schema, applied by the host's own Flyway (Spring Boot's default location, db/migration).
create table flat (
    id                character varying(100) primary key,
    organisation_id   character varying(100) not null,
    block_id          character varying(100) not null,
    leaseholder_name  character varying(200),
    leaseholder_email character varying(200)
);
