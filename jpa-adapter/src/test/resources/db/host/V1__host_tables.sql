-- Stands in for a host application's own first migration, to prove ours run beside it.
create table host_block (id varchar(100) primary key, name varchar(200) not null);
