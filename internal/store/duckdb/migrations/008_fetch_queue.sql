-- callscope embedded store, schema version 8: the queue of Microsoft
-- Graph call records to fetch (store.FetchQueue), kept here so that a
-- restart loses no change notification.

CREATE TABLE graph_fetches (
    tenant      VARCHAR     NOT NULL,
    record_id   VARCHAR     NOT NULL,
    seq         BIGINT      NOT NULL, -- grows with every note of the record
    first_noted TIMESTAMPTZ NOT NULL,
    last_noted  TIMESTAMPTZ NOT NULL,
    due         TIMESTAMPTZ NOT NULL,
    attempts    INTEGER     NOT NULL,
    last_error  VARCHAR
    -- key: (tenant, record_id)
);
