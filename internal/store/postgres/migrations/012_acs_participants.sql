-- ACS participants: one row per participant of a stored ACS call
-- (model.ACSParticipantFact: its client, how it ended, its leg's streams
-- and its end-of-call surveys), for the ACS insights report. A call's
-- rows are written with its stream facts, replaced with them and deleted
-- with the call. They hold no personal data. callscope writes the rows
-- of the ACS calls already stored as this migration is applied.
CREATE TABLE acs_participants (
    tenant           text             NOT NULL,
    call_id          text             NOT NULL,
    call_start       timestamptz,
    day              date,             -- call_start's UTC date
    call_type        text,             -- P2P or Group
    interop          boolean          NOT NULL, -- a Teams meeting
    survey_only      boolean          NOT NULL, -- surveys naming no participant
    participant_id   text,
    participant_type text,
    endpoint_type    text,
    sdk_version      text,
    os               text,
    platform         text,
    end_code         text,
    end_sub_code     text,
    result_category  text,
    unexpected       boolean          NOT NULL,
    seconds          double precision,
    streams          bigint           NOT NULL,
    poor_streams     bigint           NOT NULL,
    surveys          bigint           NOT NULL,
    overall_n        bigint           NOT NULL,
    overall_sum      double precision NOT NULL,
    overall_poor     bigint           NOT NULL,
    audio_n          bigint           NOT NULL,
    audio_sum        double precision NOT NULL,
    audio_poor       bigint           NOT NULL,
    video_n          bigint           NOT NULL,
    video_sum        double precision NOT NULL,
    video_poor       bigint           NOT NULL,
    screenshare_n    bigint           NOT NULL,
    screenshare_sum  double precision NOT NULL,
    screenshare_poor bigint           NOT NULL,
    issues           text,             -- "kind:Issue", comma-separated, once per survey
    -- Whether the participant is its call's first, and the first of
    -- its call with its SDK version, OS… (model.ACSFirst): summing the
    -- marks of a group of one value counts its distinct calls.
    first_call             boolean NOT NULL,
    first_sdk              boolean NOT NULL,
    first_os               boolean NOT NULL,
    first_platform         boolean NOT NULL,
    first_participant_type boolean NOT NULL,
    first_endpoint_type    boolean NOT NULL,
    first_end              boolean NOT NULL,
    -- A key of its own, last, so that rows are written by position: a
    -- call's rows are found by its id (acs_participants_call), and Citus
    -- distributes a table by a primary key that starts with the tenant.
    seq                    bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (tenant, seq)
);
-- The report reads a tenant's window, and lists calls newest first; a
-- call's rows are replaced by id.
CREATE INDEX acs_participants_start ON acs_participants (tenant, call_start DESC NULLS LAST);
CREATE INDEX acs_participants_call ON acs_participants (tenant, call_id);
-- Few participants name survey issues; the report counts theirs alone.
CREATE INDEX acs_participants_issues ON acs_participants (tenant, call_start) WHERE issues IS NOT NULL;

-- The participants summed by day and every dimension, for the report's
-- queries: a store of millions of participants answers from a few
-- thousand rows. Distinct calls are sums of the first marks, exact for
-- groupings and filters of at most one participant dimension (callscope
-- reads acs_participants for the others). Writes append rows: the sums
-- of the calls written, and those of the calls they replace or delete
-- negated; a key's rows are summed when read.
CREATE TABLE acs_participant_days (
    tenant                 text NOT NULL,
    day                    date,
    call_type              text,
    interop                boolean NOT NULL,
    survey_only            boolean NOT NULL,
    participant_type       text,
    endpoint_type          text,
    sdk_version            text,
    os                     text,
    platform               text,
    end_code               text,
    end_sub_code           text,
    result_category        text,
    n                      bigint NOT NULL,
    calls                  bigint NOT NULL,
    calls_sdk              bigint NOT NULL,
    calls_os               bigint NOT NULL,
    calls_platform         bigint NOT NULL,
    calls_participant_type bigint NOT NULL,
    calls_endpoint_type    bigint NOT NULL,
    calls_end              bigint NOT NULL,
    seconds                double precision NOT NULL,
    categorized            bigint NOT NULL,
    unexpected             bigint NOT NULL,
    streams                bigint NOT NULL,
    poor_streams           bigint NOT NULL,
    impacted               bigint NOT NULL,
    surveys                bigint NOT NULL,
    overall_n              bigint NOT NULL,
    overall_sum            double precision NOT NULL,
    overall_poor           bigint NOT NULL,
    audio_n                bigint NOT NULL,
    audio_sum              double precision NOT NULL,
    audio_poor             bigint NOT NULL,
    video_n                bigint NOT NULL,
    video_sum              double precision NOT NULL,
    video_poor             bigint NOT NULL,
    screenshare_n          bigint NOT NULL,
    screenshare_sum        double precision NOT NULL,
    screenshare_poor       bigint NOT NULL,
    -- Several rows may share a key (writes append, reads sum): a key of
    -- its own, last, as the rollups have.
    seq                    bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (tenant, seq)
);
CREATE INDEX acs_participant_days_day ON acs_participant_days (tenant, day);
