"""The curated register: hand-kept, sourced records of militarization, read from YAML and checked.

Six kinds of record (acquisitions, force plans, facilities, agreements, exercises, incidents), one
kind per YAML file: ``kind: <kind>`` and ``records: [...]``. Every record carries an id, a
confidence grade and at least one source; docs/register-format.md describes every field.

Validation is driven by the tables in _KINDS (field -> type check, required or not) plus a few
cross-field rules. A file is read whole and every problem in it is collected before one
ValidationError is raised, so a contributor fixes a file in one pass; a file with any problem
yields nothing. The YAML is composed into nodes (not loaded straight to Python) so each record and
field keeps its line number, and so a calendar-impossible date such as 2024-13-01 is reported as a
bad date instead of crashing the YAML timestamp constructor.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Final, Literal
from urllib.parse import urlsplit

import pandas as pd
import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from powderkeg.errors import FormatError, ValidationError

SOURCE_ID: Final = "curated"
BUNDLED_REGISTER: Final = Path(__file__).resolve().parents[1] / "data" / "register"

Provenance = Literal["bundled", "user"]
EntityCheck = Callable[[str], bool]

COLUMNS: Final = (
    "record_id",
    "kind",
    "date",
    "end_date",
    "entities",
    "title",
    "fields",
    "sources",
    "confidence",
    "notes",
    "provenance",
    "file",
    "line",
    "locator",
)

CONFIDENCE: Final = ("high", "medium", "low")
ARMS_CATEGORIES: Final = (
    "aircraft",
    "air defence systems",
    "armoured vehicles",
    "artillery",
    "missiles",
    "naval weapons",
    "sensors",
    "ships",
    "small arms",
    "ammunition",
    "other",
)
ACQUISITION_STATUSES: Final = ("announced", "notified", "ordered", "delivered", "cancelled")
AGREEMENT_KINDS: Final = (
    "declaration",
    "memorandum",
    "defence cooperation agreement",
    "military framework agreement",
    "defence industry agreement",
    "status of forces agreement",
    "cooperation plan",
    "partnership programme",
    "donation agreement",
)
INCIDENT_KINDS: Final = ("clash", "attack", "protest", "arrest", "border_incident", "other")

_ID_PATTERN: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ISO3_PATTERN: Final = re.compile(r"[A-Z]{3}")
_DATE_PATTERN: Final = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_YAML_SUFFIXES: Final = (".yaml", ".yml")


@dataclass(frozen=True)
class ParsedRecords:
    """The records read from one register file or folder, one row each (columns: COLUMNS)."""

    frame: pd.DataFrame
    files: tuple[str, ...]


def looks_like_entity_id(text: str) -> bool:
    """True for ISO3-shaped codes (three capital letters): the default entity check."""
    return _ISO3_PATTERN.fullmatch(text) is not None


def load_records(
    path: Path, *, is_known_entity: EntityCheck | None = None, provenance: Provenance = "bundled"
) -> ParsedRecords:
    """Read and check one register file; ValidationError lists every problem in it."""
    checked = _check_file(path, is_known_entity or looks_like_entity_id)
    _raise_if_problems(path, checked.problems)
    return ParsedRecords(frame=_frame(checked.records, provenance), files=(path.name,))


def load_register_folder(
    folder: Path, *, is_known_entity: EntityCheck | None = None, provenance: Provenance = "bundled"
) -> ParsedRecords:
    """Read every .yaml/.yml file of a folder; ids must be unique across all of them."""
    files = _register_files(folder)
    check = is_known_entity or looks_like_entity_id
    checked = [_check_file(path, check) for path in files]
    problems = [problem for one in checked for problem in one.problems]
    problems += _duplicates_across_files(checked)
    _raise_if_problems(folder, problems)
    records = [record for one in checked for record in one.records]
    return ParsedRecords(frame=_frame(records, provenance), files=tuple(p.name for p in files))


def _register_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise FormatError("the register is not a folder", path=folder)
    files = sorted(p for p in folder.iterdir() if p.suffix in _YAML_SUFFIXES and p.is_file())
    if not files:
        raise FormatError("the register folder holds no .yaml files", path=folder)
    return files


def _raise_if_problems(path: Path, problems: Sequence[_Problem]) -> None:
    if not problems:
        return
    first = problems[0]
    raise ValidationError(
        f"{len(problems)} problem(s) in the curated register; nothing was read",
        path=path,
        where=f"line {first.line}" if path.is_file() else f"{first.file}, line {first.line}",
        offenders=[str(problem) for problem in problems],
    )


# --- problems ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Problem:
    """One thing wrong in a register file, with where it stands."""

    file: str
    line: int
    record_id: str | None
    message: str

    def __str__(self) -> str:
        record = f" record {self.record_id!r}:" if self.record_id else ""
        return f"{self.file}:{self.line}:{record} {self.message}"


class _InvalidValueError(ValueError):
    """A value breaks its field's rule; the message says how."""


