-- The author's profile as the platform gave it with the post (issue 17, the authenticity weight): how many accounts
-- the author follows, how many posts the account has made, and when it was created. Null is "not given" (most sources
-- give none of them), which weighs nothing down (docs/fusion-score.md, "Authenticity"). Read with the row only (score
-- evidence, recompute), never searched, so no index.
alter table mentions add column author_following int8 null;
alter table mentions add column author_posts int8 null;
alter table mentions add column author_created_at timestamptz null;
