-- Digest subscriptions (issue 20): a daily or weekly email of a user's brands (user_id, brand_id null), of one of
-- them (both), or of one brand for an address no user owns (brand_id only). Each goes with its user or brand. The
-- digest job reads them all (a handful per user) and marks last_sent_at when one went out.
create table digest_subscriptions (
    id            bigint generated always as identity primary key,
    user_id       bigint null references users (id) on delete cascade,
    brand_id      bigint null references brands (id) on delete cascade,
    email         text not null,
    period        text not null,
    created_by    text not null,
    created_at    timestamptz not null,
    last_sent_at  timestamptz null,
    constraint digest_subscriptions_whom check (user_id is not null or brand_id is not null)
);
create index digest_subscriptions_user on digest_subscriptions (user_id);
