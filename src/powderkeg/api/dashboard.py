"""The dashboard's pages as data: one function per page, and a cached read-only `Dashboard`.

The functions (`country_view("XKX")`, …) open the store like every API function and return the
page's view model: plain dicts of records (with their provenance columns) and chart SVGs.
`Dashboard` is what `powderkeg serve` uses: it creates the store once if it is missing, then only
ever opens it read-only, and keeps each page it built (the store does not change under a running
dashboard, so a page is built once per process).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from powderkeg.api.core import DbPath, entity_ids, opened
from powderkeg.reports import views
from powderkeg.reports.charts import warm_up
from powderkeg.store import Store

View = dict[str, Any]

DEFAULT_REGION: Final = views.REGION
DEFAULT_MEASURE: Final = "share_gdp"
DEFAULT_PAIR: Final = views.DEFAULT_PAIR
_PAGES_KEPT: Final = 256
_CHECKS_KEPT: Final = 16


def overview_view(db: DbPath = None) -> View:
    """The Western Balkans: latest spending and share of GDP per country, the ranking, charts."""
    with opened(db) as store:
        return views.overview(store)


def country_view(entity: str, *, db: DbPath = None) -> View:
    """One country: spending series with provenance, profile by pillar, charts."""
    (entity_id,) = entity_ids([entity])
    with opened(db) as store:
        return views.country(store, entity_id)


def dyad_view(a: str, b: str, *, db: DbPath = None) -> View:
    """A pair: both sides' spending, register timeline, arms imports by supplier, incidents map."""
    first, second = entity_ids([a, b])
    with opened(db) as store:
        return views.dyad(store, first, second)


def compare_view(
    region: str = DEFAULT_REGION,
    year: int | None = None,
    measure: str = DEFAULT_MEASURE,
    *,
    db: DbPath = None,
) -> View:
    """Members of `region` ranked on `measure` in `year` (default: the latest year with values)."""
    with opened(db) as store:
        return views.compare(store, region=region, year=year, measure=measure)


def register_view(
    entities: Sequence[str] = DEFAULT_PAIR,
    since: int | None = None,
    kinds: Sequence[str] = (),
    *,
    db: DbPath = None,
) -> View:
    """Register items (curated records, arms orders and deliveries) of `entities`, by date."""
    ids = list(dict.fromkeys(entity_ids(entities)))
    with opened(db) as store:
        return views.register(store, ids, since=since, kinds=kinds)


def sources_view(db: DbPath = None) -> View:
    """Every snapshot (publisher, release, licence, sha256, values) and record collection."""
    with opened(db) as store:
        return views.sources(store)


def check_view(text: str | bytes, *, filename: str | None = None, db: DbPath = None) -> View:
    """An article's claims checked; bytes are an uploaded file (.txt, .md or .html by name)."""
    plain, origin = _article(text, filename)
    with opened(db) as store:
        return views.check(store, plain, origin=origin)


def json_twin(view: View) -> View:
    """What the JSON API returns for a page: the view without chart SVGs and article segments."""
    return views.json_twin(view)


def _article(text: str | bytes, filename: str | None) -> tuple[str, str]:
    if isinstance(text, bytes):
        name = filename or "upload.txt"
        return views.article_text(text, filename=name), name
    return text, filename or "pasted text"


@dataclass(frozen=True)
class Page:
    """A page's view model and its JSON twin, serialised once."""

    view: View
    json: bytes

    @classmethod
    def of(cls, view: View) -> Page:
        twin = json.dumps(views.json_twin(view), ensure_ascii=False, allow_nan=False)
        return cls(view, twin.encode("utf-8"))


class Dashboard:
    """The pages of one store for a long-running server: read-only, each page built once.

    Creating a Dashboard creates and fills the store from the bundled extract if it is missing
    (the only write); every page is then built on a read-only connection opened for that build
    and closed after it, so the store's file lock is held only while a page is being built.
    """

    def __init__(self, db: DbPath = None, *, pages_kept: int = _PAGES_KEPT) -> None:
        with opened(db) as store:
            self.path: Path = store.path
            self._licences = views.licences(store)
        self._pages = _BuildOnce(pages_kept)
        self._checks = _BuildOnce(_CHECKS_KEPT)

    def warm_up(self) -> None:
        """Start the chart engine and build the overview ahead of the first visitor."""
        warm_up()
        self.overview()

    def entity_id(self, token: str) -> str:
        """The entity id for a user's token ("kosovo", "XK", "XKX"); QueryError if unknown."""
        (entity_id,) = entity_ids([token])
        return entity_id

    def licences(self) -> list[dict[str, Any]]:
        """One line per dataset held: publisher, licence, vintages (for every page's footer)."""
        return list(self._licences)

    def overview(self) -> Page:
        return self._built(("overview",), views.overview)

    def country(self, entity: str) -> Page:
        entity_id = self.entity_id(entity)
        return self._built(("country", entity_id), lambda store: views.country(store, entity_id))

    def dyad(self, a: str, b: str) -> Page:
        first, second = self.entity_id(a), self.entity_id(b)
        return self._built(("dyad", first, second), lambda store: views.dyad(store, first, second))

    def compare(self, region: str, year: int | None, measure: str) -> Page:
        return self._built(
            ("compare", region, year, measure),
            lambda store: views.compare(store, region=region, year=year, measure=measure),
        )

    def register(self, entities: Sequence[str], since: int | None, kinds: Sequence[str]) -> Page:
        ids = tuple(dict.fromkeys(self.entity_id(token) for token in entities))
        chosen = tuple(dict.fromkeys(kinds))
        return self._built(
            ("register", ids, since, chosen),
            lambda store: views.register(store, ids, since=since, kinds=chosen),
        )

    def sources(self) -> Page:
        return self._built(("sources",), views.sources)

    def check(self, text: str | bytes, *, filename: str | None = None) -> Page:
        """A checked article; the same text checked again within the process is not redone."""
        plain, origin = _article(text, filename)
        key = (hashlib.sha256(plain.encode("utf-8")).hexdigest(), origin)
        return self._checks.get(
            key, lambda: self._on_store(lambda s: views.check(s, plain, origin=origin))
        )

    def _built(self, key: Hashable, build: Callable[[Store], View]) -> Page:
        return self._pages.get(key, lambda: self._on_store(build))

    def _on_store(self, build: Callable[[Store], View]) -> Page:
        with Store(self.path, read_only=True) as store:
            return Page.of(build(store))


class _BuildOnce:
    """The last `size` pages by key; concurrent requests for a page being built wait for it."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._pages: OrderedDict[Hashable, Page] = OrderedDict()
        self._building: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Page]) -> Page:
        with self._lock:
            found = self._kept(key)
            if found is not None:
                return found
            building = self._building.setdefault(key, threading.Lock())
        try:
            with building:
                return self._built_once(key, build)
        finally:
            with self._lock:
                self._building.pop(key, None)

    def _built_once(self, key: Hashable, build: Callable[[], Page]) -> Page:
        with self._lock:
            found = self._kept(key)
        if found is not None:
            return found
        page = build()  # outside the lock: other pages are served meanwhile
        with self._lock:
            self._keep(key, page)
        return page

    def _kept(self, key: Hashable) -> Page | None:
        page = self._pages.get(key)
        if page is not None:
            self._pages.move_to_end(key)
        return page

    def _keep(self, key: Hashable, page: Page) -> None:
        self._pages[key] = page
        while len(self._pages) > self._size:
            self._pages.popitem(last=False)
