-- Indexes under the foreign keys that had none. Deleting an email (a rollback does) makes PostgreSQL check every
-- table that references emails; without an index each check scans the whole referencing table, once per deleted row:
-- taking back the scale-1 contacts import ran for minutes on contact_person_map.email_id alone.
CREATE INDEX contact_person_map_email_idx ON contact_person_map (email_id);
CREATE INDEX activities_email_idx ON activities (email_id);
