"""Where the shipped files are: the query library and the data, read as package data.

They live in the repository's ``cypher/`` and ``data/`` folders and ship inside the
wheel as ``diplograph.cypher`` and ``diplograph.data``; ``importlib.resources`` finds
them in a checkout and in an installed wheel alike.

Examples
--------
>>> (data_dir() / "gazetteer" / "states.jsonl").is_file()
True
>>> (cypher_dir() / "schema.cypher").is_file()
True
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["data_dir", "cypher_dir"]


def _path(package: str) -> Path:
    # A wheel installs into a real folder, so the traversable is a path on disk.
    return Path(str(files(package)))


def data_dir() -> Path:
    """The shipped data folder (gazetteer/, curated/)."""
    return _path("diplograph.data")


def cypher_dir() -> Path:
    """The shipped Cypher folder (schema.cypher, queries/)."""
    return _path("diplograph.cypher")
