-- Repeats and coordination (docs/fusion-score.md, "Repeats and coordination"): each scope remembers the voices of its
-- recent windows (authors and near-duplicate text keys → voice), written with its sums in the transaction that moves
-- them, kept for VoiceMemory behind its newest mention. Apart from the sums, so reading a score parses no voices.
alter table score_scopes add column voices text not null default '[]';
