"""Read-only questions to the store, answered as pandas DataFrames."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from powderkeg.store.store import Store

_OBSERVATION_SELECT = """
SELECT o.id AS observation_id, o.entity_id AS entity, e.name AS entity_name, o.period AS year,
       o.measure, o.value, o.unit, o.currency, o.price_basis, o.base_year, o.dataset, o.vintage,
       o.flags, o.locator, o.source_name, o.derivation,
       s.source_id AS source, s.id AS snapshot_id, s.sha256, s.file_name, s.publisher, s.licence
FROM observations o
JOIN snapshots s ON s.id = o.snapshot_id
LEFT JOIN entities e ON e.id = o.entity_id
"""


def observations(
    store: Store,
    *,
    entities: Sequence[str] | None = None,
    measures: Sequence[str] | None = None,
    start: int | None = None,
    end: int | None = None,
    vintage: str | None = None,
) -> pd.DataFrame:
    """Every stored value matching the filters, all vintages, with its snapshot."""
    clauses: list[str] = []
    params: list[object] = []
    if entities is not None:
        clauses.append("o.entity_id IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(entities))
    if measures is not None:
        clauses.append("o.measure IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(measures))
    if start is not None:
        clauses.append("o.period >= ?")
        params.append(start)
    if end is not None:
        clauses.append("o.period <= ?")
        params.append(end)
    if vintage is not None:
        clauses.append("o.vintage = ?")
        params.append(vintage)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = f"{_OBSERVATION_SELECT} {where} ORDER BY o.entity_id, o.measure, o.period, o.vintage"
    return store.con.execute(sql, params).df()


def latest_observations(
    store: Store,
    *,
    entities: Sequence[str],
    measures: Sequence[str],
    source_rank: Mapping[str, int],
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """One value per entity, year, measure and base year: the best-ranked source, the newest
    vintage, a value read from a file before a derived one, the newest snapshot. `other_vintages`
    lists ("vintage=value; …") the same dataset's other vintages that give another value."""
    rank = " ".join(f"WHEN '{source}' THEN {int(n)}" for source, n in source_rank.items())
    sql = f"""
    WITH candidates AS (
        SELECT *, CASE source {rank} ELSE 9 END AS source_rank,
               coalesce(base_year, -1) AS base_key
        FROM ({_OBSERVATION_SELECT}
              WHERE o.entity_id IN (SELECT unnest(?::VARCHAR[]))
                AND o.measure IN (SELECT unnest(?::VARCHAR[]))
                AND o.period >= ? AND o.period <= ?)),
    ranked AS (
        SELECT *, row_number() OVER (
            PARTITION BY entity, year, measure, base_key
            ORDER BY source_rank, vintage DESC, derivation IS NOT NULL, snapshot_id DESC) AS pick
        FROM candidates)
    SELECT c.* EXCLUDE (pick, source_rank, base_key),
           coalesce((SELECT string_agg(d.vintage || '=' || printf('%.6g', d.value), '; '
                                       ORDER BY d.vintage DESC)
                     FROM candidates d
                     WHERE d.entity = c.entity AND d.year = c.year AND d.measure = c.measure
                       AND d.base_key = c.base_key AND d.dataset = c.dataset
                       AND d.vintage <> c.vintage
                       AND abs(d.value - c.value) > 1e-9 * greatest(abs(c.value), 1.0)), '')
               AS other_vintages
    FROM ranked c WHERE pick = 1
    ORDER BY c.entity, c.measure, c.year"""
    params = [list(entities), list(measures), start or -(10**6), end or 10**6]
    return store.con.execute(sql, params).df()


def observation(store: Store, observation_id: int) -> pd.DataFrame:
    return store.con.execute(f"{_OBSERVATION_SELECT} WHERE o.id = ?", [observation_id]).df()


def lineage_inputs(store: Store, observation_id: int) -> pd.DataFrame:
    """The stored values a derived value was computed from."""
    sql = f"""{_OBSERVATION_SELECT}
        JOIN lineage l ON l.input_id = o.id WHERE l.derived_id = ? ORDER BY o.id"""
    return store.con.execute(sql, [observation_id]).df()


def snapshots(store: Store) -> pd.DataFrame:
    """Every raw file the store holds values (transfer records, conflict-years) from, with their count."""
    return store.con.execute(
        """SELECT s.id AS snapshot_id, s.source_id AS source, s.dataset, s.vintage, s.publisher,
                  s.title, s.url, s.retrieved, s.licence, s.citation, s.sha256, s.byte_size,
                  s.file_name,
                  (SELECT count(*) FROM observations o WHERE o.snapshot_id = s.id)
                  + (SELECT count(*) FROM transfers t WHERE t.snapshot_id = s.id)
                  + (SELECT count(*) FROM conflict_years c WHERE c.snapshot_id = s.id) AS values
           FROM snapshots s ORDER BY s.dataset, s.vintage, s.source_id"""
    ).df()


def observation_count(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM observations") or 0)


def entity_table(store: Store) -> pd.DataFrame:
    return store.con.execute("SELECT * FROM entities ORDER BY id").df()


def latest_values(store: Store, measures: Sequence[str], sources: Sequence[str]) -> pd.DataFrame:
    """The newest vintage of every entity-year value of `measures` read from `sources` (fast path
    for bulk needs such as implied exchange rates; values read from files win over derived ones)."""
    return store.con.execute(
        """SELECT entity_id AS entity_name, period, measure, value, currency, locator
           FROM (SELECT o.*, row_number() OVER (
                     PARTITION BY o.entity_id, o.period, o.measure, o.base_year
                     ORDER BY o.vintage DESC, o.derivation IS NOT NULL, o.snapshot_id DESC) AS rank
                 FROM observations o JOIN snapshots s ON s.id = o.snapshot_id
                 WHERE o.measure IN (SELECT unnest(?::VARCHAR[]))
                   AND s.source_id IN (SELECT unnest(?::VARCHAR[])))
           WHERE rank = 1""",
        [list(measures), list(sources)],
    ).df()
