-- The entity catalogue's version (issue 16): every change to brands or influencers (what the matcher is built from;
-- pairs are read from the store where needed) moves it by one in the changing transaction (a statement trigger, so no writer can forget) and announces it on the channel fusion_catalog,
-- delivered to every listening instance when the change commits. An ingest transaction holds the catalogue lock
-- shared (transaction-level advisory lock 77332283081044, "FUSCAT") while it checks the version it matched with and
-- stores its mentions; a change takes the same lock exclusively, here, before it moves the version. So a change
-- cannot commit between an ingest's check and its commit: the ingest either matched with the catalogue that includes
-- the change, or committed before it (and the re-match after the change reaches its mentions). A transaction that
-- changes entities should change them before it locks score rows (it waits here for ingests holding those rows' locks).
-- rematched_version is the newest version whose additions have been re-matched against recent mentions.
create table catalog_version (
    id                 integer primary key check (id = 1),
    version            bigint not null,
    rematched_version  bigint not null
);
insert into catalog_version (id, version, rematched_version) values (1, 1, 1);

create function catalog_changed() returns trigger language plpgsql as $$
declare
    v bigint;
begin
    perform pg_advisory_xact_lock(77332283081044);
    update catalog_version set version = version + 1 where id = 1 returning version into v;
    perform pg_notify('fusion_catalog', v::text);
    return null;
end
$$;

create trigger brands_catalog_changed after insert or update or delete on brands for each statement execute function catalog_changed();
create trigger influencers_catalog_changed after insert or update or delete on influencers for each statement execute function catalog_changed();
