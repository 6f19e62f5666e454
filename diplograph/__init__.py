"""diplograph: a graph of diplomatic contact built from news.

One import name; the repository's top-level folders are its sub-packages:
``diplograph.graph`` (graph/), ``diplograph.loaders`` (loaders/),
``diplograph.cypher`` (cypher/, the query library) and ``diplograph.data``
(data/, the shipped gazetteer and curated facts).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("diplograph")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
