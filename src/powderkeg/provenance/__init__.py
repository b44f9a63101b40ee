"""Where a value came from: snapshots of raw files, locators inside them, lineage of derived values.

This package imports nothing else from powderkeg, so every layer can use it.
"""

from powderkeg.provenance.digest import file_digest
from powderkeg.provenance.snapshot import Snapshot, SourceCard

__all__ = ["Snapshot", "SourceCard", "file_digest"]
