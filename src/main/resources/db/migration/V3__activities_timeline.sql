-- The activities timeline (the field report's open question, decided: one polymorphic table, see README "Activities").
-- Types are a closed list; each type's payload must carry what readers of that type rely on.

ALTER TABLE activities ADD CONSTRAINT activities_type_check
  CHECK (type IN ('email_sent', 'email_opened', 'email_clicked', 'email_bounced', 'call_made', 'linkedin_message', 'note'));

CREATE FUNCTION activities_payload_valid(activity_type text, payload jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
  SELECT CASE
    WHEN activity_type IN ('email_sent', 'email_opened', 'email_clicked', 'email_bounced')
      THEN jsonb_typeof(payload) = 'object' AND jsonb_exists(payload, 'recipient_id') AND jsonb_exists(payload, 'status')
    WHEN activity_type = 'call_made' THEN jsonb_typeof(payload) = 'object' AND jsonb_exists(payload, 'outcome')
    WHEN activity_type = 'linkedin_message' THEN jsonb_typeof(payload) = 'object' AND jsonb_exists(payload, 'direction')
    ELSE jsonb_typeof(payload) = 'object'
  END
$$;

ALTER TABLE activities ADD CONSTRAINT activities_payload_check CHECK (activities_payload_valid(type, payload));

-- One person's timeline: everything that happened to them, newest first.
CREATE VIEW person_timeline AS
SELECT a.person_id,
       concat_ws(' ', p.first_name, p.last_name) AS person_name,
       a.occurred_at,
       a.type,
       a.campaign_id,
       e.address AS email,
       a.payload,
       a.source_table,
       a.source_id
FROM activities a
JOIN people p ON p.id = a.person_id
LEFT JOIN emails e ON e.id = a.email_id;
