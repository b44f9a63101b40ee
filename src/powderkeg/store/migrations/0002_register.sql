-- The register: arms transfers (SIPRI trade register) and curated records of militarization.
CREATE SEQUENCE transfer_ids START 1;
CREATE TABLE transfers (
    id                          BIGINT PRIMARY KEY DEFAULT nextval('transfer_ids'),
    snapshot_id                 INTEGER NOT NULL,
    record_id                   VARCHAR NOT NULL,   -- stable digest of the record's cells
    locator                     VARCHAR NOT NULL,   -- line(s) in the raw file
    vintage                     VARCHAR NOT NULL,
    recipient_id                VARCHAR NOT NULL,
    supplier_id                 VARCHAR NOT NULL,
    recipient_name              VARCHAR NOT NULL,
    supplier_name               VARCHAR NOT NULL,
    order_year                  INTEGER,
    order_year_uncertain        BOOLEAN NOT NULL,
    number_ordered              INTEGER,
    number_ordered_uncertain    BOOLEAN NOT NULL,
    designation                 VARCHAR,
    description                 VARCHAR,
    category                    VARCHAR NOT NULL,
    number_delivered            INTEGER,
    number_delivered_uncertain  BOOLEAN NOT NULL,
    delivery_years              VARCHAR,
    first_delivery_year         INTEGER,
    last_delivery_year          INTEGER,
    status                      VARCHAR,
    second_hand                 BOOLEAN NOT NULL,
    comments                    VARCHAR,
    tiv_per_unit                DOUBLE,             -- SIPRI trend-indicator value, millions: NOT US$
    tiv_total_order             DOUBLE,
    tiv_delivered               DOUBLE,
    UNIQUE (snapshot_id, record_id)
);
CREATE INDEX transfers_recipient ON transfers (recipient_id);
CREATE INDEX transfers_supplier ON transfers (supplier_id);

-- Curated records (acquisitions, force plans, facilities, agreements, exercises, incidents), from
-- the bundled register files or a user's own file; each keeps its sources and its file and line.
CREATE TABLE register_records (
    record_id   VARCHAR PRIMARY KEY,
    kind        VARCHAR NOT NULL,
    date        VARCHAR,
    end_date    VARCHAR,
    title       VARCHAR NOT NULL,
    entities    VARCHAR[] NOT NULL,
    fields      JSON NOT NULL,
    sources     JSON NOT NULL,
    confidence  VARCHAR NOT NULL,
    provenance  VARCHAR NOT NULL,   -- bundled | user
    collection  VARCHAR NOT NULL,   -- "bundled" or the user file's name
    file        VARCHAR NOT NULL,
    line        INTEGER NOT NULL,
    locator     VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL    -- of the records file
);
