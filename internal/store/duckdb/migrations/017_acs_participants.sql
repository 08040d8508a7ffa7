-- callscope embedded store, schema version 17: ACS participants.
--
-- One row per participant of a stored ACS call (model.ACSParticipantFact:
-- its client, how it ended, its leg's streams and its end-of-call
-- surveys), for the ACS insights report, and their sums by day
-- (acs_participant_days). A call's rows are written with
-- its stream facts, replaced with them and deleted with the call. They
-- hold no personal data. The store writes the rows of the ACS calls
-- already stored when it is next opened (acs-participants-rebuild).

CREATE TABLE acs_participants (
    tenant           VARCHAR NOT NULL,
    call_id          VARCHAR NOT NULL,
    call_start       TIMESTAMPTZ,
    day              DATE,       -- call_start's UTC date
    call_type        VARCHAR,    -- P2P or Group
    interop          BOOLEAN NOT NULL, -- a Teams meeting
    survey_only      BOOLEAN NOT NULL, -- surveys naming no participant
    participant_id   VARCHAR,
    participant_type VARCHAR,
    endpoint_type    VARCHAR,
    sdk_version      VARCHAR,
    os               VARCHAR,
    platform         VARCHAR,
    end_code         VARCHAR,
    end_sub_code     VARCHAR,
    result_category  VARCHAR,
    unexpected       BOOLEAN NOT NULL,
    seconds          DOUBLE,
    streams          BIGINT NOT NULL,
    poor_streams     BIGINT NOT NULL,
    surveys          BIGINT NOT NULL,
    overall_n        BIGINT NOT NULL,
    overall_sum      DOUBLE NOT NULL,
    overall_poor     BIGINT NOT NULL,
    audio_n          BIGINT NOT NULL,
    audio_sum        DOUBLE NOT NULL,
    audio_poor       BIGINT NOT NULL,
    video_n          BIGINT NOT NULL,
    video_sum        DOUBLE NOT NULL,
    video_poor       BIGINT NOT NULL,
    screenshare_n    BIGINT NOT NULL,
    screenshare_sum  DOUBLE NOT NULL,
    screenshare_poor BIGINT NOT NULL,
    issues           VARCHAR,    -- "kind:Issue", comma-separated, once per survey
    -- Whether the participant is its call's first, and the first of
    -- its call with its SDK version, OS… (model.ACSFirst): summing the
    -- marks of a group of one value counts its distinct calls.
    first_call             BOOLEAN NOT NULL,
    first_sdk              BOOLEAN NOT NULL,
    first_os               BOOLEAN NOT NULL,
    first_platform         BOOLEAN NOT NULL,
    first_participant_type BOOLEAN NOT NULL,
    first_endpoint_type    BOOLEAN NOT NULL,
    first_end              BOOLEAN NOT NULL
);

-- The participants summed by day and every dimension, for the report's
-- queries: a store of millions of participants answers from a few
-- thousand rows. Distinct calls are sums of the first marks, exact for
-- groupings and filters of at most one participant dimension (callscope
-- reads acs_participants for the others). Writes append rows: the sums
-- of the calls written, and those of the calls they replace or delete
-- negated; a key's rows are summed when read.
CREATE TABLE acs_participant_days (
    tenant                 VARCHAR NOT NULL,
    day                    DATE,
    call_type              VARCHAR,
    interop                BOOLEAN NOT NULL,
    survey_only            BOOLEAN NOT NULL,
    participant_type       VARCHAR,
    endpoint_type          VARCHAR,
    sdk_version            VARCHAR,
    os                     VARCHAR,
    platform               VARCHAR,
    end_code               VARCHAR,
    end_sub_code           VARCHAR,
    result_category        VARCHAR,
    n                      BIGINT NOT NULL,
    calls                  BIGINT NOT NULL,
    calls_sdk              BIGINT NOT NULL,
    calls_os               BIGINT NOT NULL,
    calls_platform         BIGINT NOT NULL,
    calls_participant_type BIGINT NOT NULL,
    calls_endpoint_type    BIGINT NOT NULL,
    calls_end              BIGINT NOT NULL,
    seconds                DOUBLE NOT NULL,
    categorized            BIGINT NOT NULL,
    unexpected             BIGINT NOT NULL,
    streams                BIGINT NOT NULL,
    poor_streams           BIGINT NOT NULL,
    impacted               BIGINT NOT NULL,
    surveys                BIGINT NOT NULL,
    overall_n              BIGINT NOT NULL,
    overall_sum            DOUBLE NOT NULL,
    overall_poor           BIGINT NOT NULL,
    audio_n                BIGINT NOT NULL,
    audio_sum              DOUBLE NOT NULL,
    audio_poor             BIGINT NOT NULL,
    video_n                BIGINT NOT NULL,
    video_sum              DOUBLE NOT NULL,
    video_poor             BIGINT NOT NULL,
    screenshare_n          BIGINT NOT NULL,
    screenshare_sum        DOUBLE NOT NULL,
    screenshare_poor       BIGINT NOT NULL
);

DELETE FROM settings WHERE key = 'acs-participants-rebuild';
INSERT INTO settings (key, value, updated_at) VALUES ('acs-participants-rebuild', 'needed', now());
