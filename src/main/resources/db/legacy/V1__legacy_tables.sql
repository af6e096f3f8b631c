-- The legacy production tables, as they exist before the migration. Used to build demo and test databases only:
-- crm-migrate never creates these in a user's database.

CREATE SCHEMA IF NOT EXISTS auth;

CREATE TABLE auth.users (
  id                  uuid PRIMARY KEY,
  email               text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  raw_user_meta_data  jsonb
);

CREATE TABLE contacts (
  id                     uuid PRIMARY KEY,
  email                  text,
  name                   text,
  company                text,
  role                   text,
  phone_number           text,
  contact_types          text[],
  details                jsonb,
  user_id                uuid,
  location               text,
  source                 text,
  lead_status            text,
  globally_bounced       boolean NOT NULL DEFAULT false,
  globally_unsubscribed  boolean NOT NULL DEFAULT false,
  suppression_reason     text,
  suppression_date       timestamptz,
  created_at             timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaign_recipients (
  id           uuid PRIMARY KEY,
  campaign_id  text NOT NULL,
  contact_id   uuid NOT NULL REFERENCES contacts (id),
  status       text NOT NULL,
  sent_at      timestamptz,
  opened_at    timestamptz,
  clicked_at   timestamptz,
  bounced_at   timestamptz
);
CREATE INDEX campaign_recipients_contact_idx ON campaign_recipients (contact_id);

CREATE TABLE email_queue (
  id          uuid PRIMARY KEY,
  to_email    text NOT NULL,
  subject     text,
  status      text NOT NULL DEFAULT 'pending',
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The legacy signup trigger: every new auth user becomes a contact.
CREATE FUNCTION public.add_signup_to_contacts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO public.contacts (id, email, source, contact_types, user_id, created_at)
  VALUES (gen_random_uuid(), NEW.email, 'website_signup', ARRAY['investor'], NEW.id, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER on_auth_user_created
  AFTER INSERT ON auth.users
  FOR EACH ROW EXECUTE FUNCTION public.add_signup_to_contacts();
