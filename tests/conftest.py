"""Shared fixtures: paths to the sample articles and gold, the curated graph."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "eval" / "seeds.gold.jsonl"
GOLD_ENTITIES = SHARED / "eval" / "seeds.entities.json"


@pytest.fixture(scope="session")
def gazetteer():
    from loaders.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def curated():
    from loaders.curated import load_curated

    return load_curated()


@pytest.fixture(scope="session")
def curated_graph(curated, gazetteer):
    from graph.build import build_graph
    from loaders.pipeline import collect_entities

    ents = collect_entities(curated.events, curated.entities)
    return build_graph(curated.events, ents, gazetteer, curated.articles)
