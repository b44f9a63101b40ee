-- Armed conflicts: one row per conflict and year (UCDP/PRIO Armed Conflict Dataset), per snapshot.
CREATE TABLE conflict_years (
    snapshot_id       INTEGER NOT NULL,
    conflict_id       INTEGER NOT NULL,
    year              INTEGER NOT NULL,
    location          VARCHAR NOT NULL,
    side_a            VARCHAR NOT NULL,
    side_b            VARCHAR NOT NULL,
    territory_name    VARCHAR,
    incompatibility   INTEGER NOT NULL,   -- 1 territory, 2 government, 3 both
    intensity_level   INTEGER NOT NULL,   -- 1 minor (25-999 battle-related deaths), 2 war (1,000+)
    type_of_conflict  INTEGER NOT NULL,   -- 1 extrasystemic, 2 interstate, 3 intrastate, 4 internationalized
    start_date        DATE,               -- first battle-related death of the conflict
    start_date2       DATE,               -- start of the episode this year belongs to
    ep_end            BOOLEAN NOT NULL,   -- the episode ended this year
    ep_end_date       DATE,
    entities          VARCHAR[] NOT NULL, -- sides' states, location, and the territory when it is an entity
    vintage           VARCHAR NOT NULL,
    locator           VARCHAR NOT NULL,   -- line in the raw file
    UNIQUE (snapshot_id, conflict_id, year)
);
