-- callscope embedded store, schema version 10: an ACS log record's
-- canonical JSON is stored compressed (zstd), in a column of its own, as
-- a call's is since version 9. Records stored before keep their plain
-- text until they are written again; a compressed record's text is the
-- empty string.

ALTER TABLE acs_records ADD COLUMN record_zstd BLOB;
