-- How each person's own sessions of a call went (model.OwnVerdict): a
-- user's list shows their rating and issues next to the whole call's.
-- Rows stored before stay NULL until their call is written again
-- (callscope reclassify writes every call).
ALTER TABLE call_people ADD COLUMN own_sessions integer;
ALTER TABLE call_people ADD COLUMN own_rating text;
ALTER TABLE call_people ADD COLUMN own_red_issues integer;
ALTER TABLE call_people ADD COLUMN own_yellow_issues integer;
