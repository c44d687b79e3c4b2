-- The entity catalogue's version (issue 16; see the PostgreSQL migration): moved by one in the transaction of every change to
-- brands or influencers. SQLite has no notifications; instances (one, on SQLite) poll this row.
create table catalog_version (
    id                 integer primary key check (id = 1),
    version            integer not null,
    rematched_version  integer not null
);
insert into catalog_version (id, version, rematched_version) values (1, 1, 1);

create trigger brands_catalog_inserted after insert on brands begin update catalog_version set version = version + 1 where id = 1; end;
create trigger brands_catalog_updated after update on brands begin update catalog_version set version = version + 1 where id = 1; end;
create trigger brands_catalog_deleted after delete on brands begin update catalog_version set version = version + 1 where id = 1; end;
create trigger influencers_catalog_inserted after insert on influencers begin update catalog_version set version = version + 1 where id = 1; end;
create trigger influencers_catalog_updated after update on influencers begin update catalog_version set version = version + 1 where id = 1; end;
create trigger influencers_catalog_deleted after delete on influencers begin update catalog_version set version = version + 1 where id = 1; end;
