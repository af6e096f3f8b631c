-- History of organization merges approved in a review file, so that each merge can be undone exactly.
CREATE TABLE organization_merges (
  merge_id        uuid PRIMARY KEY,
  kept_id         uuid NOT NULL REFERENCES organizations (id),
  merged_id       uuid NOT NULL,
  merged_row      jsonb NOT NULL,
  moved_links     jsonb NOT NULL,
  dropped_links   jsonb NOT NULL,
  moved_properties jsonb NOT NULL,
  merged_at       timestamptz NOT NULL DEFAULT now(),
  undone_at       timestamptz
);
