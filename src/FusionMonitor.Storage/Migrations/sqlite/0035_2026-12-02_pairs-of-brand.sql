-- A brand's pair ids from the index alone (issue 15): the board of a brand with many pairs ranks every pair of the
-- brand by its last recorded score, and reading the ids through pairs_unique (brand_id, influencer_id) fetched each
-- pair's row from the table (at a million pairs a brand's 10,000 pairs lie on 7,000 pages: 12 ms of a 18 ms rank).
create index pairs_brand_id on pairs (brand_id, id);
