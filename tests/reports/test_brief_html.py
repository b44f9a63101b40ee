"""The issue's acceptance test: in the HTML brief on Kosovo and Serbia with the essay checked,
every digit of the prose is inside a figure, every figure has a footnote, and every footnote
resolves to a stored value (re-queried here by its identity) that matches the figure as shown.

The page is read back with html.parser, independently of the code that wrote it. "Prose" is every
text node outside the apparatus: charts (`figure.chart`), the footnote list (`ol.footnotes`), the
sources table (`table.sources`), footnote markers (`sup.fn`), `<time>`, figures (`span.fig`),
quotations of the checked article (`q.quote`) and the document head.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from powderkeg.api.briefs import brief
from powderkeg.claims import CheckReport
from powderkeg.claims.with_store import check_against_store
from powderkeg.store import Store
from powderkeg.store.queries import observation, snapshots
from powderkeg.store.register import records, transfers

ESSAY = "militarization-of-kosovo.txt"
GENERATED = date(2026, 11, 30)

# --- reading the page back --------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
APPARATUS = {
    ("figure", "chart"),
    ("ol", "footnotes"),
    ("table", "sources"),
    ("sup", "fn"),
    ("span", "fig"),
    ("q", "quote"),
}
HIDDEN_TAGS = {"head", "style", "script", "time"}
LINK_ATTRIBUTES = ("href", "src", "xlink:href", "srcset", "data", "poster", "action")


@dataclass
class Figure:
    note: int
    field: str
    text: str = ""


@dataclass
class Note:
    number: int
    ref: dict[str, Any]
    text: str = ""


@dataclass
class Page:
    prose: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    notes: dict[int, Note] = field(default_factory=dict)
    quotes: list[str] = field(default_factory=list)
    times: list[tuple[str, str]] = field(default_factory=list)
    links: list[tuple[str, str, str, str]] = field(default_factory=list)  # tag, attr, value, where
    markers: list[int] = field(default_factory=list)
    source_rows: list[list[str]] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[tuple[str, str]] = []
        self._figure: Figure | None = None
        self._note: Note | None = None
        self._quote: list[str] | None = None
        self._time: tuple[str, list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        self.page.tags.add(tag)
        self._links(tag, found)
        self._open(tag, found)
        if tag not in VOID:
            self.stack.append((tag, found.get("class", "")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        self.page.tags.add(tag)
        self._links(tag, found)

    def _links(self, tag: str, attrs: dict[str, str]) -> None:
        for name in ("href", "src", "xlink:href", "srcset", "data", "poster", "action"):
            if name in attrs:
                self.page.links.append((tag, name, attrs[name], self._place()))

    def _place(self) -> str:
        if self._inside(("ol", "footnotes")):
            return "footnotes"
        if self._inside(("table", "sources")):
            return "sources"
        return "elsewhere"

    def _open(self, tag: str, attrs: dict[str, str]) -> None:
        classes = attrs.get("class", "")
        if tag == "span" and classes == "fig":
            self._figure = Figure(int(attrs["data-fn"]), attrs["data-field"])
            self.page.figures.append(self._figure)
        elif tag == "a" and self._inside(("sup", "fn")):
            self.page.markers.append(int(attrs["href"].removeprefix("#fn-")))
        elif tag == "li" and attrs.get("id", "").startswith("fn-"):
            number = int(attrs["id"].removeprefix("fn-"))
            self._note = Note(number, json.loads(attrs["data-ref"]))
            self.page.notes[number] = self._note
        elif tag == "q" and classes == "quote":
            self._quote = []
        elif tag == "time":
            self._time = (attrs.get("datetime", ""), [])
        elif tag == "tr" and self._inside(("table", "sources")):
            self.page.source_rows.append([])
        elif tag == "td" and self._inside(("table", "sources")):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            opened, classes = self.stack.pop()
            self._close(opened, classes)
            if opened == tag:
                break

    def _close(self, tag: str, classes: str) -> None:
        if tag == "span" and classes == "fig":
            self._figure = None
        elif tag == "li" and self._note is not None:
            self._note = None
        elif tag == "q" and self._quote is not None:
            self.page.quotes.append("".join(self._quote))
            self._quote = None
        elif tag == "time" and self._time is not None:
            self.page.times.append((self._time[0], "".join(self._time[1])))
            self._time = None
        elif tag == "td" and self._cell is not None:
            self.page.source_rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        for target in (self._quote, self._cell, self._time[1] if self._time else None):
            if target is not None:
                target.append(data)
        if self._figure is not None:
            self._figure.text += data
        if self._note is not None:
            self._note.text += data
        if data.strip() and not self._hidden():
            self.page.prose.append(data)

    def _inside(self, wanted: tuple[str, str]) -> bool:
        return any(tag == wanted[0] and wanted[1] in classes.split() for tag, classes in self.stack)

    def _hidden(self) -> bool:
        for tag, classes in self.stack:
            if tag in HIDDEN_TAGS or any((tag, c) in APPARATUS for c in classes.split()):
                return True
        return False


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page


# --- resolving a footnote against the store, by its identity ----------------------------------

# The documented derivations (docs/briefs.md), written out again here.
FORMULAS: dict[str, Callable[[list[float], list[float]], float]] = {
    "growth": lambda x, _w: (x[0] / x[1] - 1) * 100,
    "ratio": lambda x, _w: x[0] / x[1],
    "share": lambda x, _w: x[0] / x[1] * 100,
    "difference": lambda x, _w: x[0] - x[1],
    "sum": lambda x, w: sum(v * k for v, k in zip(x, w or [1.0] * len(x), strict=True)),
    "median": lambda x, _w: statistics.median(x),
    "hhi": lambda x, _w: sum((v / sum(x) * 100) ** 2 for v in x),
    "count": lambda x, _w: float(len(x)),
}


@dataclass
class Resolver:
    store: Store
    essay: str
    report: CheckReport

    @functools.cached_property
    def transfers(self) -> pd.DataFrame:
        return transfers(self.store)

    @functools.cached_property
    def records(self) -> pd.DataFrame:
        return records(self.store)

    def value(self, ref: dict[str, Any], field: str = "value") -> Any:
        """The stored value a footnote identity (and a figure's field) points at."""
        kind, key = ref["kind"], ref["key"]
        if kind == "observation":
            found = observation(self.store, int(key))
            assert len(found) == 1, f"no observation {key}"
            return float(found["value"].iloc[0])
        if kind == "transfer":
            return self._transfer(key, field)
        if kind == "record":
            return self._record(key, field)
        if kind == "derived":
            return self._derived(ref)
        if kind == "check":
            return self._check(key)
        raise AssertionError(f"unknown footnote kind {kind!r}")

    def _transfer(self, key: str, field: str) -> Any:
        sha256, record_id = key.split(":")
        rows = self.transfers
        found = rows[(rows["record_id"] == record_id) & (rows["sha256"] == sha256)]
        assert len(found) == 1, f"no trade-register record {key}"
        return record_id if field == "" else found[field].iloc[0]

    def _record(self, key: str, field: str) -> Any:
        rows = self.records
        found = rows[rows["record_id"] == key]
        assert len(found) == 1, f"no register record {key}"
        value: Any = found["fields"].iloc[0]
        if field == "":
            return key  # the record as a whole
        for part in field.split("."):
            value = value[int(part)] if isinstance(value, list) else value[part]
        return value

    def _derived(self, ref: dict[str, Any]) -> float:
        inputs = [self.value(item, item.get("field", "value")) for item in ref["inputs"]]
        if ref["key"] != "count":
            inputs = [float(item) for item in inputs]
        return float(FORMULAS[ref["key"]](inputs, ref.get("weights", [])))

    def _check(self, key: str) -> Any:
        if key.startswith("article:"):
            digest = hashlib.sha256(self.essay.encode("utf-8")).hexdigest()
            assert key == f"article:{digest}"
            return digest
        kind, ids = key.split(":")
        found = [c for c in self.report.checks if c.kind == kind and ",".join(c.claim_ids) == ids]
        assert len(found) == 1, f"no check {key} in the essay's report"
        return found[0].recomputed if found[0].recomputed is not None else found[0].verdict


NUMBER = re.compile(r"([+\-−]?)(\d[\d,]*(?:\.(\d+))?)(?:\s+(thousand|million|billion))?")
SCALES = {None: 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}


def shown_number(text: str) -> tuple[float, float]:
    """The first number of a figure's text and half a unit of its last digit, scaled.

    TIV is stored in millions ("TIV million"), so "TIV 29.8 million" is 29.8 as stored.
    """
    found = NUMBER.search(text)
    assert found, f"no number in the figure {text!r}"
    sign, digits, decimals, scale = found.groups()
    size = 1.0 if text.startswith("TIV ") else SCALES[scale]
    value = float(digits.replace(",", "")) * size * (-1 if sign in {"-", "−"} else 1)
    return value, 0.5 * 10 ** -len(decimals or "") * size


def matches(figure: Figure, stored: Any) -> bool:
    """A text figure equals its stored text; a number rounds to the figure as shown."""
    if isinstance(stored, str):
        return figure.text == stored
    value, half_unit = shown_number(figure.text)
    expected = float(stored)
    if "percentage points" in figure.text:
        expected = abs(expected)  # the direction is in words: "above", "below"
    return math.isclose(value, expected, rel_tol=0, abs_tol=half_unit * (1 + 1e-9))


# --- the brief under test -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def essay_path(shared_data: Path) -> Path:
    return shared_data.parent / "articles" / ESSAY


@pytest.fixture(scope="module")
def html(default_db: Path, essay_path: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("brief") / "kosovo-serbia.html"
    written = brief("XKX", vs="SRB", out=out, check=essay_path, generated=GENERATED, db=default_db)
    return written.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return read_page(html)


@pytest.fixture(scope="module")
def resolver(default_db: Path, essay_path: Path) -> Iterator[Resolver]:
    essay = essay_path.read_text(encoding="utf-8")
    with Store(default_db) as store:
        yield Resolver(store, essay, check_against_store(essay, store))


# --- the rule -----------------------------------------------------------------------------------


def test_every_digit_of_the_prose_is_inside_a_figure_a_date_or_a_quotation(page: Page) -> None:
    stray = [text.strip() for text in page.prose if re.search(r"\d", text)]
    assert not stray, f"digits outside figures: {stray[:10]}"
    assert len(page.figures) > 100  # the brief does state figures


def test_every_figure_is_followed_by_its_footnote_marker(html: str, page: Page) -> None:
    pattern = re.compile(
        r'<span class="fig" data-fn="(\d+)"[^>]*>[^<]*</span><sup class="fn"><a href="#fn-(\d+)">'
    )
    pairs = pattern.findall(html)
    assert len(pairs) == len(page.figures)
    assert all(note == marker for note, marker in pairs)


def test_every_figure_and_marker_has_a_footnote(page: Page) -> None:
    numbers = {figure.note for figure in page.figures} | set(page.markers)
    assert numbers <= set(page.notes), sorted(numbers - set(page.notes))
    assert sorted(page.notes) == list(range(1, len(page.notes) + 1))
    unused = set(page.notes) - numbers
    assert not unused, f"footnotes nothing points to: {sorted(unused)}"


def test_every_figure_matches_the_stored_value_its_footnote_resolves_to(
    page: Page, resolver: Resolver
) -> None:
    wrong = []
    for figure in page.figures:
        stored = resolver.value(page.notes[figure.note].ref, figure.field)
        if not matches(figure, stored):
            wrong.append(f"{figure.text!r} (note {figure.note}, {figure.field}) vs {stored!r}")
    assert not wrong, "\n".join(wrong[:20])


def test_every_footnote_resolves_even_without_a_figure(page: Page, resolver: Resolver) -> None:
    for note in page.notes.values():
        assert resolver.value(note.ref, note.ref.get("field", "")) is not None


def test_footnotes_name_release_locator_and_digest(page: Page) -> None:
    for note in page.notes.values():
        kinds = json.dumps(note.ref)
        if '"observation"' in kinds or '"transfer"' in kinds:
            assert "release" in note.text, note.text
            assert "sha256" in note.text, note.text
            assert re.search(r"line=|sheet=", note.text), note.text
        if note.ref["kind"] == "record":
            assert "line" in note.text, note.text
            assert "http" in note.text, note.text


# --- the rest of the page -----------------------------------------------------------------------


def test_quotations_are_the_articles_own_words(page: Page, resolver: Resolver) -> None:
    assert page.quotes
    assert all(quote in resolver.essay for quote in page.quotes)


def test_times_are_dates(page: Page) -> None:
    assert page.times
    for stamp, text in page.times:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", stamp), stamp
        assert stamp[:4] in text


def test_tiv_is_labelled_tiv_and_never_money(page: Page) -> None:
    tiv = [
        figure
        for figure in page.figures
        if "tiv" in json.dumps(page.notes[figure.note].ref) and figure.field != "designation"
    ]
    amounts = [
        f for f in tiv if f.field.startswith("tiv") or page.notes[f.note].ref["key"] == "sum"
    ]
    assert amounts
    for figure in amounts:
        assert figure.text.startswith("TIV "), figure.text
        assert "$" not in figure.text
        assert "USD" not in figure.text


def test_the_page_loads_nothing_from_the_network(html: str, page: Page) -> None:
    assert not page.tags & {"script", "img", "link", "iframe", "object", "embed", "base"}
    for tag, attribute, value, where in page.links:
        if value.startswith("#"):
            continue
        assert (tag, attribute) == ("a", "href"), (tag, attribute, value)
        assert where in {"footnotes", "sources"}, (value, where)
        assert value.startswith(("https://", "http://"))
    assert "@import" not in html
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)


def test_sources_list_every_file_behind_the_footnotes(page: Page, resolver: Resolver) -> None:
    listed = {row[-1] for row in page.source_rows if row}
    table = snapshots(resolver.store)
    known = set(table["sha256"])
    cited = set()
    for note in page.notes.values():
        for ref in _leaves(note.ref):
            if ref["kind"] == "observation":
                cited.add(str(observation(resolver.store, int(ref["key"]))["sha256"].iloc[0]))
            elif ref["kind"] == "transfer":
                cited.add(ref["key"].split(":")[0])
    assert cited <= listed
    stored_files = {sha for sha in listed if sha in known}
    assert stored_files == cited  # no snapshot listed that the brief did not use


def _leaves(ref: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if ref["kind"] == "derived":
        for item in ref["inputs"]:
            yield from _leaves(item)
    else:
        yield ref


def test_the_check_section_groups_verdicts(page: Page, html: str) -> None:
    section = html[html.index('<section id="article">') :]
    section = section[: section.index("</section>")]
    assert section.index("Wrong:") < section.index("Right:") < section.index("Not checkable:")
    assert "1 billion EUR" in page.quotes  # the projection the essay gets wrong


def test_the_brief_covers_every_pillar_in_order(html: str) -> None:
    keys = re.findall(r'<section id="([a-z-]+)">', html)
    assert keys == [
        "spending",
        "rearmament",
        "force-plans",
        "industry",
        "alliances",
        "incidents",
        "article",
        "sources",
        "notes",
    ]
    charts = set(re.findall(r'<figure class="chart" id="chart-([A-Za-z_]+)">', html))
    assert {
        "spending_current",
        "share_of_gdp",
        "growth_real",
        "arms_imports_XKX",
        "arms_imports_SRB",
        "incidents_map",
        "register_timeline",
    } <= charts