# --- field types --------------------------------------------------------------------------------

Check = Callable[[object, EntityCheck], object]


def _text(value: object, known: EntityCheck) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _InvalidValueError(f"expected non-empty text, got {value!r}")
    return value.strip()


def _count(value: object, known: EntityCheck) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _InvalidValueError(f"expected a whole number of 0 or more, got {value!r}")
    return value


def _amount(value: object, known: EntityCheck) -> float:
    number = _number(value)
    if not math.isfinite(number) or number < 0:
        raise _InvalidValueError(f"expected a number of 0 or more, got {value!r}")
    return number


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _InvalidValueError(f"expected a number, got {value!r}")
    return float(value)


def partial_date(value: object) -> str:
    """ISO text for YYYY, YYYY-MM or YYYY-MM-DD (text, YAML date or bare year); ValueError if not."""
    if isinstance(value, datetime):
        raise _InvalidValueError(f"expected a date without a time, got {value!r}")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    if isinstance(value, str) and (match := _DATE_PATTERN.fullmatch(value.strip())):
        _check_calendar(value, match)
        return value.strip()
    raise _InvalidValueError(f"expected a date YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")


def _check_calendar(text: str, match: re.Match[str]) -> None:
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        raise _InvalidValueError(f"bad date {text!r} (no such day)") from None


def _date(value: object, known: EntityCheck) -> str:
    return partial_date(value)


def _entity(value: object, known: EntityCheck) -> str:
    text = _text(value, known)
    if not looks_like_entity_id(text):
        raise _InvalidValueError(f"expected an entity id such as SRB or XKX, got {text!r}")
    if not known(text):
        raise _InvalidValueError(f"unknown entity {text!r}")
    return text


def _actor(value: object, known: EntityCheck) -> str:
    """An entity id or a free name (NATO, "Kosovo Police"); ISO3-shaped names must be known."""
    text = _text(value, known)
    if looks_like_entity_id(text) and not known(text):
        raise _InvalidValueError(f"unknown entity {text!r}")
    return text


def _currency(value: object, known: EntityCheck) -> str:
    text = _text(value, known)
    if not looks_like_entity_id(text):
        raise _InvalidValueError(
            f"expected an ISO 4217 currency code such as USD or EUR, got {text!r}"
        )
    return text


def _url(value: object, known: EntityCheck) -> str:
    text = _text(value, known)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _InvalidValueError(f"expected an http(s) address, got {text!r}")
    return text


def _coordinates(value: object, known: EntityCheck) -> list[float]:
    if not isinstance(value, list) or len(value) != 2:
        raise _InvalidValueError(f"expected [latitude, longitude], got {value!r}")
    lat, lon = (_number(part) for part in value)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _InvalidValueError(f"coordinates out of range: {value!r}")
    return [lat, lon]


def _choice(*allowed: str) -> Check:
    def check(value: object, known: EntityCheck) -> str:
        if value not in allowed:
            raise _InvalidValueError(f"expected one of {', '.join(allowed)}; got {value!r}")
        return str(value)

    return check


def _list_of(item: Check, *, at_least: int = 1) -> Check:
    def check(value: object, known: EntityCheck) -> list[object]:
        if not isinstance(value, list) or len(value) < at_least:
            raise _InvalidValueError(
                f"expected a list of at least {at_least} item(s), got {value!r}"
            )
        return [item(part, known) for part in value]

    return check


def _status_dates(value: object, known: EntityCheck) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise _InvalidValueError(f"expected a mapping status -> date, got {value!r}")
    unknown = [str(key) for key in value if key not in ACQUISITION_STATUSES]
    if unknown:
        raise _InvalidValueError(f"unknown status {', '.join(unknown)} in dates")
    return {str(key): partial_date(when) for key, when in value.items()}


