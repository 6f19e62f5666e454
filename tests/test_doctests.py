"""The Examples in the docstrings run (numpydoc style), and the public API has them."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest



def _modules():
    # the sub-packages live in their own folders (graph/, loaders/): walk each of them
    out, todo = set(), ["diplograph", "diplograph.graph", "diplograph.loaders"]
    while todo:
        pkg = importlib.import_module(todo.pop())
        out.add(pkg.__name__)
        for info in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + "."):
            if ".cli" in info.name or info.name.endswith("__main__") or info.name in out:
                continue
            (todo.append if info.ispkg else out.add)(info.name)
    return sorted(out)


MODULES = _modules()


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    res = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                          verbose=False, report=True)
    assert res.failed == 0, f"{name}: {res.failed} of {res.attempted} examples failed"


# The public API an analyst calls from a notebook: each needs a runnable example.
PUBLIC = ["diplograph.graph.model", "diplograph.graph.names", "diplograph.graph.event_types",
          "diplograph.graph.records", "diplograph.graph.resolve", "diplograph.graph.analytics.centrality",
          "diplograph.graph.analytics.blocs", "diplograph.graph.analytics.timeline",
          "diplograph.loaders.extract", "diplograph.loaders.language", "diplograph.app", "diplograph.resources"]


@pytest.mark.parametrize("name", PUBLIC)
def test_public_modules_have_examples(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder()
    examples = sum(len(t.examples) for t in finder.find(module))
    assert examples > 0, f"{name} has no docstring Examples"
