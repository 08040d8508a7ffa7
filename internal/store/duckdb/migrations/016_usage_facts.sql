-- callscope embedded store, schema version 16: the PSTN and Direct
-- Routing reports.
--
-- usage_rows keeps each row as canonical JSON; the reports read what they
-- group, filter and add up from one typed fact per PSTN or direct-routing
-- row (store.UsageFact), written with the row in the same transaction, so
-- that a row rewritten by retention has its personal columns cleared
-- here too. SMS rows are not calls and have no fact.
--
-- No index: the reports scan a window of a column or two, which DuckDB's
-- zone maps on start_time already narrow (rows arrive roughly by day),
-- and indexes slow every checkpoint (see 004).
CREATE TABLE usage_facts (
    tenant            VARCHAR NOT NULL,
    kind              VARCHAR NOT NULL,
    id                VARCHAR NOT NULL,
    start_time        TIMESTAMPTZ,
    day               DATE,
    user_key          VARCHAR,   -- object id, else the UPN, in lower case
    user_upn          VARCHAR,
    user_name         VARCHAR,
    number            VARCHAR,   -- the organization's end: a leading '+', digits and '*'
    country           VARCHAR,
    call_type         VARCHAR,
    trunk             VARCHAR,   -- the SBC's FQDN in lower case
    successful        BOOLEAN,
    sip_code          BIGINT,
    sub_reason        BIGINT,
    sip_phrase        VARCHAR,
    duration          BIGINT,
    charge            DOUBLE,
    connection_charge DOUBLE,
    currency          VARCHAR,
    call_ref          VARCHAR    -- correlationId, else callId: a call's id
    -- key: (tenant, kind, id), as usage_rows
);

-- The currencies each tenant's rows were charged in ('' for charges
-- without one), so that a report knows its charge columns without a
-- scan of its own. A currency stays once seen.
CREATE TABLE usage_currencies (
    tenant   VARCHAR NOT NULL,
    currency VARCHAR NOT NULL
    -- key: (tenant, currency)
);

-- The facts of the rows stored before, as store.UsageFactOf computes
-- them (TestUsageFactsBackfill holds the two to one answer).
INSERT INTO usage_facts
WITH r AS (
    SELECT tenant, kind, id, start_time, CAST(row AS JSON) AS j
    FROM usage_rows
    WHERE kind IN ('pstn', 'directRouting')
), v AS (
    SELECT tenant, kind, id, start_time, j,
        nullif(j->>'$.userId', '') AS user_id,
        nullif(j->>'$.userPrincipalName', '') AS upn,
        nullif(j->>'$.callType', '') AS call_type,
        regexp_replace(coalesce(CASE WHEN lower(nullif(j->>'$.callType', '')) LIKE '%in' THEN j->>'$.calleeNumber'
            ELSE j->>'$.callerNumber' END, ''), '[^0-9*+]', '', 'g') AS digits
    FROM r
)
SELECT
    tenant, kind, id, start_time,
    CAST(start_time AT TIME ZONE 'UTC' AS DATE),
    lower(coalesce(user_id, upn)),
    upn,
    nullif(j->>'$.userDisplayName', ''),
    nullif(CASE WHEN left(digits, 1) = '+' THEN '+' || replace(substr(digits, 2), '+', '') ELSE replace(digits, '+', '') END, ''),
    coalesce(nullif(j->>'$.usageCountryCode', ''), nullif(j->>'$.userCountryCode', '')),
    call_type,
    lower(nullif(j->>'$.trunkFullyQualifiedDomainName', '')),
    TRY_CAST(j->>'$.successfulCall' AS BOOLEAN),
    TRY_CAST(j->>'$.finalSipCode' AS BIGINT),
    TRY_CAST(j->>'$.callEndSubReason' AS BIGINT),
    nullif(j->>'$.finalSipCodePhrase', ''),
    TRY_CAST(j->>'$.duration' AS BIGINT),
    TRY_CAST(j->>'$.charge' AS DOUBLE),
    TRY_CAST(j->>'$.connectionCharge' AS DOUBLE),
    nullif(j->>'$.currency', ''),
    coalesce(nullif(j->>'$.correlationId', ''), nullif(j->>'$.callId', ''))
FROM v;

INSERT INTO usage_currencies
SELECT DISTINCT tenant, coalesce(currency, '') FROM usage_facts WHERE charge IS NOT NULL OR connection_charge IS NOT NULL;