# --- kinds --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """How one field of a record is checked; ``names_entities`` feeds the entities column."""

    check: Check
    required: bool = False
    names_entities: bool = False


Rule = Callable[[Mapping[str, object]], list[str]]


@dataclass(frozen=True)
class KindSpec:
    """The fields of one kind of record, its cross-field rules, title and timeline dates.

    The record's date is the first present field of ``date_from`` (the earliest value if it is a
    status -> date mapping); its end date the last present field of ``end_from`` (the latest).
    """

    fields: Mapping[str, FieldSpec]
    title: Callable[[Mapping[str, object]], str]
    date_from: tuple[str, ...]
    end_from: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()


def _needs(field_name: str, *, when: str) -> Rule:
    def rule(fields: Mapping[str, object]) -> list[str]:
        if when in fields and field_name not in fields:
            return [f"field {when!r} needs field {field_name!r}"]
        return []

    return rule


def _one_of(*names: str) -> Rule:
    def rule(fields: Mapping[str, object]) -> list[str]:
        if not any(name in fields for name in names):
            return [f"needs at least one of the fields {', '.join(names)}"]
        return []

    return rule


def _status_is_dated(fields: Mapping[str, object]) -> list[str]:
    status, dates = fields.get("status"), fields.get("dates")
    if isinstance(dates, dict) and status is not None and status not in dates:
        return [f"status {status!r} has no date in 'dates'"]
    return []


def _enough_parties(fields: Mapping[str, object]) -> list[str]:
    parties = fields.get("parties")
    if not isinstance(parties, list):
        return []
    least = 1 if fields.get("kind") == "declaration" else 2
    if len(parties) < least:
        return [f"a {fields.get('kind')} needs at least {least} parties"]
    return []


REQUIRED = True
_TEXT = FieldSpec(_text)
_DATE = FieldSpec(_date)
_COUNT = FieldSpec(_count)
_REQUIRED_DATE = FieldSpec(_date, REQUIRED)
_REQUIRED_ENTITY = FieldSpec(_entity, REQUIRED, names_entities=True)
_ACTORS = FieldSpec(_list_of(_actor), REQUIRED, names_entities=True)

_ACQUISITIONS = KindSpec(
    fields={
        "recipient": _REQUIRED_ENTITY,
        "supplier": _REQUIRED_ENTITY,
        "system": FieldSpec(_text, REQUIRED),
        "category": FieldSpec(_choice(*ARMS_CATEGORIES), REQUIRED),
        "status": FieldSpec(_choice(*ACQUISITION_STATUSES), REQUIRED),
        "dates": FieldSpec(_status_dates, REQUIRED),
        "quantity": _COUNT,
        "value": FieldSpec(_amount),
        "currency": FieldSpec(_currency),
        "value_basis": _TEXT,
        "transfer": FieldSpec(_choice("purchase", "donation", "mixed")),
        "manufacturer": _TEXT,
    },
    title=lambda f: _acquisition_title(f),
    date_from=("dates",),
    end_from=("dates",),
    rules=(_needs("currency", when="value"), _needs("value", when="currency"), _status_is_dated),
)

_FORCE_PLANS = KindSpec(
    fields={
        "entity": _REQUIRED_ENTITY,
        "force": FieldSpec(_text, REQUIRED),
        "legal_basis": FieldSpec(_text, REQUIRED),
        "status": FieldSpec(
            _choice("planned", "legislated", "in_progress", "achieved", "abandoned"), REQUIRED
        ),
        "start_date": _REQUIRED_DATE,
        "target_date": _DATE,
        "target_active": _COUNT,
        "target_reserve": _COUNT,
        "annual_intake": _COUNT,
        "service_days": _COUNT,
    },
    title=lambda f: _force_plan_title(f),
    date_from=("start_date",),
    end_from=("target_date",),
    rules=(_one_of("target_active", "target_reserve", "annual_intake", "service_days"),),
)

