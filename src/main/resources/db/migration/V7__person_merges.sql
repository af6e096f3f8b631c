-- History of person merges approved in a review file (people candidates), so that each can be undone exactly.
CREATE TABLE person_merges (
  merge_id      uuid PRIMARY KEY,
  kept_id       uuid NOT NULL,
  merged_id     uuid NOT NULL,
  kept_row      jsonb NOT NULL,
  merged_row    jsonb NOT NULL,
  kept_links    jsonb NOT NULL,
  merged_links  jsonb NOT NULL,
  mappings      jsonb NOT NULL,
  activities    jsonb NOT NULL,
  merged_at     timestamptz NOT NULL DEFAULT now(),
  undone_at     timestamptz
);
CREATE INDEX person_merges_kept_idx ON person_merges (kept_id);
CREATE INDEX person_merges_merged_idx ON person_merges (merged_id);
