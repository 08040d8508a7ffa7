-- callscope embedded store, schema version 9: a call's canonical JSON is
-- stored compressed (zstd, about a tenth of its size), in a column of its
-- own, since a VARCHAR must hold text. Calls stored before keep their
-- plain detail until they are written again; a compressed call's detail
-- is the empty string.

ALTER TABLE calls ADD COLUMN detail_zstd BLOB;