_FACILITIES = KindSpec(
    fields={
        "name": FieldSpec(_text, REQUIRED),
        "entity": _REQUIRED_ENTITY,
        "place": FieldSpec(_text, REQUIRED),
        "owner": FieldSpec(_text, REQUIRED),
        "product": FieldSpec(_text, REQUIRED),
        "coordinates": FieldSpec(_coordinates),
        "partner": FieldSpec(_actor, names_entities=True),
        "capacity": FieldSpec(_amount),
        "capacity_unit": _TEXT,
        "announced_date": _DATE,
        "contract_date": _DATE,
        "start_date": _DATE,
        "start_status": FieldSpec(_choice("expected", "actual")),
    },
    title=lambda f: _facility_title(f),
    date_from=("announced_date", "contract_date", "start_date"),
    end_from=("start_date",),
    rules=(
        _needs("capacity_unit", when="capacity"),
        _needs("capacity", when="capacity_unit"),
        _needs("start_status", when="start_date"),
        _needs("start_date", when="start_status"),
        _one_of("announced_date", "contract_date", "start_date"),
    ),
)

_AGREEMENTS = KindSpec(
    fields={
        "parties": _ACTORS,
        "kind": FieldSpec(_choice(*AGREEMENT_KINDS), REQUIRED),
        "title": FieldSpec(_text, REQUIRED),
        "date": _REQUIRED_DATE,
        "place": _TEXT,
        "scope": FieldSpec(_list_of(_text)),
    },
    title=lambda f: _agreement_title(f),
    date_from=("date",),
    rules=(_enough_parties,),
)

_EXERCISES = KindSpec(
    fields={
        "name": FieldSpec(_text, REQUIRED),
        "participants": _ACTORS,
        "withdrawn": FieldSpec(_list_of(_actor), names_entities=True),
        "host": _REQUIRED_ENTITY,
        "start": _REQUIRED_DATE,
        "end": _REQUIRED_DATE,
        "location": FieldSpec(_text, REQUIRED),
        "description": FieldSpec(_text, REQUIRED),
        "size": _COUNT,
    },
    title=lambda f: _exercise_title(f),
    date_from=("start",),
    end_from=("end",),
)

_INCIDENTS = KindSpec(
    fields={
        "date": _REQUIRED_DATE,
        "place": FieldSpec(_text, REQUIRED),
        "coordinates": FieldSpec(_coordinates, REQUIRED),
        "entity": _REQUIRED_ENTITY,
        "actors": _ACTORS,
        "kind": FieldSpec(_choice(*INCIDENT_KINDS), REQUIRED),
        "description": FieldSpec(_text, REQUIRED),
        "end_date": _DATE,
        "killed": _COUNT,
        "injured": _COUNT,
    },
    title=lambda f: _incident_title(f),
    date_from=("date",),
    end_from=("end_date",),
)

KINDS: Final[Mapping[str, KindSpec]] = {
    "acquisitions": _ACQUISITIONS,
    "force_plans": _FORCE_PLANS,
    "facilities": _FACILITIES,
    "agreements": _AGREEMENTS,
    "exercises": _EXERCISES,
    "incidents": _INCIDENTS,
}

# Every record, whatever its kind, has these (and "sources", checked by _check_sources).
COMMON_FIELDS: Final[Mapping[str, FieldSpec]] = {
    "id": FieldSpec(_text, REQUIRED),
    "confidence": FieldSpec(_choice(*CONFIDENCE), REQUIRED),
    "notes": _TEXT,
}
SOURCE_FIELDS: Final[Mapping[str, FieldSpec]] = {
    "url": FieldSpec(_url, REQUIRED),
    "publisher": FieldSpec(_text, REQUIRED),
    "date": FieldSpec(_date, REQUIRED),  # publication date, as precise as the page shows it
    "title": _TEXT,
}
_FILE_KEYS: Final = ("kind", "records")


# --- titles -------------------------------------------------------------------------------------


def money(value: float, currency: str) -> str:
    """Short money text: 75000000 USD -> 'USD 75 M', 2.7e9 EUR -> 'EUR 2.7 bn'."""
    for scale, word in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if value >= scale:
            return f"{currency} {value / scale:.4g} {word}"
    return f"{currency} {value:.4g}"


def _acquisition_title(f: Mapping[str, object]) -> str:
    quantity = f"{f['quantity']} " if "quantity" in f else ""
    status, dates = str(f["status"]), f["dates"]
    when = dates.get(status) if isinstance(dates, dict) else None
    facts = [f"{status} {when}" if when else status]
    if "value" in f:
        facts.append(money(_number(f["value"]), str(f["currency"])))
    return f"{quantity}{f['system']} from {f['supplier']} ({', '.join(facts)})"


