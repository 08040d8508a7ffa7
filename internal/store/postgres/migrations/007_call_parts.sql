-- A large meeting's record, split for views (store.SplitDetail): part 0
-- is the record without its sessions' segments, part n+1 the segments of
-- sessions n*20 to n*20+19. A view of one page of a town hall's sessions
-- reads and decodes the head and that page's part rather than the
-- megabytes of the whole record, which calls.detail still holds whole.
-- callscope splits the calls already stored as this migration is applied.
CREATE TABLE call_parts (
    tenant  text    NOT NULL,
    call_id text    NOT NULL,
    part    integer NOT NULL,
    data    bytea   NOT NULL, -- zstd
    PRIMARY KEY (tenant, call_id, part)
);
