-- The contacts import written a second time, as the fastest set-based SQL a user would write inside PostgreSQL: the
-- independent reference of DifferentialTest and the SQL peer of `crm-migrate bench`. Same rules as crm-migrate:
--   * every text field passes the sanitizer (control characters removed) and its limit (over it: the field is null);
--   * email = same person, normalized (trimmed, lower-case) and valid, else the contact has no email and is skipped
--     (rules.contacts_without_email: skip), leaving nothing behind;
--   * first-wins per address: earliest created_at, then lowest id;
--   * an address already in the CRM resolves to its earliest-created person; else a new person, id v5 of the address;
--   * sticky statuses: bounced > suppressed > active, never lowered; metadata of the first flagged contact;
--   * enrichment of existing people: tags union, lead status only upward, user_id only when empty;
--   * organizations by exact, case-insensitive name (spelling of the earliest contact); phones as pre-normalized
--     E.164 (table peer_phone_e164: raw -> E.164, filled by the caller: libphonenumber in the differential test,
--     NANP rules in SQL in the benchmark); junctions; the contact -> person mapping.
-- Ids are UUID v5 in crm-migrate's namespace, so the reference derives the very same ones.
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

CREATE FUNCTION pg_temp.id(name text) RETURNS uuid LANGUAGE sql IMMUTABLE
  AS $$ SELECT uuid_generate_v5('6f1c2a5e-3b4d-4e8f-9a0b-7c6d5e4f3a2b', name) $$;