def _force_plan_title(f: Mapping[str, object]) -> str:
    labels = (
        ("target_active", "{:,} active"),
        ("target_reserve", "{:,} reserve"),
        ("service_days", "{}-day service"),
        ("annual_intake", "{:,} a year"),
    )
    targets = [label.format(f[name]) for name, label in labels if name in f]
    by = f" by {f['target_date']}" if "target_date" in f else ""
    return f"{f['force']}: {' + '.join(targets)}{by} ({f['status']})"


def _facility_title(f: Mapping[str, object]) -> str:
    text = f"{f['name']}, {f['place']}: {f['product']}"
    if "capacity" in f:
        text += f", {_number(f['capacity']):,.0f} {f['capacity_unit']}"
    if "start_date" in f:
        text += f" ({f['start_status']} start {f['start_date']})"
    return text


def _agreement_title(f: Mapping[str, object]) -> str:
    parties = ", ".join(str(party) for party in _items(f["parties"]))
    where = f", {f['place']}" if "place" in f else ""
    return f"{f['title']} ({parties}{where}, {f['date']})"


def _exercise_title(f: Mapping[str, object]) -> str:
    size = f", {f['size']:,} personnel" if "size" in f else ""
    span = f["start"] if f["start"] == f["end"] else f"{f['start']} to {f['end']}"
    return f"{f['name']} ({f['location']}, {span}{size})"


def _incident_title(f: Mapping[str, object]) -> str:
    toll = [f"{f[name]} {name}" for name in ("killed", "injured") if name in f]
    tail = f": {', '.join(toll)}" if toll else ""
    return f"{str(f['kind']).replace('_', ' ').capitalize()} at {f['place']}, {f['date']}{tail}"


