-- callscope embedded store, schema version 5: building files.
--
-- buildings holds each tenant's active building file as uploaded, one row
-- per file row; building_subnets its CQD expansion (one row per /24 a
-- range covers, per address of a VPN row), which stream facts join by
-- subnet equality, the way CQD joins a record's subnet to the file.
-- Keys, kept by the store's single writer: buildings (tenant, line),
-- building_subnets (tenant, subnet).

CREATE TABLE buildings (
    tenant               VARCHAR     NOT NULL,
    line                 INTEGER     NOT NULL,
    network_ip           VARCHAR     NOT NULL, -- network address
    network_range        INTEGER     NOT NULL, -- prefix length
    network_name         VARCHAR     NOT NULL,
    building_name        VARCHAR     NOT NULL,
    ownership_type       VARCHAR     NOT NULL,
    building_type        VARCHAR     NOT NULL,
    building_office_type VARCHAR     NOT NULL,
    city                 VARCHAR     NOT NULL,
    zip_code             VARCHAR     NOT NULL,
    country              VARCHAR     NOT NULL,
    state                VARCHAR     NOT NULL,
    region               VARCHAR     NOT NULL,
    inside_corp          BOOLEAN     NOT NULL,
    express_route        BOOLEAN     NOT NULL,
    vpn                  BOOLEAN     NOT NULL,
    uploaded_at          TIMESTAMPTZ NOT NULL
);

CREATE TABLE building_subnets (
    tenant VARCHAR NOT NULL,
    subnet VARCHAR NOT NULL,
    line   INTEGER NOT NULL -- the buildings row
);
