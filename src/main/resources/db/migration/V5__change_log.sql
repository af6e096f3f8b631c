-- The change log: every load writes, inside its own transaction, what it changed in the CRM, so that
-- `crm-migrate rollback --run RUN_ID` can take exactly that back, without the work directory.
--   op 'I': a row the run inserted (its primary key in key1, key2 for the two-column keys of junction tables);
--   op 'U': a row the run updated, with the before-image and the after-image of the columns it wrote.
-- Compact by design: an insert costs one narrow row (no image), an update only the columns it changed.
CREATE TABLE migration_changes (
  run_id      text NOT NULL,
  table_name  text NOT NULL,
  op          "char" NOT NULL CHECK (op IN ('I', 'U')),
  key1        uuid NOT NULL,
  key2        uuid,
  before      jsonb,
  after       jsonb
);
CREATE INDEX migration_changes_run_idx ON migration_changes (run_id, table_name, op);
-- Later runs are found by the rows they share with an earlier one.
CREATE INDEX migration_changes_key_idx ON migration_changes (table_name, key1);

ALTER TABLE migration_runs DROP CONSTRAINT migration_runs_status_check;
ALTER TABLE migration_runs ADD CONSTRAINT migration_runs_status_check
  CHECK (status IN ('succeeded', 'failed', 'rolled_back'));
ALTER TABLE migration_runs ADD COLUMN rolled_back_at timestamptz;
