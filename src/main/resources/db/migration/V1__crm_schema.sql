-- The consolidated CRM schema (DESIGN.md, "Data contracts").
-- Ids are uuid: crm-migrate derives them from natural keys (UUID v5), so a re-run never mints a second id.

CREATE TABLE organizations (
  id          uuid PRIMARY KEY,
  name        text NOT NULL CHECK (btrim(name) <> ''),
  org_type    text,
  details     jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
-- Organizations match case-insensitively and exactly (trimmed): one row per lower(name).
CREATE UNIQUE INDEX organizations_name_ci_key ON organizations (lower(name));

CREATE TABLE people (
  id           uuid PRIMARY KEY,
  first_name   text,
  last_name    text,
  tags         text[] NOT NULL DEFAULT '{}',
  lead_status  text,
  user_id      uuid,
  details      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX people_user_id_idx ON people (user_id) WHERE user_id IS NOT NULL;

CREATE TABLE emails (
  id          uuid PRIMARY KEY,
  address     text NOT NULL,
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'bounced', 'suppressed')),
  metadata    jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT emails_address_key UNIQUE (address),
  -- Addresses are stored normalized: trimmed and lower-case.
  CONSTRAINT emails_address_normalized CHECK (address = lower(btrim(address)) AND position('@' in address) > 1)
);

CREATE TABLE phones (
  id          uuid PRIMARY KEY,
  number      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT phones_number_key UNIQUE (number),
  CONSTRAINT phones_number_e164 CHECK (number ~ '^\+[1-9][0-9]{6,14}$')
);

CREATE TABLE properties (
  id                     uuid PRIMARY KEY,
  external_id            text NOT NULL UNIQUE,
  name                   text,
  address                text,
  city                   text,
  state                  text,
  postal_code            text,
  owner_organization_id  uuid REFERENCES organizations (id),
  phone_id               uuid REFERENCES phones (id),
  details                jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX properties_owner_idx ON properties (owner_organization_id);

CREATE TABLE person_emails (
  person_id   uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  email_id    uuid NOT NULL REFERENCES emails (id),
  source      text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, email_id)
);
CREATE INDEX person_emails_email_idx ON person_emails (email_id);

CREATE TABLE person_phones (
  person_id   uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  phone_id    uuid NOT NULL REFERENCES phones (id),
  source      text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, phone_id)
);
CREATE INDEX person_phones_phone_idx ON person_phones (phone_id);

-- No source column here: the original import died writing one.
CREATE TABLE person_organizations (
  person_id        uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  title            text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, organization_id)
);
CREATE INDEX person_organizations_org_idx ON person_organizations (organization_id);

-- One polymorphic timeline (the field report's Option A): see README, "Activities".
CREATE TABLE activities (
  id            uuid PRIMARY KEY,
  type          text NOT NULL,
  person_id     uuid REFERENCES people (id) ON DELETE CASCADE,
  email_id      uuid REFERENCES emails (id),
  campaign_id   text,
  occurred_at   timestamptz NOT NULL,
  payload       jsonb NOT NULL DEFAULT '{}'::jsonb,
  source_table  text NOT NULL,
  source_id     text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT activities_source_key UNIQUE (source_table, source_id, type)
);
CREATE INDEX activities_person_time_idx ON activities (person_id, occurred_at);
