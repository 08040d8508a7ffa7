-- A user's calls, newest first, straight from an index: each person row
-- carries its call's start, and each of the three identifiers a user is
-- found by (object id without regard to case, as people type GUIDs
-- either way; UPN; phone number) has an index in the list's order, so
-- that a user's latest calls are the first entries of one index rather
-- than every call of the user joined and sorted.
-- The old indexes go first, so that the update does not maintain them.
DROP INDEX call_people_person;
DROP INDEX call_people_upn;
DROP INDEX call_people_phone;
ALTER TABLE call_people ADD COLUMN start_time timestamptz;
UPDATE call_people p SET start_time = c.start_time FROM calls c WHERE c.tenant = p.tenant AND c.id = p.call_id;
CREATE INDEX call_people_person ON call_people (tenant, lower(person_id), start_time DESC NULLS LAST, call_id);
CREATE INDEX call_people_upn ON call_people (tenant, upn, start_time DESC NULLS LAST, call_id);
CREATE INDEX call_people_phone ON call_people (tenant, phone, start_time DESC NULLS LAST, call_id);
