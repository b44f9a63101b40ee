"""The public API is one sorted `__all__`, complete, and every name in it resolves."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import powderkeg
from powderkeg import api


def test_every_public_api_function_is_exported() -> None:
    modules = [
        importlib.import_module(f"powderkeg.api.{info.name}")
        for info in pkgutil.iter_modules(api.__path__)
    ]
    public = {
        name
        for module in modules
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and value.__module__ == module.__name__
        and not name.startswith("_")
    }
    missing = public - set(api.__all__)
    assert not missing, f"add to powderkeg.api.__all__: {sorted(missing)}"
    hidden = set(api.__all__) - set(powderkeg.__all__) - {"opened", "entity_ids"}
    assert not hidden, f"add to powderkeg.__all__: {sorted(hidden)}"


def test_every_exported_name_resolves_and_is_documented() -> None:
    for name in powderkeg.__all__:
        value = getattr(powderkeg, name)
        assert value.__doc__, f"{name} has no docstring"


def test_unknown_attribute_is_an_attribute_error() -> None:
    assert not hasattr(powderkeg, "no_such_function")


def test_no_public_name_is_shadowed_by_a_subpackage() -> None:
    # `import powderkeg.sources` would set powderkeg.sources to the module, hiding a function.
    package = Path(powderkeg.__file__).parent
    clashes = [
        n for n in powderkeg.__all__ if (package / n).exists() or (package / f"{n}.py").exists()
    ]
    assert not clashes
