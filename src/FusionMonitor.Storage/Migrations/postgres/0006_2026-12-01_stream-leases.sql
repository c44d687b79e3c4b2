-- A stream source (Bluesky Jetstream) is consumed by one instance at a time: the holder renews its lease while it
-- reads; when it dies the lease runs out and another instance takes over. The batch that moves the cursor checks the
-- lease in its own transaction, so a holder that lost it cannot write over the new one.
create table stream_leases (
    source_id   bigint primary key references sources (id) on delete cascade,
    holder      text not null,
    expires_at  timestamptz not null
);