def _items(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else [value]


# --- reading YAML into nodes --------------------------------------------------------------------


@dataclass
class _RawRecord:
    """One record as written: plain values, its start line and the line of each key."""

    values: dict[str, object]
    line: int
    key_lines: dict[str, int]


@dataclass
class _RawFile:
    kind: object
    kind_line: int
    records: list[_RawRecord]
    problems: list[_Problem] = field(default_factory=list)


def _compose(path: Path) -> yaml.Node:
    try:
        text = path.read_text("utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except OSError as exc:
        raise FormatError(f"cannot read the file: {exc.strerror}", path=path) from exc
    except UnicodeDecodeError as exc:
        raise FormatError("the file is not UTF-8 text", path=path) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        raise FormatError(f"malformed YAML: {exc.problem}", path=path, where=where) from exc
    except yaml.YAMLError as exc:
        raise FormatError(f"malformed YAML: {exc}", path=path) from exc
    if node is None:
        raise FormatError("the file is empty", path=path)
    return node


class _NodeReader:
    """Turns composed YAML nodes into plain values, noting duplicate keys as problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.constructor = SafeConstructor()
        self.problems: list[_Problem] = []

    def plain(self, node: yaml.Node) -> object:
        if isinstance(node, yaml.MappingNode):
            return {key: self.plain(value) for key, (value, _) in self.mapping(node).items()}
        if isinstance(node, yaml.SequenceNode):
            return [self.plain(item) for item in node.value]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> object:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, TypeError):
            # e.g. an unquoted 2024-13-01: keep the text so the date check can name it.
            return node.value

    def mapping(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, int]]:
        found: dict[str, tuple[yaml.Node, int]] = {}
        for key_node, value_node in node.value:
            key, line = str(self.scalar(key_node)), key_node.start_mark.line + 1
            if key in found:
                first = found[key][1]
                self.note(line, None, f"key {key!r} appears twice (first at line {first})")
            found[key] = (value_node, line)
        return found

    def note(self, line: int, record_id: str | None, message: str) -> None:
        self.problems.append(_Problem(self.file, line, record_id, message))


def _read_raw(path: Path) -> _RawFile:
    root = _compose(path)
    reader = _NodeReader(path.name)
    if not isinstance(root, yaml.MappingNode):
        raise FormatError("expected a mapping with 'kind' and 'records'", path=path, where="line 1")
    top = reader.mapping(root)
    for key, (_, line) in top.items():
        if key not in _FILE_KEYS:
            reader.note(line, None, f"unknown top-level key {key!r}{_suggest(key, _FILE_KEYS)}")
    records_node = _records_node(path, top)
    kind_node, kind_line = top.get("kind", (None, 1))
    raw = _RawFile(
        kind=reader.plain(kind_node) if kind_node is not None else None,
        kind_line=kind_line,
        records=[_raw_record(reader, node) for node in records_node.value],
    )
    raw.problems = reader.problems
    return raw


def _records_node(path: Path, top: Mapping[str, tuple[yaml.Node, int]]) -> yaml.SequenceNode:
    if "records" not in top:
        raise FormatError("no 'records' list", path=path)
    node, line = top["records"]
    if not isinstance(node, yaml.SequenceNode):
        raise FormatError("'records' must be a list", path=path, where=f"line {line}")
    return node


def _raw_record(reader: _NodeReader, node: yaml.Node) -> _RawRecord:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        reader.note(line, None, "a record must be a mapping of fields")
        return _RawRecord({}, line, {})
    pairs = reader.mapping(node)
    return _RawRecord(
        values={key: reader.plain(value) for key, (value, _) in pairs.items()},
        line=line,
        key_lines={key: key_line for key, (_, key_line) in pairs.items()},
    )


# --- checking -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Record:
    """A record that passed every check."""

    record_id: str
    kind: str
    fields: dict[str, object]
    sources: list[dict[str, object]]
    confidence: str
    notes: str | None
    file: str
    line: int


@dataclass
class _CheckedFile:
    records: list[_Record]
    problems: list[_Problem]


def _check_file(path: Path, known: EntityCheck) -> _CheckedFile:
    raw = _read_raw(path)
    problems = list(raw.problems)
    if not isinstance(raw.kind, str) or raw.kind not in KINDS:
        expected = ", ".join(KINDS)
        message = f"unknown kind {raw.kind!r}; expected one of {expected}"
        problems.append(_Problem(path.name, raw.kind_line, None, message))
        return _CheckedFile([], problems)
    kind = str(raw.kind)
    checked = [_check_record(path.name, kind, record, known) for record in raw.records]
    records = [record for record, found in checked if not found]
    problems += [problem for _, found in checked for problem in found]
    problems += _duplicates_within(path.name, [record for record, _ in checked if record.record_id])
    problems.sort(key=lambda problem: problem.line)
    return _CheckedFile(records if not problems else [], problems)


def _check_record(
    file: str, kind: str, raw: _RawRecord, known: EntityCheck
) -> tuple[_Record, list[_Problem]]:
    spec = KINDS[kind]
    record_id = _record_id(raw)
    found: list[_Problem] = []

    def note(key: str | None, message: str) -> None:
        line = raw.key_lines.get(key, raw.line) if key else raw.line
        found.append(_Problem(file, line, record_id, message))

    allowed = {**COMMON_FIELDS, **spec.fields}
    for key in raw.values:
        if key == "sources":
            continue
        if key not in allowed:
            note(key, f"unknown field {key!r}{_suggest(key, [*allowed, 'sources'])}")
    values = _check_fields(raw.values, allowed, note, known)
    for message in _rule_problems(spec, values):
        note(None, message)
    sources = _check_sources(raw.values.get("sources"), note, known)
    notes = values.get("notes")
    record = _Record(
        record_id=record_id or "",
        kind=kind,
        fields={key: value for key, value in values.items() if key in spec.fields},
        sources=sources,
        confidence=str(values.get("confidence", "")),
        notes=notes if isinstance(notes, str) else None,
        file=file,
        line=raw.line,
    )
    return record, found


def _record_id(raw: _RawRecord) -> str | None:
    value = raw.values.get("id")
    return value if isinstance(value, str) else None


Note = Callable[[str | None, str], None]


def _check_fields(
    values: Mapping[str, object], specs: Mapping[str, FieldSpec], note: Note, known: EntityCheck
) -> dict[str, object]:
    checked: dict[str, object] = {}
    for name, spec in specs.items():
        if name not in values or values[name] is None:
            if spec.required:
                note(None, f"missing required field {name!r}")
            continue
        try:
            checked[name] = spec.check(values[name], known)
        except _InvalidValueError as exc:
            note(name, f"field {name!r}: {exc}")
    if "id" in checked and not _ID_PATTERN.fullmatch(str(checked["id"])):
        note("id", f"id {checked['id']!r} must be kebab-case (a-z, 0-9, single hyphens)")
    return checked


def _rule_problems(spec: KindSpec, values: Mapping[str, object]) -> list[str]:
    kind_values = {key: value for key, value in values.items() if key in spec.fields}
    return [message for rule in spec.rules for message in rule(kind_values)]


def _check_sources(value: object, note: Note, known: EntityCheck) -> list[dict[str, object]]:
    if value is None:
        note(None, "missing required field 'sources'")
        return []
    if not isinstance(value, list) or not value:
        note("sources", "field 'sources': expected a list of at least one source")
        return []
    sources: list[dict[str, object]] = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            note("sources", f"source {number}: expected a mapping with url, publisher, date")
            continue
        sources.append(_check_source(number, item, note, known))
    return sources


def _check_source(
    number: int, item: Mapping[str, object], note: Note, known: EntityCheck
) -> dict[str, object]:
    def note_source(key: str | None, message: str) -> None:
        note("sources", f"source {number}: {message}")

    for key in item:
        if key not in SOURCE_FIELDS:
            note_source(None, f"unknown field {key!r}{_suggest(str(key), SOURCE_FIELDS)}")
    return _check_fields(item, SOURCE_FIELDS, note_source, known)


def _duplicates_within(file: str, records: Iterable[_Record]) -> list[_Problem]:
    first_line: dict[str, int] = {}
    problems: list[_Problem] = []
    for record in records:
        if record.record_id in first_line:
            message = f"duplicate id (first at line {first_line[record.record_id]})"
            problems.append(_Problem(file, record.line, record.record_id, message))
        else:
            first_line[record.record_id] = record.line
    return problems


def _duplicates_across_files(checked: Sequence[_CheckedFile]) -> list[_Problem]:
    first: dict[str, _Record] = {}
    problems: list[_Problem] = []
    for record in (record for one in checked for record in one.records):
        earlier = first.setdefault(record.record_id, record)
        if earlier is not record and earlier.file != record.file:
            message = f"duplicate id (also in {earlier.file} at line {earlier.line})"
            problems.append(_Problem(record.file, record.line, record.record_id, message))
    return problems


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --- the frame ----------------------------------------------------------------------------------


def _frame(records: Sequence[_Record], provenance: Provenance) -> pd.DataFrame:
    rows = [_row(record, provenance) for record in records]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    text_columns = ["record_id", "kind", "date", "end_date", "title", "confidence", "notes"]
    text_columns += ["provenance", "file", "locator"]
    return frame.astype({**dict.fromkeys(text_columns, "string"), "line": "int64"})


def _row(record: _Record, provenance: Provenance) -> dict[str, object]:
    spec = KINDS[record.kind]
    start, end = _timeline(record.fields, spec)
    return {
        "record_id": record.record_id,
        "kind": record.kind,
        "date": start,
        "end_date": end if end != start else None,
        "entities": _entities(record.fields, spec),
        "title": spec.title(record.fields),
        "fields": record.fields,
        "sources": record.sources,
        "confidence": record.confidence,
        "notes": record.notes,
        "provenance": provenance,
        "file": record.file,
        "line": record.line,
        "locator": f"{record.file}:line={record.line};id={record.record_id}",
    }


def _timeline(fields: Mapping[str, object], spec: KindSpec) -> tuple[str, str | None]:
    """The record's date and end date (see KindSpec); partial dates sort before fuller ones."""
    starts = [_sorted_dates(fields[name]) for name in spec.date_from if name in fields]
    ends = [_sorted_dates(fields[name]) for name in spec.end_from if name in fields]
    return starts[0][0], (ends[-1][-1] if ends else None)


def _sorted_dates(value: object) -> list[str]:
    return sorted(str(when) for when in (value.values() if isinstance(value, dict) else [value]))


def _entities(fields: Mapping[str, object], spec: KindSpec) -> list[str]:
    """Entity ids the record involves, in field order, each once (free names are left out)."""
    found: list[str] = []
    for name, value in fields.items():
        if not spec.fields[name].names_entities:
            continue
        for item in _items(value):
            if isinstance(item, str) and looks_like_entity_id(item) and item not in found:
                found.append(item)
    return found