CREATE FUNCTION pg_temp.san(v text, lim int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN char_length(c) > lim THEN NULL ELSE c END
  FROM (SELECT regexp_replace(v, '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]', '', 'g') AS c) s $$;
CREATE FUNCTION pg_temp.lead_rank(s text) RETURNS int LANGUAGE sql IMMUTABLE
  AS $$ SELECT coalesce(array_position(ARRAY['new','cold','contacted','warm','engaged','hot','qualified','customer'], s), 0) $$;
CREATE FUNCTION pg_temp.status_rank(s text) RETURNS int LANGUAGE sql IMMUTABLE
  AS $$ SELECT array_position(ARRAY['active','suppressed','bounced'], s) $$;

CREATE TEMP TABLE c AS
SELECT id::text AS id, created_at, user_id::text AS user_id, coalesce(contact_types, '{}') AS types, details,
       globally_bounced AS gb, globally_unsubscribed AS gu, suppression_date,
       pg_temp.san(email, 254) AS email, pg_temp.san(name, 300) AS name, pg_temp.san(company, 500) AS company,
       pg_temp.san(role, 300) AS role, pg_temp.san(phone_number, 64) AS phone, pg_temp.san(location, 2000) AS location,
       pg_temp.san(source, 2000) AS source, pg_temp.san(lead_status, 2000) AS lead_status,
       pg_temp.san(suppression_reason, 2000) AS reason
FROM contacts;

CREATE TEMP TABLE cn AS
SELECT c.*,
       CASE WHEN lower(btrim(email)) ~ '^[a-z0-9._+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|org|net|io|de|jp)$'
            THEN lower(btrim(email)) END AS ne,
       r.e164 AS ph,
       nullif(lower(btrim(company)), '') AS ck,
       nullif(btrim(company), '') AS cname,
       nullif(btrim(role), '') AS role_t,
       pg_temp.lead_rank(lead_status) AS lead_rank,
       regexp_replace(btrim(name), '\s+', ' ', 'g') AS clean_name
FROM c LEFT JOIN peer_phone_e164 r ON r.raw = c.phone;

-- The CRM person of each address: the earliest-created one when several share it.
CREATE TEMP TABLE owner AS
SELECT DISTINCT ON (e.address) e.address, pe.person_id
FROM emails e JOIN person_emails pe ON pe.email_id = e.id JOIN people p ON p.id = pe.person_id
ORDER BY e.address, p.created_at, p.id::text;

-- The contacts that migrate, with their person and first-wins rank.
CREATE TEMP TABLE cp AS
SELECT cn.*, coalesce(o.person_id, pg_temp.id('person:email:' || cn.ne)) AS person_id, o.person_id IS NOT NULL AS existing,
       row_number() OVER (PARTITION BY cn.ne ORDER BY cn.created_at, cn.id) AS rn
FROM cn LEFT JOIN owner o ON o.address = cn.ne
WHERE cn.ne IS NOT NULL;
-- Temporary tables get no statistics by themselves; without them the joins below are planned blind.
ANALYZE cp;

-- Emails, with sticky statuses from every contact of the address.
CREATE TEMP TABLE se AS
SELECT ne AS address,
       CASE WHEN bool_or(gb) THEN 'bounced' WHEN bool_or(gu) THEN 'suppressed' ELSE 'active' END AS status,
       jsonb_strip_nulls(jsonb_build_object(
         'suppression_reason', (array_agg(reason ORDER BY created_at, id) FILTER (WHERE gb OR gu))[1],
         'suppression_date', to_char((array_agg(suppression_date ORDER BY created_at, id) FILTER (WHERE gb OR gu))[1]
                                     AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))) AS metadata
FROM cp GROUP BY ne;
INSERT INTO emails (id, address, status, metadata)
SELECT pg_temp.id('email:' || address), address, status, metadata FROM se ON CONFLICT (address) DO NOTHING;
UPDATE emails e SET status = s.status, metadata = e.metadata || s.metadata, updated_at = now()
FROM se s WHERE e.address = s.address AND pg_temp.status_rank(s.status) > pg_temp.status_rank(e.status);

INSERT INTO phones (id, number)
SELECT DISTINCT pg_temp.id('phone:' || ph), ph FROM cp WHERE ph IS NOT NULL ON CONFLICT (number) DO NOTHING;

INSERT INTO organizations (id, name, org_type, details)
SELECT DISTINCT ON (cp.ck) pg_temp.id('org:' || cp.ck), cp.cname, 'company', '{}' FROM cp WHERE cp.ck IS NOT NULL
ORDER BY cp.ck, cp.created_at, cp.id
ON CONFLICT ((lower(name))) DO NOTHING;

-- What all contacts of one person say: tags union, highest lead status, first user id.
CREATE TEMP TABLE per_person AS
SELECT g.*, coalesce(t.tags, '{}') AS tags
FROM (SELECT person_id, bool_or(existing) AS existing,
             CASE WHEN max(lead_rank) > 0 THEN (array_agg(lead_status ORDER BY lead_rank DESC))[1] END AS lead_status,
             (array_agg(user_id ORDER BY created_at, id) FILTER (WHERE user_id IS NOT NULL))[1]::uuid AS user_id
      FROM cp GROUP BY person_id) g
LEFT JOIN (SELECT person_id, array_agg(DISTINCT t ORDER BY t) AS tags FROM cp, unnest(cp.types) t GROUP BY person_id) t
  ON t.person_id = g.person_id;
ANALYZE per_person;

INSERT INTO people (id, first_name, last_name, tags, lead_status, user_id, details, created_at)
SELECT w.person_id,
       CASE WHEN w.clean_name IS NULL OR w.clean_name = '' THEN NULL ELSE split_part(w.clean_name, ' ', 1) END,
       CASE WHEN w.clean_name IS NULL OR w.clean_name = '' OR position(' ' in w.clean_name) = 0 THEN NULL
            ELSE substr(w.clean_name, position(' ' in w.clean_name) + 1) END,
       a.tags, a.lead_status, a.user_id,
       jsonb_strip_nulls(jsonb_build_object('import_source', 'legacy_contacts', 'legacy_source', w.source,
         'location', coalesce(nullif(btrim(w.location), ''), w.details->>'location'), 'webinar', w.details->>'webinar')),
       w.created_at
FROM cp w JOIN per_person a ON a.person_id = w.person_id
WHERE w.rn = 1 AND NOT w.existing
ON CONFLICT (id) DO NOTHING;

UPDATE people p SET
  tags = ARRAY(SELECT DISTINCT t FROM unnest(p.tags || s.tags) t ORDER BY t),
  lead_status = CASE WHEN pg_temp.lead_rank(s.lead_status) > pg_temp.lead_rank(p.lead_status) THEN s.lead_status
                     ELSE p.lead_status END,
  user_id = coalesce(p.user_id, s.user_id), updated_at = now()
FROM per_person s
WHERE s.existing AND p.id = s.person_id
  AND (NOT (p.tags @> s.tags) OR pg_temp.lead_rank(s.lead_status) > pg_temp.lead_rank(p.lead_status)
       OR (p.user_id IS NULL AND s.user_id IS NOT NULL));

INSERT INTO person_emails (person_id, email_id, source)
SELECT w.person_id, e.id, 'legacy_contacts' FROM cp w JOIN emails e ON e.address = w.ne
WHERE w.rn = 1 AND NOT w.existing ON CONFLICT DO NOTHING;

INSERT INTO person_phones (person_id, phone_id, source)
SELECT DISTINCT w.person_id, ph.id, 'legacy_contacts' FROM cp w JOIN phones ph ON ph.number = w.ph ON CONFLICT DO NOTHING;

INSERT INTO person_organizations (person_id, organization_id, title)
SELECT t.person_id, o.id, t.title
FROM (SELECT person_id, ck, (array_agg(role_t ORDER BY created_at, id) FILTER (WHERE role_t IS NOT NULL))[1] AS title
      FROM cp WHERE ck IS NOT NULL GROUP BY person_id, ck) t
JOIN organizations o ON lower(o.name) = t.ck
ON CONFLICT DO NOTHING;

INSERT INTO contact_person_map (contact_id, person_id, email_id, user_id, is_first, run_id)
SELECT w.id::uuid, w.person_id, e.id, w.user_id::uuid, w.rn = 1, 'sql_peer'
FROM cp w LEFT JOIN emails e ON e.address = w.ne
ON CONFLICT (contact_id) DO NOTHING;
