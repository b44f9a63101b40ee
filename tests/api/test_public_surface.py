"""The public API is one sorted `__all__`, complete, and every name in it resolves."""

from __future__ import annotations

import inspect

import powderkeg
from powderkeg import api


def test_every_public_api_function_is_exported() -> None:
    public = {
        name
        for name, value in vars(api).items()
        if inspect.isfunction(value)
        and value.__module__ == api.__name__
        and not name.startswith("_")
    }
    missing = public - set(powderkeg.__all__) - {"opened", "entity_ids"}
    assert not missing, f"add to powderkeg.__all__: {sorted(missing)}"


def test_every_exported_name_resolves_and_is_documented() -> None:
    for name in powderkeg.__all__:
        value = getattr(powderkeg, name)
        assert value.__doc__, f"{name} has no docstring"


def test_unknown_attribute_is_an_attribute_error() -> None:
    assert not hasattr(powderkeg, "no_such_function")
