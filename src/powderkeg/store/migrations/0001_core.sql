-- The core tables: entities, snapshots of raw files, observations with provenance, lineage, ingest ledger.
CREATE TABLE entities (
    id           VARCHAR PRIMARY KEY,      -- ISO3 where one exists (Kosovo = XKX), else a documented id
    name         VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,         -- country | former_state | aggregate | non_state
    iso2         VARCHAR,
    iso_numeric  INTEGER,
    fips         VARCHAR,
    cameo        VARCHAR,
    gw           INTEGER,
    wb           VARCHAR,
    region       VARCHAR
);

CREATE SEQUENCE snapshot_ids START 1;
CREATE TABLE snapshots (
    id         INTEGER PRIMARY KEY DEFAULT nextval('snapshot_ids'),
    source_id  VARCHAR NOT NULL,           -- the parser that read it: sipri_milex, owid_grapher, wb_wdi, ...
    dataset    VARCHAR NOT NULL,           -- the upstream database the values belong to
    publisher  VARCHAR NOT NULL,
    title      VARCHAR NOT NULL,
    url        VARCHAR NOT NULL,
    vintage    VARCHAR NOT NULL,           -- the upstream release, e.g. "2024" or "2025-04-15"
    retrieved  DATE NOT NULL,
    licence    VARCHAR NOT NULL,
    citation   VARCHAR NOT NULL,
    sha256     VARCHAR NOT NULL,
    byte_size  BIGINT NOT NULL,
    file_name  VARCHAR NOT NULL,
    UNIQUE (source_id, sha256)
);

CREATE SEQUENCE observation_ids START 1;
CREATE TABLE observations (
    id           BIGINT PRIMARY KEY DEFAULT nextval('observation_ids'),
    entity_id    VARCHAR NOT NULL,
    period       INTEGER NOT NULL,
    measure      VARCHAR NOT NULL,
    value        DOUBLE NOT NULL,          -- base units: US$ not US$ m; shares in percent
    unit         VARCHAR NOT NULL,
    currency     VARCHAR,
    price_basis  VARCHAR NOT NULL,         -- current | constant | '' (not money)
    base_year    INTEGER,
    dataset      VARCHAR NOT NULL,
    vintage      VARCHAR NOT NULL,
    flags        VARCHAR NOT NULL,
    snapshot_id  INTEGER NOT NULL,
    locator      VARCHAR NOT NULL,         -- where in the raw file: sheet!cell or line/column
    source_name  VARCHAR NOT NULL,         -- the entity as the source spelled it
    derivation   VARCHAR,                  -- NULL for values read from a file; else how it was derived
    UNIQUE (snapshot_id, locator, measure)
);
CREATE INDEX observations_lookup ON observations (entity_id, measure, period);

-- A derived value remembers every stored value it was computed from.
CREATE TABLE lineage (
    derived_id  BIGINT NOT NULL,
    input_id    BIGINT NOT NULL,
    role        VARCHAR NOT NULL,
    PRIMARY KEY (derived_id, input_id)
);

-- One row per ingest attempt that reached the store: what, how many rows, outcome.
CREATE SEQUENCE ingest_ids START 1;
CREATE TABLE ingests (
    id           INTEGER PRIMARY KEY DEFAULT nextval('ingest_ids'),
    source_id    VARCHAR NOT NULL,
    file_name    VARCHAR NOT NULL,
    sha256       VARCHAR NOT NULL,
    snapshot_id  INTEGER,
    rows_read    BIGINT NOT NULL,
    rows_added   BIGINT NOT NULL,
    first_period INTEGER,
    last_period  INTEGER,
    notes        VARCHAR NOT NULL,
    finished_at  TIMESTAMP NOT NULL
);

-- Small facts about the store itself (e.g. the digest of the entity crosswalk last synced).
CREATE TABLE store_meta (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR NOT NULL
);
