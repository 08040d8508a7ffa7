-- The PSTN and Direct Routing reports. usage_rows keeps each row as
-- canonical JSON; the reports read what they group, filter and add up
-- from one typed fact per PSTN or direct-routing row (store.UsageFact),
-- written with the row in the same transaction, so that a row rewritten
-- by retention has its personal columns cleared here too. SMS rows are
-- not calls and have no fact.
CREATE TABLE usage_facts (
    tenant            text NOT NULL,
    kind              text NOT NULL,
    id                text NOT NULL,
    start_time        timestamptz,
    day               date,
    user_key          text,   -- object id, else the UPN, in lower case
    user_upn          text,
    user_name         text,
    number            text,   -- the organization's end: a leading '+', digits and '*'
    country           text,
    call_type         text,
    trunk             text,   -- the SBC's FQDN in lower case
    successful        boolean,
    sip_code          bigint,
    sub_reason        bigint,
    sip_phrase        text,
    duration          bigint,
    charge            double precision,
    connection_charge double precision,
    currency          text,
    call_ref          text,   -- correlationId, else callId: a call's id
    PRIMARY KEY (tenant, kind, id)
);

-- A report reads a window of a tenant's rows; the drill-down pages
-- through them newest first, in this order exactly (keys bytewise).
CREATE INDEX usage_facts_newest ON usage_facts
    (tenant, start_time DESC NULLS LAST, kind COLLATE "C", id COLLATE "C");

-- A report grouped by user names the users it shows from their rows;
-- the rows of a user are found by object id (the key) or UPN.
CREATE INDEX usage_facts_user ON usage_facts (tenant, user_key);
CREATE INDEX usage_facts_upn ON usage_facts (tenant, lower(user_upn));

-- The currencies each tenant's rows were charged in ('' for charges
-- without one), so that a report knows its charge columns without a
-- scan of its own. A currency stays once seen.
CREATE TABLE usage_currencies (
    tenant   text NOT NULL,
    currency text NOT NULL,
    PRIMARY KEY (tenant, currency)
);

-- The facts of the rows stored before, as store.UsageFactOf computes
-- them (TestUsageFactsBackfill holds the two to one answer).
INSERT INTO usage_facts
SELECT
    tenant, kind, id, start_time,
    (start_time AT TIME ZONE 'UTC')::date,
    lower(coalesce(user_id, upn)),
    upn,
    nullif(j->>'userDisplayName', ''),
    nullif(CASE WHEN left(digits, 1) = '+' THEN '+' || replace(substr(digits, 2), '+', '') ELSE replace(digits, '+', '') END, ''),
    coalesce(nullif(j->>'usageCountryCode', ''), nullif(j->>'userCountryCode', '')),
    call_type,
    lower(nullif(j->>'trunkFullyQualifiedDomainName', '')),
    (j->>'successfulCall')::boolean,
    (j->>'finalSipCode')::bigint,
    (j->>'callEndSubReason')::bigint,
    nullif(j->>'finalSipCodePhrase', ''),
    (j->>'duration')::bigint,
    (j->>'charge')::double precision,
    (j->>'connectionCharge')::double precision,
    nullif(j->>'currency', ''),
    coalesce(nullif(j->>'correlationId', ''), nullif(j->>'callId', ''))
FROM (
    SELECT tenant, kind, id, start_time, j,
        nullif(j->>'userId', '') AS user_id,
        nullif(j->>'userPrincipalName', '') AS upn,
        nullif(j->>'callType', '') AS call_type,
        regexp_replace(coalesce(CASE WHEN lower(nullif(j->>'callType', '')) LIKE '%in' THEN j->>'calleeNumber'
            ELSE j->>'callerNumber' END, ''), '[^0-9*+]', '', 'g') AS digits
    FROM (SELECT tenant, kind, id, start_time, row::jsonb AS j FROM usage_rows WHERE kind IN ('pstn', 'directRouting')) r
) v;

INSERT INTO usage_currencies
SELECT DISTINCT tenant, coalesce(currency, '') FROM usage_facts WHERE charge IS NOT NULL OR connection_charge IS NOT NULL;
