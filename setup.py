"""Package layout: one import name, ``diplograph``, over the repository's folders.

The repository keeps the requested top-level folders; each becomes a sub-package:

    diplograph/   -> diplograph            (CLI, application layer, errors)
    graph/        -> diplograph.graph      (model, records, analytics, views)
    loaders/      -> diplograph.loaders    (all I/O: files, extraction, Neo4j)
    cypher/       -> diplograph.cypher     (query library, package data)
    data/         -> diplograph.data       (gazetteer, curated facts, package data)

Sub-packages are discovered (every folder with an ``__init__.py``), never listed by hand.
Everything else (metadata, dependencies) is in pyproject.toml.
"""

from setuptools import find_namespace_packages, find_packages, setup

FOLDERS = ("graph", "loaders", "cypher", "data")

package_dir = {"diplograph": "diplograph"}
packages = find_packages(include=["diplograph", "diplograph.*"])
for folder in FOLDERS:
    root = f"diplograph.{folder}"
    package_dir[root] = folder
    # namespace discovery: data-only folders (data/gazetteer, cypher/queries) count too
    found = find_namespace_packages(folder, exclude=["*__pycache__*"])
    packages += [root] + [f"{root}.{p}" for p in found]

setup(
    package_dir=package_dir,
    packages=packages,
    # data files in any package folder: the query library, the gazetteer and lexicons,
    # the curated facts, the HTML template
    package_data={"": ["*.cypher", "*.jsonl", "*.json", "*.yaml", "*.tsv", "*.csv", "*.j2",
                       "README.md"]},
)
