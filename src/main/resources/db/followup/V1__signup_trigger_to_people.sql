-- Replaces the legacy add_signup_to_contacts() trigger: a signup now creates people + emails + person_emails, or,
-- when the address is already known, links the existing person and sets its user_id when empty.
-- Safe under concurrency: signups of the same address (in any case or spacing) serialize on an advisory lock, and
-- emails.address is unique, so every address ends with exactly one person.

CREATE OR REPLACE FUNCTION public.add_signup_to_people() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  v_address   text := lower(btrim(NEW.email));
  v_email_id  uuid;
  v_person_id uuid;
  v_name      text := btrim(coalesce(NEW.raw_user_meta_data ->> 'full_name', ''));
BEGIN
  IF v_address IS NULL OR v_address = '' OR position('@' in v_address) < 2 THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('signup:' || v_address, 0));

  INSERT INTO public.emails (id, address) VALUES (gen_random_uuid(), v_address) ON CONFLICT (address) DO NOTHING;
  SELECT id INTO v_email_id FROM public.emails WHERE address = v_address;

  SELECT pe.person_id INTO v_person_id
  FROM public.person_emails pe JOIN public.people p ON p.id = pe.person_id
  WHERE pe.email_id = v_email_id
  ORDER BY p.created_at, p.id
  LIMIT 1;

  IF v_person_id IS NULL THEN
    v_person_id := gen_random_uuid();
    INSERT INTO public.people (id, first_name, last_name, tags, user_id, details, created_at)
    VALUES (v_person_id,
            nullif(split_part(v_name, ' ', 1), ''),
            nullif(substr(v_name, length(split_part(v_name, ' ', 1)) + 2), ''),
            ARRAY['investor'], NEW.id,
            jsonb_build_object('import_source', 'website_signup'),
            coalesce(NEW.created_at, now()));
    INSERT INTO public.person_emails (person_id, email_id, source) VALUES (v_person_id, v_email_id, 'website_signup');
  ELSE
    UPDATE public.people SET user_id = NEW.id, updated_at = now() WHERE id = v_person_id AND user_id IS NULL;
  END IF;
  RETURN NEW;
END;
$$;

-- Nobody calls the function directly; only the trigger runs it.
REVOKE ALL ON FUNCTION public.add_signup_to_people() FROM PUBLIC;

DROP TRIGGER IF EXISTS on_auth_user_created ON auth.users;
CREATE TRIGGER on_auth_user_created
  AFTER INSERT ON auth.users
  FOR EACH ROW EXECUTE FUNCTION public.add_signup_to_people();

-- The legacy function stays (rollback path) but no trigger calls it any more.
REVOKE ALL ON FUNCTION public.add_signup_to_contacts() FROM PUBLIC;
