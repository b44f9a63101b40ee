"""Results computed from the store, remembered while the store's data stay the same.

Checking many articles asks the same questions (Kosovo's current US$, the year's exchange rates)
again and again; the answers change only when a load changes the store, which `data_version` tells.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from powderkeg.store import Store

T = TypeVar("T")
_MEMO: dict[Hashable, object] = {}
_LIMIT = 512


def remembered(store: Store, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per (store file, data version, key); recomputed after any load."""
    full = (str(store.path), store.data_version(), key)
    if full not in _MEMO:
        if len(_MEMO) >= _LIMIT:
            _MEMO.clear()
        _MEMO[full] = compute()
    return _MEMO[full]  # type: ignore[return-value]
