-- crm-migrate's own bookkeeping: one row per run, and the saved contact -> person mapping.

CREATE TABLE migration_runs (
  run_id       text PRIMARY KEY,
  job          text NOT NULL,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz NOT NULL DEFAULT now(),
  status       text NOT NULL CHECK (status IN ('succeeded', 'failed')),
  planned      jsonb NOT NULL DEFAULT '{}'::jsonb,
  actual       jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE contact_person_map (
  contact_id  uuid PRIMARY KEY,
  person_id   uuid NOT NULL REFERENCES people (id),
  email_id    uuid REFERENCES emails (id),
  user_id     uuid,
  is_first    boolean NOT NULL,
  run_id      text NOT NULL
);
CREATE INDEX contact_person_map_person_idx ON contact_person_map (person_id);
