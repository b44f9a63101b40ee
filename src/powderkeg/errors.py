"""The exceptions powderkeg raises, all under one root.

    PowderkegError                 anything powderkeg raises on purpose
    ├── InputError                 a file or text given to powderkeg is not what it claims (exit 2)
    │   ├── FormatError            wrong format: truncated, HTML instead of data, wrong sheets/columns
    │   ├── ValidationError        right format, bad values (out of range, duplicates, bad dates)
    │   └── UnmappedEntityError    names the entity crosswalk does not know (all listed at once)
    ├── QueryError                 a question the store cannot answer (unknown entity, measure, vintage)
    ├── FetchError                 a download failed or returned something that is not the data
    └── StoreError                 the store itself is unusable (locked, newer schema, corrupt)

Every InputError names the file, where in it (sheet/line/column) and the offending values, so the CLI
can print one clear message and exit 2 without a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class PowderkegError(Exception):
    """Root of every error powderkeg raises on purpose."""

    exit_code = 1


class InputError(PowderkegError):
    """A file or text handed to powderkeg is not usable; nothing was written."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        where: str | None = None,
        offenders: Sequence[str] = (),
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.where = where
        self.offenders = list(offenders)
        super().__init__(self.describe())

    def describe(self) -> str:
        head = ": ".join(part for part in (self.path, self.where) if part)
        text = f"{head}: {self.message}" if head else self.message
        if self.offenders:
            shown = self.offenders[:20]
            more = len(self.offenders) - len(shown)
            text += "\n  " + "\n  ".join(shown)
            if more:
                text += f"\n  … and {more} more"
        return text


class FormatError(InputError):
    """The input is not in the expected format."""


class ValidationError(InputError):
    """The input parses but some values are wrong."""


class UnmappedEntityError(InputError):
    """The input names entities that the crosswalk does not know."""


class QueryError(PowderkegError):
    """The store cannot answer the question as asked."""

    exit_code = 2


class FetchError(PowderkegError):
    """A download failed, or returned something other than the expected data."""

    exit_code = 3


class StoreError(PowderkegError):
    """The store is unusable (locked by another process, corrupt, or from a newer powderkeg)."""
