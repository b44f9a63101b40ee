"""The layers show in the imports: lower layers never import higher ones; only store talks to DuckDB."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "powderkeg"

# Lower number = lower layer. A module may import powderkeg modules of its own layer or below.
LAYERS = {
    "errors": 0,
    "provenance": 0,
    "entities": 1,
    "geo": 1,
    "sources": 2,
    "money": 2,
    "store": 3,
    "pipeline": 4,
    "bundle": 4,
    "indicators": 5,
    "claims": 6,
    "register": 6,
    "events": 6,
    "reports": 7,
    "api": 8,
    "__init__": 8,
    "web": 9,
    "cli": 9,
}
# The front ends see only the public API (and the error types it raises).
FRONT_ENDS = {"web", "cli"}
PUBLIC = {"powderkeg", "powderkeg.api", "powderkeg.errors"}


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _top(path: Path) -> str:
    relative = path.relative_to(SRC)
    return relative.parts[0].removesuffix(".py")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


def test_every_top_level_module_has_a_layer() -> None:
    tops = {_top(path) for path in _modules()}
    assert tops <= set(LAYERS), f"give these a layer: {sorted(tops - set(LAYERS))}"


def test_no_module_imports_a_higher_layer() -> None:
    breaches = []
    for path in _modules():
        own = _top(path)
        for name in _imports(path):
            if not name.startswith("powderkeg.") or name == "powderkeg":
                continue
            target = name.split(".")[1]
            if LAYERS.get(target, 99) > LAYERS[own]:
                breaches.append(f"{path.relative_to(SRC)} imports {name}")
    assert not breaches, "\n".join(breaches)


def test_front_ends_call_only_the_public_api() -> None:
    breaches = []
    for path in _modules():
        own = _top(path)
        if own not in FRONT_ENDS:
            continue
        for name in _imports(path):
            if not name.startswith("powderkeg"):
                continue
            if name in PUBLIC or name.startswith(("powderkeg.api.", f"powderkeg.{own}")):
                continue
            breaches.append(f"{path.relative_to(SRC)} imports {name}")
    assert not breaches, "\n".join(breaches)


def test_only_the_store_imports_duckdb() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in _modules()
        if _top(path) != "store" and any(n.split(".")[0] == "duckdb" for n in _imports(path))
    ]
    assert not offenders
